package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;

@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Tag an image (default HEAD): sgr tag ns/repo[:IMAGE] TAG.", "Without TAG: list the tags.",
                "With -d: delete TAG."})
final class TagCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "REPOSITORY[:IMAGE_OR_TAG]")
    String ref;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TAG")
    String tag;

    @Option(names = {"-d", "--delete"}, description = "delete the tag")
    boolean delete;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(this.ref, "HEAD");
        Repository r = ref.repository();
        try (Connection c = connect()) {
            MetaStore meta = new MetaStore(c);
            meta.requireExists(r);
            if (tag == null) {
                if (delete) {
                    throw new SgrException("-d needs the TAG to delete", "sgr tag -d " + r + " TAG");
                }
                meta.tags(r).forEach((t, img) -> out().println(t + "\t" + img));
                return;
            }
            if (delete) {
                if (!meta.deleteTag(r, tag)) {
                    throw new SgrException("no tag '" + tag + "' in " + r, "list the tags with 'sgr tag " + r + "'");
                }
                out().println("deleted tag " + tag);
                return;
            }
            String image = meta.resolve(r, ref.ref());
            meta.setTag(r, image, tag);
            out().println("tagged " + r + ":" + image.substring(0, 12) + " as " + tag);
        }
    }
}
