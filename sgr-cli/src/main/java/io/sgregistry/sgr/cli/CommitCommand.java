package io.sgregistry.sgr.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "commit", mixinStandardHelpOptions = true,
        description = {"Commit the working copy as a new image, child of HEAD.",
                "A new table (or one whose schema changed) is stored whole as base fragments of --chunk-size rows, split by "
                        + "primary key; a changed table keeps its fragments plus one patch fragment of its changes (unless -s).",
                "Prints a summary, then the new image's full hash on the last line."})
final class CommitCommand extends EngineCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "REPOSITORY")
    String repository;

    @Option(names = {"-m", "--message"}, description = "the image's comment")
    String message;

    @Option(names = {"-s", "--snap"}, description = "store every table whole again instead of as changes: more space, faster checkouts")
    boolean snap;

    @Option(names = {"-c", "--chunk-size"}, paramLabel = "ROWS", defaultValue = "" + Fragments.CHUNK_ROWS,
            description = "rows per base fragment of a table stored whole (default ${DEFAULT-VALUE})")
    int chunkSize;

    @Option(names = {"-k", "--chunk-sort-keys"}, paramLabel = "JSON",
            description = "per table, the columns that order rows inside each fragment, as JSON: '{\"table\": [\"col1\", \"col2\"]}' "
                    + "(or @FILE to read it from a file)")
    String chunkSortKeys;

    @Override
    void execute() throws Exception {
        Repository r = Repository.parse(repository);
        Committer.Options options = new Committer.Options(snap, chunkSize, sortKeys());
        try (Connection c = connect(); var progress = root().progress()) {
            Committer.Result res = Committer.commit(c, r, message, options, progress);
            out().println("committed " + r + ":" + res.imageHash().substring(0, 12) + " (" + res.tables() + " tables, "
                    + res.newObjects() + " new objects)");
            out().println(res.imageHash());
        }
    }

    private Map<String, List<String>> sortKeys() throws java.io.IOException {
        if (chunkSize < 1) {
            throw new ParameterException(spec.commandLine(), "--chunk-size must be 1 row or more, not " + chunkSize);
        }
        if (chunkSortKeys == null) {
            return Map.of();
        }
        String text = chunkSortKeys.startsWith("@") ? Files.readString(Path.of(chunkSortKeys.substring(1))) : chunkSortKeys;
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "--chunk-sort-keys is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new ParameterException(spec.commandLine(), "--chunk-sort-keys must be a JSON object: {\"table\": [\"column\", ...]}");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) n::fields) {
            List<String> cols = new ArrayList<>();
            if (e.getValue().isTextual()) {
                cols.add(e.getValue().asText());
            } else if (e.getValue().isArray()) {
                e.getValue().forEach(v -> cols.add(v.asText()));
            } else {
                throw new ParameterException(spec.commandLine(), "--chunk-sort-keys: the columns of " + e.getKey() + " must be a name or a list of names");
            }
            out.put(e.getKey(), cols);
        }
        return out;
    }
}
