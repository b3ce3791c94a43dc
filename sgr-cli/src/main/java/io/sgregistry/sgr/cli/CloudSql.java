package io.sgregistry.sgr.cli;

import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.cli.config.SgConfig;
import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.layered.LocalLayers;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.WorkingCopy;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.sgr.registry.Sync;
import io.sgregistry.sgr.registry.Upstream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sgr cloud sql}: Splitgraph's query of registry data by {@code "ns/repo:tag".table}, answered
 * by the caller's local engine instead of a SQL endpoint on the registry. Each image the query names is
 * fetched as a lazy clone would be (metadata, then the objects the image needs, hash-checked, through
 * the caller's own registry rights), read in place in schemas named exactly as the query names them,
 * which exist only in a read-only transaction that is rolled back. The registry runs no SQL of the caller.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Query registry images with SQL, as Splitgraph's query endpoint: tables are written \"ns/repo:TAG_OR_HASH\".table "
                + "(without :TAG, the newest image), e.g. sgr cloud sql 'SELECT count(*) FROM \"alice/weather:v1\".readings'.",
                "The query runs on your local engine, read-only: each image it names is fetched from the remote first as a lazy clone "
                        + "does (its metadata, then its objects, hash-checked; they stay, so the next query starts at once; 'sgr rm ns/repo' "
                        + "removes them). The registry only serves images you may read; it runs no SQL of yours.",
                "Output as sgr sql: every row, tab-separated, NULL as empty; -j for JSON."})
final class CloudSql extends EngineCommand {
    @Parameters(arity = "0..1", paramLabel = "QUERY")
    String query;

    @Option(names = {"-r", "--remote"}, description = "the [remote: NAME] of .sgconfig holding the images (default: the only one)")
    String remote;

    @Option(names = {"-a", "--show-all"}, description = "print all rows (sgr always does; accepted for Splitgraph's scripts)")
    boolean showAll;

    @Option(names = {"-j", "--json"}, description = "print each result as a JSON array of rows (arrays of values)")
    boolean json;

    /** An image the query names: the schema name as written, the repository and the image's hash on the remote. */
    private record Named(String schema, Repository repository, String hash) {
    }

