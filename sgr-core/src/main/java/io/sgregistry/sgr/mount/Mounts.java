package io.sgregistry.sgr.mount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.csv.CsvImport;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.ResolvedSchema;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sgr mount}: a schema of foreign tables on the local engine over an external source, as
 * Splitgraph's mount handlers make it. The foreign server is {@code <schema>_<fdw>_server} (Splitgraph's
 * name); a mount replaces an earlier mount of the same schema. The credentials go into a user
 * mapping for the current user only. One transaction.
 */
public final class Mounts {
    /** Where the client-engine's server sees the files that {@code sgr mount csv} reads. */
    public static final String FILES_DIR = "/var/lib/sgr/files";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Mounts() {
    }

    public record Request(String schema, MountHandler handler, ConnectionString connection, ObjectNode options) {
    }

    /** Parses {@code -o}: a JSON object (Splitgraph also takes {@code @file.json}; the caller reads the file). */
    public static ObjectNode options(String json) {
        try {
            JsonNode n = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
            if (n == null || !n.isObject()) {
                throw new SgrException("mount options must be a JSON object, not " + (n == null ? "nothing" : n.getNodeType()),
                        "write e.g. -o '{\"dbname\": \"shop\"}'");
            }
            return (ObjectNode) n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SgrException("mount options are not valid JSON: " + e.getOriginalMessage(), "write e.g. -o '{\"dbname\": \"shop\"}'", e);
        }
    }

    public static String serverName(String schema, MountHandler h) {
        return schema + "_" + h.fdw() + "_server";
    }

