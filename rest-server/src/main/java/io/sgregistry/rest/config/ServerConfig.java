package io.sgregistry.rest.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 */
public record ServerConfig(String jdbcUrl, String user, String password, int port, int adminPort,
                           List<String> schemas, Pattern schemaPattern, String anonRole,
                           byte[] jwtSecret, Duration statementTimeout, int maxBodyBytes, int poolSize,
                           String notifyChannel, Duration connectTimeout, int maxRows, String txEnd) {
    private static final java.util.Set<String> TX_ENDS = java.util.Set.of("commit", "commit-allow-override", "rollback",
            "rollback-allow-override");
    /** PostgREST has no cap by default; one answer of every row of a large table is a denial of service. */
    public static final int DEFAULT_MAX_ROWS = 1000;

    public static ServerConfig load(Path file, Map<String, String> env) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the configuration " + file + ": " + e.getMessage()
                    + " (render it with the configurator, or pass the right path as the first argument)", e);
        }
        return from(p, env);
    }

    public static ServerConfig from(Properties p, Map<String, String> env) {
        String host = required(p, "db.host");
        String url = "jdbc:postgresql://" + host + ":" + p.getProperty("db.port", "5432") + "/"
                + required(p, "db.database") + "?ApplicationName=rest-server&connectTimeout=10&tcpKeepAlive=true";
        String schemaList = p.getProperty("db.schemas", "");
        List<String> schemas = Arrays.stream(schemaList.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        String patternText = p.getProperty("db.schema_pattern", "").trim();
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
        String secret = p.getProperty("jwt.secret", "");
        if (!secret.isEmpty() && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("jwt.secret must be at least 32 bytes for HS256");
        }
        return new ServerConfig(url, required(p, "db.user"), required(p, "db.password"),
                integer(p, "server.port", 8080), integer(p, "server.admin_port", 8081), schemas, pattern,
                required(p, "db.anon_role"), secret.getBytes(StandardCharsets.UTF_8),
                Duration.ofMillis(integer(p, "db.statement_timeout_ms", 10_000)),
                integer(p, "server.max_body_bytes", 1_048_576), integer(p, "db.pool_size", 10),
                p.getProperty("db.channel", "pgrst"), Duration.ofSeconds(10), maxRows(p), txEnd(p));
    }

    private static String txEnd(Properties p) {
        String v = p.getProperty("db.tx_end", "commit").trim();
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

    private static int maxRows(Properties p) {
        int n = integer(p, "db.max_rows", DEFAULT_MAX_ROWS);
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

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("setting " + key + " is missing from the rest-server configuration");
        }
        return v.trim();
    }

    private static int integer(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + v + "'", e);
        }
    }

    @Override
    public String toString() {
        // Never print the password or the JWT secret.
        return "ServerConfig[" + jdbcUrl + " as " + user + ", port " + port + ", schemas " + schemas
                + (schemaPattern == null ? "" : ", pattern " + schemaPattern) + "]";
    }
}
