package io.sgregistry.mounter.config;

import io.sgregistry.service.settings.Settings;
import io.sgregistry.sgr.engine.Endpoint;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Settings of the mounter, from its rendered properties file (mode 0600: it holds passwords).
 *
 * @param registry        the registry as {@code registry_api_user} through haproxy:5431 (public images)
 * @param registryDelegate the registry as {@code registry_authenticator}: reads for a token's user
 * @param registryReader  the registry as {@code registry_mount_reader}: rest-engine's postgres_fdw reads the objects
 *                        of layered mounts as this role (any object; the mounter decides who reads a mount), at
 *                        {@code registry.reader_host}/{@code reader_port} (default: the registry's address)
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
                            URI cacheBanUrl, int metricsPort) {

    public static MounterConfig load(Path file) {
        return from(Settings.load(file, "mounter"));
    }

    public static MounterConfig from(Properties p) {
        return from(new Settings(p, "mounter"));
    }

    private static MounterConfig from(Settings p) {
        Endpoint registry = new Endpoint(p.required("registry.host"), p.integer("registry.port", 5431),
                p.required("registry.database"), p.required("registry.user"), p.required("registry.password"));
        Endpoint delegate = new Endpoint(registry.host(), registry.port(), registry.database(),
                p.required("registry.delegate_user"), p.required("registry.delegate_password"));
        Endpoint reader = new Endpoint(p.text("registry.reader_host", registry.host()),
                p.integer("registry.reader_port", registry.port()), registry.database(),
                p.required("registry.reader_user"), p.required("registry.reader_password"));
        Endpoint rest = new Endpoint(p.required("rest_engine.host"), p.integer("rest_engine.port", 5432),
                p.required("rest_engine.database"), p.required("rest_engine.user"), p.required("rest_engine.password"));
        int maxMounts = p.integer("mounts.max_count", 100);
        long maxBytes = p.integer("mounts.max_megabytes", 1024) * 1024L * 1024L;
        if (maxMounts < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("mounts.max_count and mounts.max_megabytes must be at least 1");
        }
        return new MounterConfig(registry, delegate, reader, rest, p.required("data_api.password"), p.hs256Key("jwt.secret"),
                p.integer("server.port", 8080), maxMounts, maxBytes, Duration.ofSeconds(p.integer("mounts.timeout_seconds", 50)),
                p.text("notify.channel", "pgrst"), URI.create(p.required("cache.ban_url")), p.integer("metrics.port", 9400));
    }

    @Override
    public String toString() {
        // Never print a password or the JWT secret (Endpoint's toString omits passwords).
        return "MounterConfig[registry " + registry + ", rest-engine " + restEngine + ", port " + port + ", metrics port " + metricsPort
                + ", max " + maxMounts + " mounts / " + (maxBytes >> 20) + " MiB]";
    }
}
