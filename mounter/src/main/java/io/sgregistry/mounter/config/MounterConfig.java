package io.sgregistry.mounter.config;

import io.sgregistry.sgr.engine.Endpoint;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Settings of the mounter, from its rendered properties file (mode 0600: it holds passwords).
 *
 * @param registry        the registry as {@code registry_api_user} through haproxy:5431 (public images)
 * @param registryDelegate the registry as {@code registry_authenticator}: reads for a token's user
 * @param registryReader  the registry as {@code registry_mount_reader}: rest-engine's postgres_fdw reads the objects
 *                        of layered mounts as this role (any object; the mounter decides who reads a mount)
 * @param restEngine      rest-engine's superuser: the mounter administers the engine that holds mounts
 * @param dataApiPassword password of {@code data_api_authenticator}, the role data-api logs in as
 * @param jwtSecret       HS256 key of the registry's tokens: a caller's token decides private mounts
 * @param maxMounts       more mounts than this evicts the least recently used ones
 * @param maxBytes        mounted tables larger than this in total evict the least recently used ones
 * @param cacheBanUrl     Varnish's address inside the Compose network, for BANs after a tag moved
 * @param metricsPort     the internal port of {@code GET /metrics} (Prometheus), routed by nobody
 */
public record MounterConfig(Endpoint registry, Endpoint registryDelegate, Endpoint registryReader, Endpoint restEngine, String dataApiPassword, byte[] jwtSecret,
                            int port, int maxMounts, long maxBytes, Duration mountTimeout, String notifyChannel,
                            java.net.URI cacheBanUrl, int metricsPort) {

    public static MounterConfig load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the configuration " + file + ": " + e.getMessage()
                    + " (render it with the configurator, or pass the right path as the first argument)", e);
        }
        return from(p);
    }

    public static MounterConfig from(Properties p) {
        Endpoint registry = new Endpoint(required(p, "registry.host"), integer(p, "registry.port", 5431),
                required(p, "registry.database"), required(p, "registry.user"), required(p, "registry.password"));
        Endpoint delegate = new Endpoint(registry.host(), registry.port(), registry.database(),
                required(p, "registry.delegate_user"), required(p, "registry.delegate_password"));
        Endpoint reader = new Endpoint(registry.host(), registry.port(), registry.database(),
                required(p, "registry.reader_user"), required(p, "registry.reader_password"));
        Endpoint rest = new Endpoint(required(p, "rest_engine.host"), integer(p, "rest_engine.port", 5432),
                required(p, "rest_engine.database"), required(p, "rest_engine.user"), required(p, "rest_engine.password"));
        String secret = required(p, "jwt.secret");
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("jwt.secret must be at least 32 bytes for HS256");
        }
        int maxMounts = integer(p, "mounts.max_count", 100);
        long maxBytes = integer(p, "mounts.max_megabytes", 1024) * 1024L * 1024L;
        if (maxMounts < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("mounts.max_count and mounts.max_megabytes must be at least 1");
        }
        return new MounterConfig(registry, delegate, reader, rest, required(p, "data_api.password"),
                secret.getBytes(StandardCharsets.UTF_8), integer(p, "server.port", 8080), maxMounts, maxBytes,
                Duration.ofSeconds(integer(p, "mounts.timeout_seconds", 50)), p.getProperty("notify.channel", "pgrst").trim(),
                java.net.URI.create(required(p, "cache.ban_url")), integer(p, "metrics.port", 9400));
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("setting " + key + " is missing from the mounter configuration");
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
        // Never print a password or the JWT secret (Endpoint's toString omits passwords).
        return "MounterConfig[registry " + registry + ", rest-engine " + restEngine + ", port " + port + ", metrics port " + metricsPort
                + ", max " + maxMounts + " mounts / " + (maxBytes >> 20) + " MiB]";
    }
}