    /** @return the foreign tables of the new mount, by name */
    public static List<String> mount(Connection c, Request req) {
        CsvImport.requireIdentifier("schema name", req.schema());
        if (req.handler().needsConnection() && req.connection() == null) {
            throw new SgrException(req.handler().handlerName() + " needs a connection string", "give -c username:password@host:port");
        }
        String server = serverName(req.schema(), req.handler());
        CsvImport.requireIdentifier("server name", server);
        try {
            c.setAutoCommit(false);
            refuseRepositorySchema(c, req.schema());
            try (Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS " + SqlQuoting.ident(req.handler().fdw()));
                s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(req.schema()) + " CASCADE");
                s.execute("DROP SERVER IF EXISTS " + SqlQuoting.ident(server) + " CASCADE");
                s.execute("CREATE SERVER " + SqlQuoting.ident(server) + " FOREIGN DATA WRAPPER " + SqlQuoting.ident(req.handler().fdw())
                        + options(serverOptions(req)));
                Map<String, String> user = userOptions(req);
                if (!user.isEmpty()) {
                    s.execute("CREATE USER MAPPING FOR CURRENT_USER SERVER " + SqlQuoting.ident(server) + options(user));
                }
                s.execute("CREATE SCHEMA " + SqlQuoting.ident(req.schema()));
            }
            switch (req.handler()) {
                case POSTGRES_FDW, MYSQL_FDW -> databaseTables(c, req, server);
                case CSV -> csvTables(c, req, server);
            }
            List<String> tables = foreignTables(c, req.schema());
            c.commit();
            return tables;
        } catch (SQLException e) {
            Committer.rollback(c);
            String what = "mounting " + req.handler().handlerName() + " as schema " + req.schema()
                    + (req.connection() != null ? " (" + req.connection() + ")" : "");
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("08") || state.startsWith("HV") || state.startsWith("28")) {
                // The foreign server refused or could not be reached: the source, not the local engine.
                throw new SgrException(what + " failed: " + firstLine(e.getMessage()) + detail(e),
                        "check the connection string and the options, and that the local engine's server can reach the source", e);
            }
            if (state.equals("58P01")) {
                throw new SgrException(what + " failed: " + firstLine(e.getMessage()),
                        "put the file in the folder the local engine sees as " + FILES_DIR + " (docs/splitfiles.md)", e);
            }
            throw EngineErrors.during(what, e);
        } catch (RuntimeException e) {
            Committer.rollback(c);
            throw e;
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static String detail(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                && p.getServerErrorMessage().getDetail() != null) {
            return " (" + p.getServerErrorMessage().getDetail().strip() + ")";
        }
        return "";
    }

    /** Drops a mount's schema and server. */
    public static void unmount(Connection c, String schema) {
        try {
            c.setAutoCommit(false);
            refuseRepositorySchema(c, schema);
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(schema) + " CASCADE");
                for (MountHandler h : MountHandler.values()) {
                    s.execute("DROP SERVER IF EXISTS " + SqlQuoting.ident(serverName(schema, h)) + " CASCADE");
                }
            }
            c.commit();
        } catch (SQLException e) {
            Committer.rollback(c);
            throw EngineErrors.during("unmounting " + schema, e);
        }
    }

    public static List<String> foreignTables(Connection c, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'f' ORDER BY 1")) {
            q.setString(1, schema);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** A repository's working copy is never a mount point: mounting would drop its tables. */
    private static void refuseRepositorySchema(Connection c, String schema) throws SQLException {
        Repository r;
        try {
            r = Repository.parse(schema);
        } catch (SgrException notARepositoryName) {
            return;
        }
        if (new MetaStore(c).exists(r)) {
            throw new SgrException("schema " + schema + " is the working copy of repository " + r, "mount into another schema");
        }
    }

    private static Map<String, String> serverOptions(Request req) {
        ObjectNode o = req.options();
        Map<String, String> m = new LinkedHashMap<>();
        switch (req.handler()) {
            case POSTGRES_FDW -> {
                m.put("host", req.connection().host());
                m.put("port", Integer.toString(req.connection().port()));
                m.put("dbname", required(o, "dbname", req.handler()));
            }
            case MYSQL_FDW -> {
                m.put("host", req.connection().host());
                m.put("port", Integer.toString(req.connection().port()));
            }
            case CSV -> {
                return m;
            }
        }
        JsonNode extra = o.path("extra_server_args");
        for (Iterator<Map.Entry<String, JsonNode>> it = extra.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static Map<String, String> userOptions(Request req) {
        if (req.connection() == null) {
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put(req.handler() == MountHandler.MYSQL_FDW ? "username" : "user", req.connection().username());
        m.put("password", req.connection().password());
        return m;
    }

    private static String required(ObjectNode o, String key, MountHandler h) {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new SgrException(h.handlerName() + " needs the option " + key, "add it to -o, e.g. -o '{\"" + key + "\": \"...\"}'");
        }
        return v.asText();
    }

    private static void databaseTables(Connection c, Request req, String server) throws SQLException {
        ObjectNode o = req.options();
        String remote = req.handler() == MountHandler.MYSQL_FDW ? required(o, "dbname", req.handler())
                : o.path("remote_schema").asText("public");
        JsonNode tables = o.get("tables");
        try (Statement s = c.createStatement()) {
            if (tables == null || tables.isNull() || tables.isArray()) {
                StringBuilder sql = new StringBuilder("IMPORT FOREIGN SCHEMA ").append(SqlQuoting.ident(remote));
                if (tables != null && tables.isArray() && !tables.isEmpty()) {
                    List<String> names = new ArrayList<>();
                    tables.forEach(t -> names.add(t.asText()));
                    sql.append(" LIMIT TO (").append(SqlQuoting.identList(names)).append(')');
                }
                sql.append(" FROM SERVER ").append(SqlQuoting.ident(server)).append(" INTO ").append(SqlQuoting.ident(req.schema()));
                s.execute(sql.toString());
            } else if (tables.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> t = it.next();
                    Map<String, String> options = new LinkedHashMap<>();
                    if (req.handler() == MountHandler.MYSQL_FDW) {
                        options.put("dbname", remote);
                        options.put("table_name", t.getKey());
                    } else {
                        options.put("schema_name", remote);
                        options.put("table_name", t.getKey());
                    }
                    options.putAll(textFields(t.getValue().path("options")));
                    createForeignTable(c, req.schema(), t.getKey(), server, columns(t.getKey(), t.getValue()), options);
                }
            } else {
                throw new SgrException("the option tables must be a list of names or an object of tables", "see 'sgr mount "
                        + req.handler().handlerName() + " --help'");
            }
        }
    }

    private static void csvTables(Connection c, Request req, String server) throws SQLException {
        ObjectNode o = req.options();
        Map<String, String> format = new LinkedHashMap<>();
        format.put("format", "csv");
        format.put("header", o.path("header").asBoolean(true) ? "true" : "false");
        format.put("delimiter", o.path("delimiter").asText(","));
        if (o.hasNonNull("encoding")) {
            format.put("encoding", o.get("encoding").asText());
        }
        JsonNode tables = o.get("tables");
        Map<String, JsonNode> specs = new LinkedHashMap<>();
        if (tables == null || tables.isNull()) {
            for (String f : csvFiles(c)) {
                specs.put(f, null);
            }
            if (specs.isEmpty()) {
                throw new SgrException("no *.csv file in " + FILES_DIR + " of the local engine",
                        "put the files in the folder the engine sees as " + FILES_DIR + " (docs/splitfiles.md), or name them in tables");
            }
        } else if (tables.isArray()) {
            tables.forEach(t -> specs.put(t.asText(), null));
        } else if (tables.isObject()) {
            tables.fields().forEachRemaining(e -> specs.put(e.getKey(), e.getValue()));
        } else {
            throw new SgrException("the option tables must be a list of files or an object of tables", "see 'sgr mount csv --help'");
        }
        for (Map.Entry<String, JsonNode> e : specs.entrySet()) {
            String table;
            String file;
            if (e.getValue() == null) {
                file = e.getKey();
                String base = file.substring(file.lastIndexOf('/') + 1);
                table = base.toLowerCase().endsWith(".csv") ? base.substring(0, base.length() - 4) : base;
            } else {
                table = e.getKey();
                file = e.getValue().path("options").path("filename").asText(table + ".csv");
            }
            String path = file.startsWith("/") ? file : FILES_DIR + "/" + file;
            Map<String, String> options = new LinkedHashMap<>(format);
            options.put("filename", path);
            if (e.getValue() != null) {
                options.putAll(textFields(e.getValue().path("options")));
                options.put("filename", path);
            }
            TableSchema columns = e.getValue() != null && e.getValue().has("schema") ? columns(table, e.getValue())
                    : headerColumns(c, req.schema(), server, path, options.get("delimiter"), table);
            createForeignTable(c, req.schema(), table, server, columns, options);
        }
    }

    private static List<String> csvFiles(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT f FROM pg_catalog.pg_ls_dir(?, true, false) AS f WHERE f ILIKE '%.csv' ORDER BY f")) {
            q.setString(1, FILES_DIR);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * The column names of a CSV file's header row, read by the server that will read the file: a
     * probe foreign table whose one column is the whole line (text format, a delimiter no header has).
     */
    private static TableSchema headerColumns(Connection c, String schema, String server, String path, String delimiter, String table)
            throws SQLException {
        String probe = "sg_csv_header_probe";
        String line;
        try (Statement s = c.createStatement()) {
            s.execute("CREATE FOREIGN TABLE " + SqlQuoting.qualified(schema, probe) + " (\"line\" text) SERVER " + SqlQuoting.ident(server)
                    + " OPTIONS (filename " + SqlQuoting.literal(path) + ", format 'text', delimiter E'\\x01')");
            try (ResultSet rs = s.executeQuery("SELECT \"line\" FROM " + SqlQuoting.qualified(schema, probe) + " LIMIT 1")) {
                line = rs.next() ? rs.getString(1) : null;
            }
            s.execute("DROP FOREIGN TABLE " + SqlQuoting.qualified(schema, probe));
        }
        if (line == null || line.isBlank()) {
            throw new SgrException(path + " is empty", "the first line must be a header naming the columns");
        }
        if (line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        if (delimiter.length() != 1) {
            throw new SgrException("the CSV delimiter must be one character, not '" + delimiter + "'", "set e.g. \"delimiter\": \";\"");
        }
        List<String> names = CsvImport.splitHeader(line, delimiter.charAt(0));
        List<TableSchema.Column> cols = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            CsvImport.requireIdentifier("column name of " + table, names.get(i));
            cols.add(new TableSchema.Column(i + 1, names.get(i), "text", false, null));
        }
        return new TableSchema(cols);
    }

    private static TableSchema columns(String table, JsonNode spec) {
        JsonNode schema = spec.path("schema");
        if (!schema.isObject() || schema.isEmpty()) {
            throw new SgrException("table " + table + " of the option tables has no schema", "give {\"schema\": {\"column\": \"type\", ...}}");
        }
        List<TableSchema.Column> cols = new ArrayList<>();
        int[] i = {0};
        schema.fields().forEachRemaining(e -> {
            CsvImport.requireIdentifier("column name of " + table, e.getKey());
            cols.add(new TableSchema.Column(++i[0], e.getKey(), e.getValue().asText(), false, null));
        });
        return new TableSchema(cols);
    }

    private static void createForeignTable(Connection c, String schema, String table, String server, TableSchema columns,
                                           Map<String, String> options) throws SQLException {
        CsvImport.requireIdentifier("table name", table);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE FOREIGN TABLE " + SqlQuoting.qualified(schema, table) + " (" + ResolvedSchema.on(c, columns).columnDefinitions()
                    + ") SERVER " + SqlQuoting.ident(server) + options(options));
        }
    }

    private static Map<String, String> textFields(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static String options(Map<String, String> options) {
        if (options.isEmpty()) {
            return "";
        }
        StringBuilder sql = new StringBuilder(" OPTIONS (");
        options.forEach((k, v) -> sql.append(sql.length() > 10 ? ", " : "").append(SqlQuoting.ident(k)).append(' ').append(SqlQuoting.literal(v)));
        return sql.append(')').toString();
    }
}
