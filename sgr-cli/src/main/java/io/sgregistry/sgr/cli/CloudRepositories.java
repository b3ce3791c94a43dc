package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.cli.config.SgConfig;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.sgr.registry.RegistryErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code sgr cloud publish|unpublish|search|status}: repositories on a registry, through its SQL API
 * over the remote's PostgreSQL connection (the machine credentials that push uses).
 */
final class CloudRepositories {
    private CloudRepositories() {
    }

    /** A registry command: the connection of the chosen remote. */
    abstract static class OnRegistry extends CloudCommand.Account {
        @Override
        public final Integer call() throws Exception {
            SgConfig c = root().config();
            try (Connection rc = c.remote(remote).connect()) {
                run(rc, root().env().out());
            }
            return 0;
        }

        abstract void run(Connection rc, PrintStream out) throws SQLException;
    }

    /** Public or private: set_repository_public on one of the caller's repositories. */
    abstract static class Visibility extends OnRegistry {
        @Parameters(paramLabel = "REPOSITORY")
        String repository;

        abstract boolean makePublic();

        @Override
        void run(Connection rc, PrintStream out) throws SQLException {
            Repository r = Repository.parse(repository);
            try {
                new RegistryClient(rc).setPublic(r, makePublic());
            } catch (SQLException e) {
                throw RegistryErrors.during((makePublic() ? "publishing " : "unpublishing ") + r, e);
            }
            out.println(r + " is " + (makePublic() ? "public" : "private") + " on " + remote);
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Make one of your repositories on the registry public: anyone may read, clone and query it over REST.")
    static final class Publish extends Visibility {
        @Override
        boolean makePublic() {
            return true;
        }
    }

    @Command(name = "unpublish", mixinStandardHelpOptions = true,
            description = {"Make one of your repositories on the registry private again: only you may read it.",
                    "Its public REST mounts close and cached answers are dropped."})
    static final class Unpublish extends Visibility {
        @Override
        boolean makePublic() {
            return false;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = {"Find repositories on the registry whose namespace/name contains QUERY (case-insensitive): public ones and your own.",
                    "Each line: ns/repo, public or private, number of images, time of the newest image (UTC)."})
    static final class Search extends OnRegistry {
        @Parameters(paramLabel = "QUERY")
        String query;

        @Option(names = "--limit", defaultValue = "10", description = "at most this many results (1 to 1000, default ${DEFAULT-VALUE})")
        int limit;

        @Override
        void run(Connection rc, PrintStream out) throws SQLException {
            if (limit < 1 || limit > 1000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be between 1 and 1000, not " + limit);
            }
            int found = 0;
            try (PreparedStatement q = rc.prepareStatement("SELECT \"namespace\", \"repository\", \"is_public\", \"image_count\", \"last_image\" "
                    + "FROM \"splitgraph_api\".\"list_repositories\"(NULL, ?, ?, 0)")) {
                q.setString(1, query);
                q.setInt(2, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        found++;
                        var last = rs.getObject(5, java.time.LocalDateTime.class);
                        out.println(rs.getString(1) + "/" + rs.getString(2) + "\t" + (rs.getBoolean(3) ? "public" : "private") + "\t"
                                + rs.getLong(4) + " images\t" + (last == null ? "-" : LogCommand.time(last)));
                    }
                }
            } catch (SQLException e) {
                throw RegistryErrors.during("searching for '" + query + "'", e);
            }
            if (found == 0) {
                root().env().err().println("no repository on " + remote + " matches '" + query + "'");
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show repositories on the registry: visibility, images, newest image, tags and size.",
                    "Without REPOSITORY: your own (the remote's SG_NAMESPACE)."})
    static final class Status extends OnRegistry {
        @Parameters(arity = "0..*", paramLabel = "REPOSITORY")
        List<String> repositories = List.of();

        @Override
        void run(Connection rc, PrintStream out) throws SQLException {
            List<Repository> repos = repositories.stream().map(Repository::parse).toList();
            if (repos.isEmpty()) {
                String ns = section(root().config()).get(SgConfig.NAMESPACE);
                if (ns == null || ns.isEmpty()) {
                    throw new SgrException("no SG_NAMESPACE for remote " + remote, "name repositories, or log in with 'sgr cloud login'");
                }
                List<Repository> own = new java.util.ArrayList<>();
                try (PreparedStatement q = rc.prepareStatement("SELECT \"namespace\", \"repository\" FROM \"splitgraph_api\".\"list_repositories\"(?, NULL, 1000, 0)")) {
                    q.setString(1, ns);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            own.add(new Repository(rs.getString(1), rs.getString(2)));
                        }
                    }
                }
                repos = own;
                if (repos.isEmpty()) {
                    out.println("no repositories of " + ns + " on " + remote + " (push one with 'sgr push')");
                }
            }
            RegistryClient registry = new RegistryClient(rc);
            for (Repository r : repos) {
                status(rc, registry, r, out);
            }
            storage(rc, out);
        }

        /** The caller's storage: bytes used and the quota, if the registry sets one. */
        private static void storage(Connection rc, PrintStream out) throws SQLException {
            try (PreparedStatement q = rc.prepareStatement("SELECT \"namespace\", \"used_bytes\", \"quota_bytes\" FROM \"splitgraph_api\".\"get_storage_usage\"()");
                 ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    long quota = rs.getLong(3);
                    out.println("storage of " + rs.getString(1) + ": " + ImageInfo.pretty(rs.getLong(2)) + " used"
                            + (rs.wasNull() ? " (no quota)" : " of " + ImageInfo.pretty(quota) + " (" + rs.getLong(2) + " of " + quota + " bytes)"));
                }
            }
        }

        private void status(Connection rc, RegistryClient registry, Repository r, PrintStream out) throws SQLException {
            try (PreparedStatement q = rc.prepareStatement("SELECT \"is_public\", \"image_count\", \"last_image\" "
                    + "FROM \"splitgraph_api\".\"list_repositories\"(?, NULL, 1000, 0) WHERE \"repository\" = ?")) {
                q.setString(1, r.namespace());
                q.setString(2, r.repository());
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw new SgrException("repository " + r + " does not exist on " + remote + " (or you may not read it)",
                                "check the name with 'sgr cloud search'");
                    }
                    var last = rs.getObject(3, java.time.LocalDateTime.class);
                    out.println(r + ": " + (rs.getBoolean(1) ? "public" : "private") + ", " + rs.getLong(2) + " images, newest "
                            + (last == null ? "-" : LogCommand.time(last)));
                }
            }
            try (PreparedStatement q = rc.prepareStatement("SELECT \"splitgraph_api\".\"get_repository_size\"(?, ?)")) {
                q.setString(1, r.namespace());
                q.setString(2, r.repository());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    out.println("  size: " + ImageInfo.pretty(rs.getLong(1)));
                }
            }
            registry.tags(r).forEach((tag, image) -> out.println("  tag " + tag + ": " + image.substring(0, 12)));
            CloudProfile.Profile.read(rc, r).ifPresent(p -> p.print(out, "  "));
        }
    }
}
