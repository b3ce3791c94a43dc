package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.checkout.Checkout;
import io.sgregistry.sgr.cli.config.SgConfig;
import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.csv.CsvImport;
import io.sgregistry.sgr.diff.Differ;
import io.sgregistry.sgr.meta.MetaSchema;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.sgr.registry.Sync;
import io.sgregistry.sgr.registry.Upstream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sgr cloud upload}: CSV files into a repository on the registry, one table per file, as a new
 * image. Splitgraph's registry ingests uploaded files itself; here the client does the same work on
 * its local engine (clone or create, import, commit, push), so the registry only ever receives
 * verified objects through the ordinary push.
 */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Upload CSV files (each with a header row) to one of your repositories on the registry: each file becomes a "
                + "table named after it (orders.csv -> orders, all columns text) in a new image on top of the latest one, pushed.",
                "The work happens on your local engine: the repository is cloned there (metadata only) if it exists on the registry, "
                        + "else created; its latest image is checked out, the files imported, committed and pushed.",
                "Refused if the local working copy of the repository has uncommitted changes."})
final class CloudUpload extends CloudCommand.Account {
    @Parameters(index = "0", paramLabel = "REPOSITORY")
    String repository;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE")
    List<Path> files = new ArrayList<>();

    @Option(names = "--file-format", defaultValue = "csv", description = "csv (the only format, as Splitgraph's)")
    String fileFormat;

    /** A table name from a file name: its stem, lower-case, characters other than letters, digits and '_' as '_'. */
    static String tableName(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "").toLowerCase(Locale.ROOT);
        String name = stem.replaceAll("[^a-z0-9_]", "_");
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "t_" + name : name;
    }

    @Override
    public Integer call() throws Exception {
        if (!fileFormat.equals("csv")) {
            throw new ParameterException(spec.commandLine(), "--file-format must be csv, not " + fileFormat);
        }
        Repository r = Repository.parse(repository);
        SgConfig c = root().config();
        var out = root().env().out();
        try (Connection local = c.engine().connect(); Connection rc = c.remote(remote).connect(); var progress = root().progress()) {
            MetaSchema.requireInitialised(local);
            RegistryClient registry = new RegistryClient(rc);
            String me = registry.currentUser().orElse(null);
            if (me == null || !me.equalsIgnoreCase(r.namespace())) {
                throw new SgrException("cannot upload to " + r + ": you may upload only to your own namespace"
                        + (me == null ? " and the registry does not know who you are" : " (you are " + me + ")"),
                        me == null ? "log in with 'sgr cloud login'" : "upload to " + me + "/" + r.repository());
            }
            MetaStore meta = new MetaStore(local);
            if (!meta.exists(r)) {
                if (!registry.images(r).isEmpty()) {
                    Sync.pull(local, r, registry, r, false, false, progress);
                } else {
                    InitCommand.create(local, r);
                }
                local.setAutoCommit(true);
                Upstream.set(local, r, new Upstream(remote, r));
            }
            local.setAutoCommit(true);
            if (meta.head(r).isPresent() && Differ.hasChanges(local, r)) {
                throw new SgrException(r + " has uncommitted changes on the local engine",
                        "commit them ('sgr commit " + r + "') or discard them ('sgr checkout -f " + r + "'), then upload again");
            }
            String latest = meta.resolve(r, "latest");
            LazyObjects.ensure(c, local, r, latest, progress);
            Checkout.checkout(local, r, latest, false, progress);
            List<String> tables = new ArrayList<>();
            for (Path f : files) {
                String table = tableName(f);
                long rows = CsvImport.importCsv(local, r, table, new CsvImport.Options(f, ',', List.of(), Map.of(), true));
                out.println("imported " + rows + " rows of " + f.getFileName() + " into table " + table);
                tables.add(table);
            }
            Committer.Result commit = Committer.commit(local, r, "upload of " + String.join(", ",
                    files.stream().map(p -> p.getFileName().toString()).toList()), progress);
            Sync.Result pushed = Sync.push(local, r, registry, r, false, progress);
            out.println("uploaded " + files.size() + " files to " + r + " on " + remote + ": image " + commit.imageHash().substring(0, 12)
                    + " (tables " + String.join(", ", tables) + "), " + pushed.objects() + " objects pushed");
            out.println(commit.imageHash());
        }
        return 0;
    }
}
