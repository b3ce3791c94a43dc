package io.sgregistry.rest.config;

import io.sgregistry.service.settings.Settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Settings of one rest-server instance, read from a properties file (rendered by the configurator).
 *
 * @param schemas        exposed schemas in order; the first is the default (PostgREST's db-schemas)
 * @param schemaPattern  data-api mode: any existing schema whose name matches is exposed too (null: off)
 * @param maxRows        most rows of one answer (reads and set-returning functions), as PostgREST's db-max-rows
 * @param txEnd          how transactions end, as PostgREST's db-tx-end: commit (default), commit-allow-override,
 *                       rollback, rollback-allow-override (the overrides honour {@code Prefer: tx=commit|rollback})
 * @param corsAllowedOrigins origins CORS allows, as PostgREST's server-cors-allowed-origins (empty: any)
 * @param streamAboveRows a read that may answer more rows than this (its limit, capped by max-rows) is streamed
 *                       row by row instead of built as one value: its memory stays bounded, for one more round trip
 * @param preRequest     a function called in every request's transaction after its settings and before its
 *                       statement, as PostgREST's db-pre-request: {@code schema.function}, or {@code function} of the
 *                       request's schema; empty: none
 * @param aggregatesEnabled whether {@code select} may apply aggregate functions ({@code amount.sum()}, {@code count()}),
 *                       as PostgREST's db-aggregates-enabled; off by default (a grouped read of a whole large table
 *                       costs the database much for one request)
 * @param planEnabled    whether {@code Accept: application/vnd.pgrst.plan} answers the statement's {@code EXPLAIN}, as
 *                       PostgREST's db-plan-enabled; off by default (a plan tells a caller about the database's tables
 *                       and settings, and {@code options=analyze} runs the statement)
 */
public record ServerConfig(String jdbcUrl, String user, String password, int port, int adminPort,
                           List<String> schemas, Pattern schemaPattern, String anonRole,
                           byte[] jwtSecret, Duration statementTimeout, int maxBodyBytes, int poolSize,
                           String notifyChannel, int maxRows, String txEnd, List<String> corsAllowedOrigins,
                           int streamAboveRows, String preRequest, boolean aggregatesEnabled,
                           boolean planEnabled) {
    private static final java.util.Set<String> TX_ENDS = java.util.Set.of("commit", "commit-allow-override", "rollback",
            "rollback-allow-override");
    /** PostgREST has no cap by default; one answer of every row of a large table is a denial of service. */
    public static final int DEFAULT_MAX_ROWS = 1000;
    /** Up to this many rows an answer is built by the database as one value and sent in one round trip. */
    public static final int DEFAULT_STREAM_ABOVE_ROWS = 10_000;

    public static ServerConfig load(Path file) {
        return from(Settings.load(file, "rest-server"));
    }

    public static ServerConfig from(Properties p) {
        return from(new Settings(p, "rest-server"));
    }

    private static ServerConfig from(Settings p) {
        String url = "jdbc:postgresql://" + p.required("db.host") + ":" + p.integer("db.port", 5432) + "/" + p.required("db.database");
        List<String> schemas = Arrays.stream(p.text("db.schemas", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        String patternText = p.text("db.schema_pattern", "");
        Pattern pattern = null;
        if (!patternText.isEmpty()) {
            try {
                pattern = Pattern.compile(patternText);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("db.schema_pattern is not a regular expression: " + e.getMessage(), e);
            }
        }
        if (schemas.isEmpty() && pattern == null) {
            throw new IllegalArgumentException("no schema exposed: set db.schemas (comma separated) or db.schema_pattern");
        }
        return new ServerConfig(url, p.required("db.user"), p.required("db.password"),
                p.integer("server.port", 8080), p.integer("server.admin_port", 8081), schemas, pattern,
                p.required("db.anon_role"), p.optionalHs256Key("jwt.secret"),
                Duration.ofMillis(p.integer("db.statement_timeout_ms", 10_000)),
                p.integer("server.max_body_bytes", 1_048_576), p.integer("db.pool_size", 10),
                p.text("db.channel", "pgrst"), maxRows(p), txEnd(p),
                Arrays.stream(p.text("server.cors_allowed_origins", "").split(",")).map(String::trim).filter(o -> !o.isEmpty())
                        .toList(), p.integer("server.stream_above_rows", DEFAULT_STREAM_ABOVE_ROWS), preRequest(p),
                p.bool("db.aggregates_enabled", false), p.bool("db.plan_enabled", false));
    }

    private static String preRequest(Settings p) {
        String v = p.text("db.pre_request", "").trim();
        String[] parts = v.split("\\.", -1);
        if (!v.isEmpty() && (parts.length > 2 || java.util.Arrays.stream(parts).anyMatch(String::isBlank))) {
            throw new IllegalArgumentException("db.pre_request must be function or schema.function, got '" + v + "'");
        }
        return v;
    }

    private static String txEnd(Settings p) {
        String v = p.text("db.tx_end", "commit");
        if (!TX_ENDS.contains(v)) {
            throw new IllegalArgumentException("db.tx_end must be one of " + new java.util.TreeSet<>(TX_ENDS) + ", got '" + v + "'");
        }
        return v;
    }

    /** Whether the request's transaction rolls back, given its {@code Prefer: tx=...} (null: none). */
    public boolean rollsBack(String preferTx) {
        boolean override = txEnd.endsWith("-allow-override");
        if (override && preferTx != null) {
            return preferTx.equals("rollback");
        }
        return txEnd.startsWith("rollback");
    }

    /** Whether {@code Prefer: tx} is honoured (and so reported in Preference-Applied). */
    public boolean txOverridable() {
        return txEnd.endsWith("-allow-override");
    }

    private static int maxRows(Settings p) {
        int n = p.integer("db.max_rows", DEFAULT_MAX_ROWS);
        if (n < 1) {
            throw new IllegalArgumentException("db.max_rows must be at least 1, got " + n);
        }
        return n;
    }

    /** The limit to run: the caller's, never above {@link #maxRows()}. */
    public long cappedLimit(Long requested) {
        return requested == null ? maxRows : Math.min(requested, maxRows);
    }

    public boolean jwtEnabled() {
        return jwtSecret.length > 0;
    }

    @Override
    public String toString() {
        // Never print the password or the JWT secret.
        return "ServerConfig[" + jdbcUrl + " as " + user + ", port " + port + ", schemas " + schemas
                + (schemaPattern == null ? "" : ", pattern " + schemaPattern) + "]";
    }
}
