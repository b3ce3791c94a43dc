package io.sgregistry.sgr.splitfile;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.checkout.Checkout;
import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.diff.Differ;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.importing.TableImport;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.mount.ConnectionString;
import io.sgregistry.sgr.mount.MountHandler;
import io.sgregistry.sgr.mount.Mounts;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.provenance.Provenance;
import io.sgregistry.sgr.tracking.ChangeLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a Splitfile on the local engine, as Splitgraph's executor does: each command makes one image
 * (a layer) on top of the output's HEAD, and a layer's hash is derived from its parent's hash and the
 * command (for IMPORT: the source image's hash and the tables; for SQL: the canonical statement).
 * A layer that already exists is checked out instead of computed, so a rebuild in which nothing
 * changed makes no new image. A {@code FROM MOUNT} import reads a moving target: its layer gets a
 * random hash and is never reused. The final image gets the provenance of all commands.
 */
public final class SplitfileExecutor {
    /** Supplied by the caller (the command line): makes an image's objects present on the local engine. */
    @FunctionalInterface
    public interface ObjectFetcher {
        void ensure(Connection c, Repository repository, String image) throws SQLException;
    }

    /**
     * @param output  the repository to build into (a FROM ... AS changes it)
     * @param baseDir where SQL FILE paths are relative to (the Splitfile's folder)
     * @param log     one line per step
     */
    public record Options(Map<String, String> params, Repository output, Path baseDir, ObjectFetcher objects,
                          Consumer<String> log, Progress progress) {
        public Options {
            params = Map.copyOf(params);
        }
    }

    /** {@code built}: layers computed; the others came from the cache. */
    public record Result(Repository output, String imageHash, int layers, int built) {
    }

    private final Connection c;
    private final MetaStore meta;
    private final Options o;
    private Repository output;
    private boolean repoCreated;
    private boolean baseCheckedOut;
    private int built;

    private SplitfileExecutor(Connection c, Options o) {
        this.c = c;
        this.meta = new MetaStore(c);
        this.o = o;
        this.output = o.output();
    }

    public static Result execute(Connection c, String splitfile, Options o) {
        return new SplitfileExecutor(c, o).run(SplitfileParser.parse(splitfile, o.params()));
    }

    /** Splitgraph's {@code _combine_hashes}: sha256 of the concatenated hex hashes. */
    public static String combine(List<String> hashes) {
        return sha256(String.join("", hashes));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Result run(List<SplitfileCommand> commands) {
        if (commands.isEmpty()) {
            throw new SgrException("the Splitfile has no commands", "write at least one FROM ... IMPORT or SQL command");
        }
        Provenance provenance = Provenance.empty();
        try {
            int step = 0;
            for (SplitfileCommand cmd : commands) {
                step++;
                String shown = cmd.text().lines().findFirst().orElse("");
                o.log().accept("Step " + step + "/" + commands.size() + " : " + (shown.length() > 60 ? shown.substring(0, 57) + "..." : shown));
                if (cmd instanceof SplitfileCommand.From f) {
                    from(f, provenance);
                } else if (cmd instanceof SplitfileCommand.Import i) {
                    initializeOutput();
                    if (i.source() instanceof SplitfileCommand.RepositorySource rs) {
                        importFromRepository(i, rs, provenance);
                    } else {
                        importFromMount(i, (SplitfileCommand.MountSource) i.source(), provenance);
                    }
                } else if (cmd instanceof SplitfileCommand.Sql s) {
                    initializeOutput();
                    sql(s, provenance);
                }
            }
            c.setAutoCommit(false);
            String head = meta.requireHead(output);
            meta.setProvenance(output, head, provenance.toJson());
            c.commit();
            o.log().accept("Successfully built " + output + ":" + head.substring(0, 12) + ".");
            return new Result(output, head, commands.size(), built);
        } catch (SQLException e) {
            Committer.rollback(c);
            cleanUpAfterFailure();
            throw EngineErrors.during("running the Splitfile", e);
        } catch (RuntimeException e) {
            Committer.rollback(c);
            cleanUpAfterFailure();
            throw e;
        }
    }

    private void from(SplitfileCommand.From f, Provenance provenance) throws SQLException {
        if (f.as().isPresent()) {
            output = f.as().get();
            o.log().accept(" Changed output repository to " + output);
            if (meta.exists(output)) {
                o.log().accept(" Clearing all output from " + output);
                deleteRepository(output);
            }
        }
        if (!meta.exists(output)) {
            init(output);
        }
        if (f.source().isPresent()) {
            SplitfileCommand.ImageRef src = f.source().get();
            String hash = resolveSource(src);
            copyImages(src.repository(), hash, output);
            o.objects().ensure(c, src.repository(), hash);
            checkoutIfChanged(output, hash);
            provenance.from(src.repository(), hash);
        } else if (f.as().isEmpty()) {
            throw new SgrException("FROM EMPTY without AS does nothing", "write FROM EMPTY AS namespace/repository");
        }
        baseCheckedOut = true;
    }

    private void importFromRepository(SplitfileCommand.Import i, SplitfileCommand.RepositorySource rs, Provenance provenance)
            throws SQLException {
        Repository source = rs.image().repository();
        String sourceHash = resolveSource(rs.image());
        List<String> names = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        List<Boolean> queries = new ArrayList<>();
        List<TableImport.Spec> specs = new ArrayList<>();
        for (SplitfileCommand.Table t : i.tables()) {
            String name = t.query() ? SqlText.canonical(t.nameOrQuery()) : t.nameOrQuery();
            names.add(name);
            aliases.add(t.alias());
            queries.add(t.query());
            specs.add(new TableImport.Spec(name, t.alias(), t.query()));
        }
        String head = meta.requireHead(output);
        List<String> parts = new ArrayList<>(List.of(head, sourceHash));
        names.forEach(n -> parts.add(sha256(n)));
        aliases.forEach(a -> parts.add(sha256(a)));
        String target = combine(parts);
        if (!fromCache(target)) {
            o.objects().ensure(c, source, sourceHash);
            TableImport.importTables(c, output, new TableImport.ImageSource(source, sourceHash), specs, target, i.text(), o.progress());
            built++;
            o.log().accept(" ---> " + target.substring(0, 12));
        }
        provenance.importing(source, sourceHash, names, aliases, queries);
    }

    private void importFromMount(SplitfileCommand.Import i, SplitfileCommand.MountSource ms, Provenance provenance) {
        MountHandler handler = MountHandler.named(ms.handler());
        String staging = handler.handlerName() + "_tmp_staging";
        ConnectionString conn = ms.connection().map(ConnectionString::parse).orElse(null);
        Mounts.mount(c, new Mounts.Request(staging, handler, conn, Mounts.options(ms.options())));
        try {
            List<TableImport.Spec> specs = i.tables().stream()
                    .map(t -> new TableImport.Spec(t.query() ? SqlText.canonical(t.nameOrQuery()) : t.nameOrQuery(), t.alias(), t.query()))
                    .toList();
            // The external database moves: a random hash, never a cache hit.
            TableImport.Result r = TableImport.importTables(c, output, new TableImport.SchemaSource(staging), specs, null,
                    i.text().replaceAll("(\\S+):(\\S+)@", "$1:***@"), o.progress());
            built++;
            o.log().accept(" ---> " + r.imageHash().substring(0, 12));
        } finally {
            Mounts.unmount(c, staging);
        }
        provenance.mount();
    }

    private void sql(SplitfileCommand.Sql s, Provenance provenance) throws SQLException {
        String sql = s.sql();
        if (s.file().isPresent()) {
            Path p = o.baseDir().resolve(s.file().get());
            try {
                sql = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SgrException("cannot read the SQL file " + p + ": " + e.getMessage(), "SQL FILE paths are relative to the Splitfile's folder", e);
            }
        }
        String canonical = SqlText.canonical(sql);
        String head = meta.requireHead(output);
        String target = combine(List.of(head, sha256(canonical)));
        if (!fromCache(target)) {
            o.log().accept(" Executing SQL...");
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                q.setString(1, SqlQuoting.ident(output.schema()) + ", public");
                q.execute();
            }
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new SgrException("the Splitfile's SQL failed: " + e.getMessage(), "fix the statement ("
                        + (s.file().isPresent() ? s.file().get() : s.text().lines().findFirst().orElse("")) + ")", e);
            }
            try (PreparedStatement q = c.prepareStatement("SELECT set_config('search_path', 'public', true)")) {
                q.execute();
            }
            Committer.commit(c, output, sql.length() > 4096 ? sql.substring(0, 4093) + "..." : sql, o.progress(), target, Map.of());
            built++;
            o.log().accept(" ---> " + target.substring(0, 12));
        }
        provenance.sql(canonical);
    }

    /** Splitgraph's {@code _checkout_or_calculate_layer}: an existing layer is checked out, not computed again. */
    private boolean fromCache(String target) throws SQLException {
        if (!meta.hasImage(output, target)) {
            return false;
        }
        checkoutIfChanged(output, target);
        o.log().accept(" ---> Using cache");
        o.log().accept(" ---> " + target.substring(0, 12));
        return true;
    }

    /** Before the first IMPORT or SQL without a FROM: the output exists and its empty image is checked out. */
    private void initializeOutput() throws SQLException {
        if (!meta.exists(output)) {
            init(output);
            repoCreated = true;
        }
        if (!baseCheckedOut && meta.hasImage(output, MetaStore.EMPTY_IMAGE)) {
            checkoutIfChanged(output, MetaStore.EMPTY_IMAGE);
        }
        baseCheckedOut = true;
    }

    private void checkoutIfChanged(Repository r, String hash) throws SQLException {
        if (meta.head(r).filter(hash::equals).isEmpty() || Differ.hasChanges(c, r)) {
            o.objects().ensure(c, r, hash);
            Checkout.checkout(c, r, hash, true, o.progress());
        }
    }

    private String resolveSource(SplitfileCommand.ImageRef ref) throws SQLException {
        if (!meta.exists(ref.repository())) {
            throw new SgrException("repository " + ref.repository() + " is not on the local engine",
                    "clone it first ('sgr clone " + ref.repository() + "'), or create it with sgr import");
        }
        return meta.resolve(ref.repository(), ref.ref());
    }

    /** FROM repo: the output gets the source's image and its ancestors (same hashes, tables and objects). */
    private void copyImages(Repository source, String hash, Repository target) throws SQLException {
        c.setAutoCommit(false);
        List<MetaStore.Image> chain = new ArrayList<>();
        Map<String, MetaStore.Image> byHash = new java.util.HashMap<>();
        meta.images(source).forEach(i -> byHash.put(i.hash(), i));
        for (String h = hash; h != null && byHash.containsKey(h); h = byHash.get(h).parentId()) {
            chain.add(0, byHash.get(h));
        }
        for (MetaStore.Image i : chain) {
            if (!meta.hasImage(target, i.hash())) {
                meta.addImage(target, i);
                for (MetaStore.TableEntry t : meta.tables(source, i.hash())) {
                    meta.addTable(target, i.hash(), t);
                }
            }
        }
        c.commit();
    }

    private void init(Repository r) throws SQLException {
        c.setAutoCommit(false);
        meta.initRepository(r);
        c.commit();
    }

    private void deleteRepository(Repository r) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(r.schema()) + " CASCADE");
        }
        ChangeLog.forgetDroppedTables(c);
        for (String table : List.of("tags", "tables", "images")) {
            try (PreparedStatement q = c.prepareStatement("DELETE FROM " + SqlQuoting.qualified(MetaStore.META, table)
                    + " WHERE \"namespace\" = ? AND \"repository\" = ?")) {
                q.setString(1, r.namespace());
                q.setString(2, r.repository());
                q.executeUpdate();
            }
        }
        try (PreparedStatement q = c.prepareStatement("DELETE FROM \"splitgraph_meta\".\"info\" WHERE \"key\" = ?")) {
            q.setString(1, "HEAD:" + r.schema());
            q.executeUpdate();
        }
        c.commit();
    }

    /** As Splitgraph: a repository this run created and that holds only its empty image is removed again. */
    private void cleanUpAfterFailure() {
        if (!repoCreated) {
            return;
        }
        try {
            if (meta.images(output).size() == 1) {
                deleteRepository(output);
            }
        } catch (SQLException | RuntimeException ignored) {
            // The Splitfile's failure is what the user needs to see.
        }
    }
}
