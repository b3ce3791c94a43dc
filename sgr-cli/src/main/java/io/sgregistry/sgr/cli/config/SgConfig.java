package io.sgregistry.sgr.cli.config;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.Endpoint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import io.sgregistry.sgr.registry.TransferLanes;

/**
 * The resolved configuration: {@code values} are the [defaults] keys after precedence
 * (flags > environment > file > built-in defaults); {@code remotes} are the file's
 * {@code [remote: NAME]} sections; {@code file} is the .sgconfig that was read, if any.
 */
public record SgConfig(Map<String, String> values, Map<String, Map<String, String>> remotes, Optional<Path> file) {
    public static final String HOST = "SG_ENGINE_HOST";
    public static final String PORT = "SG_ENGINE_PORT";
    public static final String USER = "SG_ENGINE_USER";
    public static final String PASSWORD = "SG_ENGINE_PWD";
    public static final String DB_NAME = "SG_ENGINE_DB_NAME";
    public static final String IS_REGISTRY = "SG_IS_REGISTRY";
    public static final String NAMESPACE = "SG_NAMESPACE";
    public static final String AUTH_API = "SG_AUTH_API";
    public static final String QUERY_API = "SG_QUERY_API";
    /** Splitgraph's connection pool size; here: how many objects a push or pull moves at once. */
    public static final String POOL = "SG_ENGINE_POOL";
    static final int DEFAULT_TRANSFER_LANES = 4;

    public SgConfig {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        Map<String, Map<String, String>> r = new LinkedHashMap<>();
        remotes.forEach((k, v) -> r.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        remotes = Collections.unmodifiableMap(r);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    /** How many objects a push or pull moves at once ({@value #POOL}, default 4, at most {@link TransferLanes#MAX}). */
    public int transferLanes() {
        Optional<String> v = get(POOL);
        if (v.isEmpty()) {
            return DEFAULT_TRANSFER_LANES;
        }
        try {
            int n = Integer.parseInt(v.get().strip());
            if (n >= 1) {
                return Math.min(n, TransferLanes.MAX);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new SgrException(POOL + " must be a positive whole number, not '" + v.get() + "'",
                "set it in [defaults] of .sgconfig or the environment (1 moves one object at a time)");
    }

    /** The local engine the client works on. */
    public Endpoint engine() {
        return endpoint(values, "the local engine", "[defaults] in .sgconfig, the environment or a flag");
    }

    /** A registry named in a [remote: NAME] section. */
    public Endpoint remote(String name) {
        Map<String, String> section = remotes.get(name);
        if (section == null) {
            throw new SgrException("no remote named '" + name + "' in " + file.map(Path::toString).orElse("any .sgconfig"),
                    "add a [remote: " + name + "] section with SG_ENGINE_HOST, SG_ENGINE_PORT, SG_ENGINE_USER and SG_ENGINE_PWD");
        }
        return endpoint(section, "remote '" + name + "'", "its [remote: " + name + "] section");
    }

    private static Endpoint endpoint(Map<String, String> v, String what, String where) {
        String host = require(v, HOST, what, where);
        String portText = require(v, PORT, what, where);
        int port;
        try {
            port = Integer.parseInt(portText.strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new SgrException(PORT + " of " + what + " is '" + portText + "', not a port number (1 to 65535)",
                    "set it to a number in " + where);
        }
        String user = require(v, USER, what, where);
        String password = require(v, PASSWORD, what, where);
        String db = v.getOrDefault(DB_NAME, "").isEmpty() ? ConfigLoader.DEFAULTS.get(DB_NAME) : v.get(DB_NAME);
        return new Endpoint(host, port, db, user, password);
    }

    private static String require(Map<String, String> v, String key, String what, String where) {
        String value = v.get(key);
        if (value == null || value.isEmpty()) {
            throw new SgrException(key + " is not set for " + what, "set " + key + " in " + where);
        }
        return value;
    }
}
