package io.sgregistry.sql.migrate;

import io.sgregistry.service.settings.Settings;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the migrate step needs, read from the generated {@code migrate.properties}:
 * where the engine is, the superuser that bootstraps roles, each role's password ({@code role.<name>.password})
 * and Flyway placeholders ({@code placeholder.<name>}).
 */
public record MigrateSettings(String host, int port, String database,
                              String adminUser, String adminPassword,
                              Map<String, String> rolePasswords,
                              Map<String, String> placeholders) {

    public static MigrateSettings load(Path file) {
        Settings s = Settings.load(file, "migrate");
        return new MigrateSettings(s.required("jdbc.host"), s.requiredInteger("jdbc.port"), s.required("jdbc.database"),
                s.required("admin.user"), s.required("admin.password"),
                Map.copyOf(s.byName("role.", ".password")), Map.copyOf(s.byName("placeholder.", "")));
    }

    public String jdbcUrl(String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db + "?connectTimeout=10&socketTimeout=300";
    }
}
