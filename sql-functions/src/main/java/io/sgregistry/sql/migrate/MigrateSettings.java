package io.sgregistry.sql.migrate;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the migrate step needs, read from the generated {@code migrate.properties}:
 * where the engine is, the superuser that bootstraps roles, each role's password and Flyway placeholders.
 */
public record MigrateSettings(String host, int port, String database,
                              String adminUser, String adminPassword,
                              Map<String, String> rolePasswords,
                              Map<String, String> placeholders) {

    public static MigrateSettings load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migrate settings " + file
                    + " (render the configuration first: make config)", e);
        }
        Map<String, String> roles = new LinkedHashMap<>();
        Map<String, String> placeholders = new TreeMap<>();
        for (String name : new TreeMap<>(toMap(p)).keySet()) {
            if (name.startsWith("role.") && name.endsWith(".password")) {
                roles.put(name.substring(5, name.length() - 9), p.getProperty(name));
            } else if (name.startsWith("placeholder.")) {
                placeholders.put(name.substring(12), p.getProperty(name));
            }
        }
        return new MigrateSettings(
                required(p, "jdbc.host", file), Integer.parseInt(required(p, "jdbc.port", file)),
                required(p, "jdbc.database", file),
                required(p, "admin.user", file), required(p, "admin.password", file),
                Map.copyOf(roles), Map.copyOf(placeholders));
    }

    public String jdbcUrl(String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db + "?connectTimeout=10&socketTimeout=300";
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(n -> m.put(n, p.getProperty(n)));
        return m;
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(file + " lacks '" + key + "'; render the configuration again (make config)");
        }
        return v.trim();
    }
}
