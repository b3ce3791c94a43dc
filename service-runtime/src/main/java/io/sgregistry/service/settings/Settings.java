package io.sgregistry.service.settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A service's settings: the properties file the configurator rendered for it (mode 0600, it holds
 * passwords). Every Java service (rest-server, the mounter, migrate) reads its settings through this,
 * so a missing or malformed value fails the start the same way, naming the key and the service.
 * Values are trimmed; a blank value counts as absent.
 */
public final class Settings {
    private final Properties properties;
    private final String service;

    public Settings(Properties properties, String service) {
        this.properties = properties;
        this.service = service;
    }

    /** Reads {@code file}; a file that cannot be read says how to make it. */
    public static Settings load(Path file, String service) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + service + " configuration " + file + ": " + e.getMessage()
                    + " (render it with the configurator: make config, or pass the right path as the first argument)", e);
        }
        return new Settings(p, service);
    }

    /** The value of {@code key}; absent or blank fails, naming the key. */
    public String required(String key) {
        String v = properties.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("setting " + key + " is missing from the " + service + " configuration");
        }
        return v.trim();
    }

    /** The value of {@code key}, or {@code fallback} when absent or blank. */
    public String text(String key, String fallback) {
        String v = properties.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** A whole number, or {@code fallback} when absent; anything else fails, naming the key. */
    public int integer(String key, int fallback) {
        String v = properties.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " of the " + service + " configuration must be a whole number, got '"
                    + v.trim() + "'", e);
        }
    }

    /** {@code true} or {@code false}, or {@code fallback} when absent; anything else fails, naming the key. */
    public boolean bool(String key, boolean fallback) {
        String v = properties.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return switch (v.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("setting " + key + " of the " + service + " configuration must be true or false, got '"
                    + v.trim() + "'");
        };
    }

    /** A whole number that must be set. */
    public int requiredInteger(String key) {
        required(key);
        return integer(key, 0);
    }

    /** An HS256 key (the registry's token secret): at least 32 bytes, as RFC 7518 requires of HS256. */
    public byte[] hs256Key(String key) {
        required(key);
        return optionalHs256Key(key);
    }

    /** As {@link #hs256Key}, but absent is allowed: an empty key (token verification off). */
    public byte[] optionalHs256Key(String key) {
        byte[] secret = text(key, "").getBytes(StandardCharsets.UTF_8);
        if (secret.length > 0 && secret.length < 32) {
            throw new IllegalArgumentException("setting " + key + " must be at least 32 bytes for HS256");
        }
        return secret;
    }

    /** Every {@code prefix<name><suffix>} key as name -> value, sorted by name (e.g. {@code role.<name>.password}). */
    public Map<String, String> byName(String prefix, String suffix) {
        Map<String, String> found = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix) && key.endsWith(suffix) && key.length() > prefix.length() + suffix.length()) {
                found.put(key.substring(prefix.length(), key.length() - suffix.length()), properties.getProperty(key));
            }
        }
        return found;
    }
}