    @Override
    void execute() throws Exception {
        if (query == null || query.isBlank()) {
            throw new ParameterException(spec.commandLine(), "give a QUERY: this registry has no SQL endpoint to connect to (Splitgraph's "
                    + "'sgr cloud sql' without a query prints one); the query runs on your local engine over the images it names");
        }
        List<String> references = SqlImageReferences.find(query);
        if (references.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "the query names no registry image: write its tables as "
                    + "\"ns/repo:TAG\".table (double quotes, then a dot), e.g. SELECT * FROM \"alice/weather:latest\".readings");
        }
        SgConfig config = root().config();
        String remoteName = Remotes.choose(config, remote, Optional.empty());
        Endpoint endpoint = config.remote(remoteName);
        try (Connection c = connect(); Progress progress = root().progress()) {
            List<Named> named = fetch(c, endpoint, remoteName, references, progress);
            Map<Named, String> views = new java.util.LinkedHashMap<>();
            for (Named n : named) {
                LazyObjects.ensure(config, c, n.repository(), n.hash(), progress);
                views.put(n, LocalLayers.imageSchema(c, n.repository(), n.hash()));
            }
            c.setAutoCommit(false);
            List<String> created = new java.util.ArrayList<>();
            try (Statement s = c.createStatement()) {
                for (Named n : named) {
                    requireFreeSchema(c, n.schema());
                    s.execute("CREATE SCHEMA " + SqlQuoting.ident(n.schema()));
                    created.add(n.schema());
                    LocalLayers.viewsOver(c, views.get(n), n.schema());
                }
                s.execute("SET LOCAL transaction_read_only = on");
                // Also for the session: a COMMIT inside the query would otherwise leave the statements after it writable.
                s.execute("SET default_transaction_read_only = on");
                new QueryResults(out(), json, false).print(s, s.execute(query));
            } finally {
                c.rollback();
                dropIfCommitted(c, created);
            }
        } catch (SQLException e) {
            if (refusedWrite(e)) {
                throw new SgrException("sgr cloud sql only reads: " + e.getMessage(), "change data in a checkout: sgr clone, "
                        + "sgr checkout, then sgr sql", e);
            }
            throw EngineErrors.during("the query", e);
        }
    }

    /**
     * A write refused: by the read-only transaction, or before it, by PostgreSQL's rewriter when the table is an image's
     * view over several objects (a UNION ALL, not updatable; a view over one object is, and reaches the read-only check).
     */
    static boolean refusedWrite(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return "25006".equals(e.getSQLState())
                || "55000".equals(e.getSQLState()) && message.matches("(?s).*cannot (insert into|update|delete from) view .*");
    }

    /** Resolves every reference on the remote and brings the metadata of its image here (as sgr clone / pull would). */
    private List<Named> fetch(Connection c, Endpoint endpoint, String remoteName, List<String> references, Progress progress)
            throws SQLException {
        List<Named> named = new java.util.ArrayList<>();
        try (Connection rc = endpoint.connect()) {
            RegistryClient registry = new RegistryClient(rc);
            for (String reference : references) {
                Repository.Ref ref = Repository.Ref.parse(reference, "latest");
                if (ref.repository().namespace().isEmpty() || ref.repository().repository().isEmpty() || ref.ref().isEmpty()) {
                    throw new SgrException("\"" + reference + "\" does not name a registry image", "write \"ns/repo\" or \"ns/repo:TAG_OR_HASH\"");
                }
                Repository repo = ref.repository();
                String hash;
                try {
                    hash = registry.resolve(repo, ref.ref());
                } catch (SQLException e) {
                    if (!"42501".equals(e.getSQLState())) {
                        throw e;
                    }
                    throw new SgrException("you may not read " + repo + " on " + remoteName + " (" + e.getMessage() + ")",
                            "check the name; a private repository is readable only by its owner (sgr cloud login as them)", e);
                }
                MetaStore meta = new MetaStore(c);
                if (meta.exists(repo)) {
                    Optional<Upstream> up = Upstream.of(c, repo);
                    Upstream wanted = new Upstream(remoteName, repo);
                    if (up.isEmpty() || !up.get().equals(wanted)) {
                        throw new SgrException("the local engine has a repository " + repo + " that is not a copy of " + remoteName + " " + repo
                                + up.map(u -> " (its upstream is " + u.remote() + " " + u.repository() + ")").orElse(" (it has no upstream)"),
                                "query from another local database (sgr --engine-db DB init, then sgr --engine-db DB cloud sql ...), "
                                        + "or remove the local repository with 'sgr rm " + repo + "'");
                    }
                    if (meta.images(repo).stream().noneMatch(i -> i.hash().equals(hash))) {
                        // The query names the registry's tags: a local tag of this clone that names another image follows it, said below.
                        Sync.Result res = Sync.pull(c, repo, registry, repo, true, false, Optional.of(hash), lanes(endpoint), progress);
                        c.setAutoCommit(true);
                        res.movedTags().forEach(m -> root().env().err().println("moved tag " + m + " of the local clone " + repo));
                        root().env().err().println("fetched the metadata of " + remoteName + " " + repo + ":" + ref.ref()
                                + " into the local clone " + repo);
                    }
                } else {
                    Sync.pull(c, repo, registry, repo, false, false, Optional.of(hash), lanes(endpoint), progress);
                    c.setAutoCommit(true);
                    Upstream.set(c, repo, new Upstream(remoteName, repo));
                    // A clone makes an empty working copy, schema "ns/repo", which the next query naming "ns/repo" (the
                    // newest image) would take for a checkout; this clone is for queries: 'sgr checkout' makes one.
                    WorkingCopy.drop(c, repo);
                    root().env().err().println("fetched the metadata of " + remoteName + " " + repo + ":" + ref.ref()
                            + " into the local engine (a lazy clone; 'sgr rm " + repo + "' removes it)");
                }
                named.add(new Named(reference, repo, hash));
            }
        }
        return named;
    }

    /** A COMMIT inside the query kept the schemas made for it: they go, and nothing else of the session stays read-only. */
    private static void dropIfCommitted(Connection c, List<String> created) throws SQLException {
        if (created.isEmpty()) {
            return;
        }
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
            for (String schema : created) {
                s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(schema) + " CASCADE");
            }
        }
    }

    /** The query's schema name must not be taken here (a checkout of ns/repo is the schema "ns/repo"). */
    private static void requireFreeSchema(Connection c, String schema) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            q.setString(1, schema);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    throw new SgrException("the local engine already has a schema \"" + schema + "\" (a checkout), so the query's \""
                            + schema + "\" would read it instead of the registry's image",
                            "name the image: \"" + schema + ":latest\" or \"" + schema + ":TAG\"");
                }
            }
        }
    }
}
