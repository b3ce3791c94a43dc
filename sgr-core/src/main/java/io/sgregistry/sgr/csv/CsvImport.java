package io.sgregistry.sgr.csv;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.ResolvedSchema;
import io.sgregistry.quoting.SqlQuoting;
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

    /**
     * @param charset            the file's encoding (--encoding)
     * @param header             whether the first line names the columns; without one they are named 0, 1, 2 ... (--no-header)
     * @param inferTypes         a new table's columns without a type get one inferred from the first rows ({@link CsvTypeInference}),
     *                           else they are text
     * @param ignoreEmptyStrings inference skips empty values, and they are loaded as NULL into columns that are not text
     * @param skipSchemaCheck    into a table that exists, the CSV's columns fill the table's first columns by position,
     *                           whatever the header names them (Splitgraph's --skip-schema-check)
     */
    public record Options(Path file, char separator, List<String> primaryKey, Map<String, String> types, boolean replace,
                          java.nio.charset.Charset charset, boolean header, boolean inferTypes, boolean ignoreEmptyStrings,
                          boolean skipSchemaCheck) {
        public Options {
            primaryKey = List.copyOf(primaryKey);
            types = Map.copyOf(types);
        }

        public Options(Path file, char separator, List<String> primaryKey, Map<String, String> types, boolean replace,
                       java.nio.charset.Charset charset, boolean header) {
            this(file, separator, primaryKey, types, replace, charset, header, false, false, false);
        }

        public Options(Path file, char separator, List<String> primaryKey, Map<String, String> types, boolean replace) {
            this(file, separator, primaryKey, types, replace, StandardCharsets.UTF_8, true);
        }
    }

    /**
     * Into a table that exists (and without replace), as Splitgraph's csv import does: rows whose primary
     * key is in the table are updated, the others inserted; rows of the table missing from the CSV stay.
     * Without a primary key every row is inserted. The CSV's columns must be columns of the table.
     */
    private static long patch(Connection c, Repository r, String table, List<String> header, Options o) throws SQLException, IOException {
        if (!o.types().isEmpty()) {
            throw new SgrException("table " + table + " exists: its column types are set", "drop -t, or replace the table with -r");
        }
        TableSchema existing = TableSchema.of(c, r.schema(), table);
        if (o.skipSchemaCheck()) {
            if (header.size() > existing.names().size()) {
                throw new SgrException("the CSV has " + header.size() + " columns, " + r + "." + table + " only "
                        + existing.names().size() + " " + existing.names(), "drop columns from the CSV, or replace the table with -r");
            }
            // By position: the CSV's names are not checked (a file whose header differs, or --no-header).
            header = existing.names().subList(0, header.size());
        }
        for (String h : header) {
            if (!existing.names().contains(h)) {
                throw new SgrException("column '" + h + "' of the CSV is not a column of " + r + "." + table + " " + existing.names(),
                        "rename the CSV's column, fill the table's columns by position with --skip-schema-check, or replace the table with -r");
            }
        }
        if (!o.primaryKey().isEmpty() && !o.primaryKey().equals(existing.keyNames())) {
            throw new SgrException("table " + table + " exists with primary key " + existing.keyNames() + ", not " + o.primaryKey(),
                    "drop -k (the table's key is used), or replace the table with -r");
        }
        String tmp = "sg_csv_patch";
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS \"pg_temp\"." + SqlQuoting.ident(tmp));
            s.execute("CREATE TEMP TABLE " + SqlQuoting.ident(tmp) + " AS SELECT " + SqlQuoting.identList(header) + " FROM "
                    + SqlQuoting.qualified(r.schema(), table) + " WITH NO DATA");
        }
        long rows = copy(c, "\"pg_temp\"." + SqlQuoting.ident(tmp), header, o);
        List<String> keys = existing.keyNames();
        String insert = "INSERT INTO " + SqlQuoting.qualified(r.schema(), table) + " (" + SqlQuoting.identList(header) + ") SELECT "
                + SqlQuoting.identList(header) + " FROM \"pg_temp\"." + SqlQuoting.ident(tmp);
        if (existing.hasPrimaryKey() && header.containsAll(keys)) {
            List<String> rest = header.stream().filter(h -> !keys.contains(h)).toList();
            insert += " ON CONFLICT (" + SqlQuoting.identList(keys) + ") DO " + (rest.isEmpty() ? "NOTHING"
                    : "UPDATE SET " + String.join(", ", rest.stream().map(h -> SqlQuoting.ident(h) + " = EXCLUDED." + SqlQuoting.ident(h)).toList()));
        }
        try (Statement s = c.createStatement()) {
            s.execute(insert);
            s.execute("DROP TABLE \"pg_temp\"." + SqlQuoting.ident(tmp));
        }
        return rows;
    }

    private static long copy(Connection c, String target, List<String> header, Options o) throws SQLException, IOException {
        return copy(c, target, header, List.of(), o);
    }

    /** @param forceNull columns where a quoted empty value is NULL too (--ignore-empty-strings on columns that are not text) */
    private static long copy(Connection c, String target, List<String> header, List<String> forceNull, Options o)
            throws SQLException, IOException {
        String copy = "COPY " + target + " (" + SqlQuoting.identList(header) + ") FROM STDIN WITH (FORMAT csv, HEADER " + o.header()
                + ", DELIMITER " + literal(o.separator()) + (forceNull.isEmpty() ? "" : ", FORCE_NULL (" + SqlQuoting.identList(forceNull) + ")")
                + ")";
        try (Reader in = Files.newBufferedReader(o.file(), o.charset())) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, in);
        }
    }

    public static long importCsv(Connection c, Repository r, String table, Options o) {
        if (!Files.isRegularFile(o.file())) {
            throw new SgrException("CSV file " + o.file() + " not found", "give an existing file with -f");
        }
        requireIdentifier("table name", table);
        List<String> header = header(o.file(), o.separator(), o.charset(), o.header());
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
        List<String> types = columnTypes(header, o);
        List<TableSchema.Column> cols = new ArrayList<>();
        List<String> forceNull = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String n = header.get(i);
            cols.add(new TableSchema.Column(i + 1, n, types.get(i), o.primaryKey().contains(n), null));
            if (o.ignoreEmptyStrings() && !types.get(i).equals("text") && !o.types().containsKey(n)) {
                forceNull.add(n);
            }
        }
        TableSchema ts = new TableSchema(cols);
        try {
            requireTypes(c, o.types());
            c.setAutoCommit(false);
            new MetaStore(c).requireExists(r);
            if (!o.replace() && exists(c, r, table)) {
                long rows = patch(c, r, table, header, o);
                c.commit();
                return rows;
            }
            try (Statement s = c.createStatement()) {
                if (o.replace()) {
                    s.execute("DROP TABLE IF EXISTS " + SqlQuoting.qualified(r.schema(), table));
                }
                s.execute(ResolvedSchema.on(c, ts).createTable(r.schema(), table));
            }
            long rows = copy(c, SqlQuoting.qualified(r.schema(), table), header, forceNull, o);
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

    /** A new table's column types: -t, else inferred from the first rows (unless inference is off), else text. */
    static List<String> columnTypes(List<String> header, Options o) {
        if (!o.inferTypes()) {
            return header.stream().map(n -> o.types().getOrDefault(n, "text")).toList();
        }
        List<List<String>> sample = CsvSample.read(o.file(), o.separator(), o.charset(), CsvSample.RECORDS);
        List<List<String>> rows = o.header() && !sample.isEmpty() ? sample.subList(1, sample.size()) : sample;
        return CsvTypeInference.infer(header, rows, o.types(), o.ignoreEmptyStrings());
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

    private static boolean exists(Connection c, Repository r, String table) throws SQLException {
        try (java.sql.PreparedStatement q = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            q.setString(1, SqlQuoting.qualified(r.schema(), table));
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static List<String> header(Path file, char sep) {
        return header(file, sep, StandardCharsets.UTF_8, true);
    }

    /**
     * The header row, split on the separator with CSV quoting ("a ""b""" is a "b"); without a header
     * row, the columns of the first line are named 0, 1, 2 ... (as Splitgraph's --no-header).
     */
    static List<String> header(Path file, char sep, java.nio.charset.Charset charset, boolean hasHeader) {
        try (BufferedReader in = Files.newBufferedReader(file, charset)) {
            String line = in.readLine();
            if (line == null || line.isBlank()) {
                throw new SgrException(file + " is empty", hasHeader ? "the first line must be a header naming the columns"
                        : "give a file with at least one row");
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (!hasHeader) {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < splitFields(line, sep).size(); i++) {
                    names.add(Integer.toString(i));
                }
                return names;
            }
            return splitHeader(line, sep);
        } catch (IOException e) {
            throw new SgrException("cannot read " + file + ": " + e.getMessage(), "check the file", e);
        }
    }

    public static List<String> splitHeader(String line, char sep) {
        List<String> out = splitFields(line, sep);
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

    private static List<String> splitFields(String line, char sep) {
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
