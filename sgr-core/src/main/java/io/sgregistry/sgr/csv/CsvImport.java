package io.sgregistry.sgr.csv;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.ResolvedSchema;
import io.sgregistry.sgr.meta.Sql;
import io.sgregistry.sgr.meta.TableSchema;
import org.postgresql.PGConnection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sgr csv import}: a CSV file with a header row into a table of the working copy. Column
 * names come from the header; types default to text unless given; the primary key is optional.
 * The data goes in with COPY (PostgreSQL parses the CSV and the values).
 */
public final class CsvImport {
    private CsvImport() {
    }

    public record Options(Path file, char separator, List<String> primaryKey, Map<String, String> types, boolean replace) {
        public Options {
            primaryKey = List.copyOf(primaryKey);
            types = Map.copyOf(types);
        }
    }

    public static long importCsv(Connection c, Repository r, String table, Options o) {
        if (!Files.isRegularFile(o.file())) {
            throw new SgrException("CSV file " + o.file() + " not found", "give an existing file with -f");
        }
        requireIdentifier("table name", table);
        List<String> header = header(o.file(), o.separator());
        for (String column : header) {
            requireIdentifier("column name", column);
        }
        Set<String> names = Set.copyOf(header);
        for (String k : o.primaryKey()) {
            if (!names.contains(k)) {
                throw new SgrException("primary key column '" + k + "' is not in the CSV header " + header,
                        "name a header column with -k");
            }
        }
        for (String t : o.types().keySet()) {
            if (!names.contains(t)) {
                throw new SgrException("type given for column '" + t + "', which is not in the CSV header " + header,
                        "use a header column with -t");
            }
        }
        List<TableSchema.Column> cols = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String n = header.get(i);
            cols.add(new TableSchema.Column(i + 1, n, o.types().getOrDefault(n, "text"), o.primaryKey().contains(n), null));
        }
        TableSchema ts = new TableSchema(cols);
        try {
            requireTypes(c, o.types());
            c.setAutoCommit(false);
            new MetaStore(c).requireExists(r);
            try (Statement s = c.createStatement()) {
                if (o.replace()) {
                    s.execute("DROP TABLE IF EXISTS " + Sql.qualified(r.schema(), table));
                }
                s.execute(ResolvedSchema.on(c, ts).createTable(r.schema(), table));
            }
            String copy = "COPY " + Sql.qualified(r.schema(), table) + " (" + Sql.identList(header)
                    + ") FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER " + literal(o.separator()) + ")";
            long rows;
            try (Reader in = Files.newBufferedReader(o.file(), StandardCharsets.UTF_8)) {
                rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, in);
            }
            c.commit();
            return rows;
        } catch (SQLException e) {
            rollback(c);
            if ("42P07".equals(e.getSQLState())) {
                throw new SgrException("table " + table + " already exists in " + r, "use -r/--replace to replace it", e);
            }
            throw EngineErrors.during("importing " + o.file() + " into " + r + "." + table, e);
        } catch (IOException e) {
            rollback(c);
            throw new SgrException("cannot read " + o.file() + ": " + e.getMessage(), "check the file", e);
        }
    }

    /**
     * A table or column name PostgreSQL keeps as given: not empty, at most 63 bytes (it cuts longer
     * names silently, so the metadata and the table would disagree), no NUL.
     */
    public static void requireIdentifier(String what, String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (name.isEmpty() || bytes > Repository.MAX_IDENTIFIER_BYTES || name.indexOf('\0') >= 0) {
            throw new SgrException("the " + what + " '" + (name.length() > 80 ? name.substring(0, 60) + "..." : name) + "' is "
                    + (name.isEmpty() ? "empty" : bytes > Repository.MAX_IDENTIFIER_BYTES ? bytes + " bytes long" : "not usable"),
                    "use a name of 1 to " + Repository.MAX_IDENTIFIER_BYTES + " bytes");
        }
    }

    /**
     * Each -t type must be one PostgreSQL type name, as the engine parses it ({@code ::regtype}): the
     * text goes into CREATE TABLE, so "text, evil text" or "integer DEFAULT f()" must never pass.
     */
    static void requireTypes(Connection c, Map<String, String> types) {
        for (Map.Entry<String, String> t : types.entrySet()) {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT ?::regtype")) {
                ps.setString(1, t.getValue());
                ps.execute();
            } catch (SQLException e) {
                String type = t.getValue().length() > 80 ? t.getValue().substring(0, 60) + "..." : t.getValue();
                throw new SgrException("'" + type + "' (-t " + t.getKey() + ") is not a PostgreSQL type: "
                        + firstLine(e.getMessage()), "give a type name such as integer, text, date or numeric(10,2)", e);
            }
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** The header row, split on the separator with CSV quoting ("a ""b""" is a "b"). */
    static List<String> header(Path file, char sep) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null || line.isBlank()) {
                throw new SgrException(file + " is empty", "the first line must be a header naming the columns");
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            return splitHeader(line, sep);
        } catch (IOException e) {
            throw new SgrException("cannot read " + file + ": " + e.getMessage(), "check the file", e);
        }
    }

    public static List<String> splitHeader(String line, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == sep) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString().strip());
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String n : out) {
            if (n.isEmpty()) {
                throw new SgrException("the CSV header has an empty column name", "name every column in the first line");
            }
            if (seen.put(n, 1) != null) {
                throw new SgrException("the CSV header names column '" + n + "' twice", "make the column names unique");
            }
        }
        return out;
    }

    private static String literal(char ch) {
        if (ch == '\'' || ch == '\\' || ch == '\n' || ch == '\r' || ch == '"') {
            throw new SgrException("'" + ch + "' cannot be a CSV separator", "use e.g. , ; | or a tab");
        }
        return "'" + ch + "'";
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The original failure is reported.
        }
    }
}
