package io.sgregistry.rest.query;

import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Utils;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A read in one round trip that still reuses its plan. The request's settings must be in force before
 * the statement is parsed (schema privileges) and executed (table privileges, row security), so they
 * cannot be part of the statement itself; and pgjdbc sends a Sync before every server-prepared
 * statement whose rows have no size limit (a text column), which would put the settings and the
 * statement in two implicit transactions. So a read is one text of unnamed statements, values as
 * literals: the settings {@code SELECT}, then {@code EXECUTE} of the statement, prepared once per
 * pooled connection with SQL's {@code PREPARE} (in the same text, the first time). pgjdbc sends the
 * parts with one Sync; the database runs them in one implicit transaction and answers once.
 * <p>
 * Each pooled connection keeps its most recently used {@value #PER_CONNECTION} statements; the
 * least recently used one is deallocated in the text that prepares the next.
 */
public final class PreparedReads {
    static final int PER_CONNECTION = 256;

    /** Per physical connection (weakly: a connection the pool retires is forgotten), statement text to name. */
    private final Map<PGConnection, Map<String, String>> prepared = Collections.synchronizedMap(new WeakHashMap<>());
    private final AtomicLong names = new AtomicLong();

    /**
     * The text to send: {@code DEALLOCATE} of an evicted statement, the settings, {@code PREPARE} when this
     * connection has not prepared {@code sql} yet, its {@code EXECUTE}, then {@code extra} (unprepared), if any.
     *
     * @param name the prepared statement's name
     * @param prepares whether the text prepares it (on failure, {@link #failed} finds out whether it exists)
     */
    public record Message(String text, String name, boolean prepares) {
    }

    /** The text for {@code sql} on connection {@code c} (which the caller holds for the whole exchange). */
    public Message message(Connection c, String settings, List<Object> settingValues, BoundStatement sql, BoundStatement extra)
            throws SQLException {
        BaseConnection pg = c.unwrap(BaseConnection.class);
        boolean scs = pg.getStandardConformingStrings();
        Map<String, String> statements = prepared.computeIfAbsent(pg, k -> new LinkedHashMap<>(16, 0.75f, true));
        StringBuilder out = new StringBuilder(256 + sql.text().length());
        String name = statements.get(sql.text());
        boolean prepares = name == null;
        if (prepares) {
            if (statements.size() >= PER_CONNECTION) {
                Iterator<Map.Entry<String, String>> eldest = statements.entrySet().iterator();
                out.append("DEALLOCATE ").append(eldest.next().getValue()).append(";\n");
                eldest.remove();
            }
            name = "pgrst_" + names.incrementAndGet();
        }
        inline(out, settings, settingValues, scs);
        out.append(";\n");
        if (prepares) {
            out.append("PREPARE ").append(name);
            for (int i = 0; i < sql.params().size(); i++) {
                // Long values are counts (LIMIT, OFFSET); any other value's type comes from where it is used.
                out.append(i == 0 ? " (" : ", ").append(sql.params().get(i) instanceof Long ? "bigint" : "unknown");
            }
            out.append(sql.params().isEmpty() ? "" : ")").append(" AS ").append(numbered(sql.text())).append(";\n");
        }
        out.append("EXECUTE ").append(name);
        if (!sql.params().isEmpty()) {
            out.append('(');
            for (int i = 0; i < sql.params().size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                literal(out, sql.params().get(i), scs);
            }
            out.append(')');
        }
        if (extra != null) {
            out.append(";\n");
            inline(out, extra.text(), extra.params(), scs);
        }
        if (prepares) {
            // Recorded before sending: if the text fails, failed() checks whether PREPARE ran.
            statements.put(sql.text(), name);
        }
        return new Message(out.toString(), name, prepares);
    }

    /**
     * After {@code m} failed: keeps its statement only if the database has it (PREPARE is not undone
     * by the failure of a later part, and does not run after the failure of an earlier one).
     */
    public void failed(Connection c, Message m, String sqlText) {
        if (!m.prepares()) {
            return;
        }
        try {
            BaseConnection pg = c.unwrap(BaseConnection.class);
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT FROM pg_prepared_statements WHERE name = ?)")) {
                ps.setString(1, m.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
            }
            if (!exists) {
                Map<String, String> statements = prepared.get(pg);
                if (statements != null) {
                    statements.remove(sqlText, m.name());
                }
            }
        } catch (SQLException e) {
            // The connection is broken: the pool retires it, and with it what it had prepared.
            prepared.remove(unwrapOrNull(c));
        }
    }

    private static PGConnection unwrapOrNull(Connection c) {
        try {
            return c.unwrap(PGConnection.class);
        } catch (SQLException e) {
            return null;
        }
    }

    /** {@code text} with each {@code ?} placeholder replaced by its value as a literal. */
    static void inline(StringBuilder out, String text, List<Object> values, boolean scs) throws SQLException {
        int[] next = {0};
        SQLException[] failure = {null};
        placeholders(text, out, () -> {
            try {
                literal(out, values.get(next[0]++), scs);
            } catch (SQLException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        if (next[0] != values.size()) {
            throw new IllegalStateException(values.size() + " values for " + next[0] + " placeholders: " + text);
        }
    }

    /** {@code text} with its {@code ?} placeholders numbered {@code $1, $2, ...} (PREPARE's parameters). */
    static String numbered(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int[] next = {0};
        placeholders(text, out, () -> out.append('$').append(++next[0]));
        return out.toString();
    }

    /**
     * Copies {@code text} to {@code out}, calling {@code placeholder} for each {@code ?} outside quoted
     * literals and identifiers (the builder quotes names from the catalogue, which may hold a {@code ?}).
     */
    private static void placeholders(String text, StringBuilder out, Runnable placeholder) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                out.append(ch);
                // A doubled quote inside is the quote itself and keeps the literal open: seen as close then open.
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                out.append(ch);
            } else if (ch == '?') {
                placeholder.run();
            } else {
                out.append(ch);
            }
        }
    }

    /** A value as SQL: NULL, a bigint's digits, or a quoted string of unknown type (typed where it is used). */
    static void literal(StringBuilder out, Object value, boolean scs) throws SQLException {
        if (value == null) {
            out.append("NULL");
        } else if (value instanceof Long l) {
            out.append(l.longValue());
        } else {
            if (!scs) {
                out.append('E');
            }
            out.append('\'');
            // Bytes (a bytea argument) in bytea's hex input format.
            String text = value instanceof byte[] bytes ? "\\x" + java.util.HexFormat.of().formatHex(bytes) : value.toString();
            Utils.escapeLiteral(out, text, scs);
            out.append('\'');
        }
    }
}
