package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Show the history of an image: it and its parents, newest first (default: HEAD, the checked-out image).",
                "With -t: the tree of all images of the repository (it need not be checked out).",
                "With -r REMOTE: the repository's images on that registry.",
                "Each line: short hash, creation time (UTC), tags, comment."})
final class LogCommand extends EngineCommand {
    /** As Splitgraph's format_time: seconds always shown. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Parameters(paramLabel = "REPOSITORY[:IMAGE_OR_TAG]", description = "the image to start from (default HEAD)")
    String repository;

    @Option(names = {"-t", "--tree"}, description = "all images as a tree")
    boolean tree;

    @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE",
            description = "the repository on this registry ([remote: NAME] of .sgconfig); default image latest (a registry has no HEAD)")
    String remote;

    @Override
    void execute() throws Exception {
        if (remote != null) {
            Repository.Ref ref = Repository.Ref.parse(repository, "latest");
            Repository r = ref.repository();
            try (Connection rc = root().config().remote(remote).connect()) {
                RegistryClient registry = new RegistryClient(rc);
                List<MetaStore.Image> images = registry.images(r);
                if (images.isEmpty()) {
                    throw new SgrException("repository " + r + " does not exist on registry " + remote + " (or you may not read it)",
                            "check the name with 'sgr cloud search', or log in with 'sgr cloud login'");
                }
                print(images, registry.tags(r), Optional.empty(), tree ? null : registry.resolve(r, ref.ref()));
            }
            return;
        }
        Repository.Ref ref = Repository.Ref.parse(repository, "HEAD");
        Repository r = ref.repository();
        try (Connection c = connect()) {
            MetaStore meta = new MetaStore(c);
            meta.requireExists(r);
            print(meta.images(r), meta.tags(r), meta.head(r), tree ? null : meta.resolve(r, ref.ref()));
        }
    }

    /** The tree of all images ({@code start} null), else {@code start} and its parents, newest first. */
    private void print(List<MetaStore.Image> images, Map<String, String> tags, Optional<String> head, String start) {
        Map<String, MetaStore.Image> byHash = images.stream().collect(Collectors.toMap(MetaStore.Image::hash, i -> i));
        Map<String, List<String>> tagsByImage = new LinkedHashMap<>();
        tags.forEach((tag, img) -> tagsByImage.computeIfAbsent(img, k -> new ArrayList<>()).add(tag));
        head.ifPresent(h -> tagsByImage.computeIfAbsent(h, k -> new ArrayList<>()).add(0, "HEAD"));
        if (start == null) {
            Map<String, List<MetaStore.Image>> children = new LinkedHashMap<>();
            List<MetaStore.Image> roots = new ArrayList<>();
            for (MetaStore.Image i : images) {
                if (i.parentId() == null || !byHash.containsKey(i.parentId())) {
                    roots.add(i);
                } else {
                    children.computeIfAbsent(i.parentId(), k -> new ArrayList<>()).add(i);
                }
            }
            for (MetaStore.Image root : roots) {
                printTree(root, "", true, true, children, tagsByImage);
            }
            return;
        }
        String at = start;
        while (at != null && byHash.containsKey(at)) {
            MetaStore.Image i = byHash.get(at);
            out().println(line(i, tagsByImage));
            at = i.parentId();
        }
    }

    private void printTree(MetaStore.Image i, String prefix, boolean last, boolean root,
                           Map<String, List<MetaStore.Image>> children, Map<String, List<String>> tags) {
        out().println(prefix + (root ? "" : last ? "└─ " : "├─ ") + line(i, tags));
        List<MetaStore.Image> kids = children.getOrDefault(i.hash(), List.of());
        String next = prefix + (root ? "" : last ? "   " : "│  ");
        for (int k = 0; k < kids.size(); k++) {
            printTree(kids.get(k), next, k == kids.size() - 1, false, children, tags);
        }
    }

    static String time(LocalDateTime t) {
        return TIME.format(t);
    }

    private static String line(MetaStore.Image i, Map<String, List<String>> tags) {
        List<String> t = tags.getOrDefault(i.hash(), List.of());
        return i.shortHash() + "  " + time(i.created()) + (t.isEmpty() ? "" : "  [" + String.join(", ", t) + "]")
                + (i.comment() == null ? "" : "  " + i.comment());
    }
}
