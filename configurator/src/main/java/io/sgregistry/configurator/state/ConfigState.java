package io.sgregistry.configurator.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one state file (config.json): flags and secrets. Secrets live under the top-level keys
 * {@code password} and {@code secret}; everything else is a flag. Not thread-safe: one CLI run owns it.
 */
public final class ConfigState {
    public static final Set<String> SECRET_ROOTS = Set.of("password", "secret");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final ObjectNode root;
    private final SecretGenerator generator;
    private boolean dirty;

    private ConfigState(Path file, ObjectNode root, SecretGenerator generator) {
        this.file = file;
        this.root = root;
        this.generator = generator;
    }

    /** Reads the state file, or starts an empty state if it does not exist yet. */
    public static ConfigState load(Path file, SecretGenerator generator) {
        if (!Files.exists(file)) {
            return new ConfigState(file, JsonNodeFactory.instance.objectNode(), generator);
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new ConfigException("config file " + file + " must hold a JSON object",
                        "fix or delete it; a new one is made with fresh secrets");
            }
            return new ConfigState(file, (ObjectNode) node, generator);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config file " + file + " is not valid JSON: " + e.getOriginalMessage(),
                    "fix the JSON at line " + e.getLocation().getLineNr() + ", or delete the file to start afresh");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public static boolean isSecretKey(String dottedKey) {
        int dot = dottedKey.indexOf('.');
        return dot > 0 && SECRET_ROOTS.contains(dottedKey.substring(0, dot));
    }

    /** Returns the value of a secret, generating and recording it on first use. */
    public String secret(String dottedKey) {
        requireSecretKey(dottedKey);
        JsonNode existing = lookup(dottedKey);
        if (existing != null && existing.isTextual()) {
            return existing.asText();
        }
        if (existing != null) {
            throw new ConfigException("'" + dottedKey + "' in " + file + " is not a string",
                    "a secret's path must end at a value; rename the longer paths that start with it");
        }
        String value = generator.next();
        put(dottedKey, TextNode.valueOf(value));
        return value;
    }

    /** Replaces a secret with a fresh value and returns it. */
    public String rotate(String dottedKey) {
        requireSecretKey(dottedKey);
        JsonNode existing = lookup(dottedKey);
        if (existing == null || !existing.isTextual()) {
            throw new ConfigException("no secret '" + dottedKey + "' in " + file,
                    "list the known secrets with 'configurator secrets --config " + file + "'");
        }
        String value = generator.next();
        put(dottedKey, TextNode.valueOf(value));
        return value;
    }

    public Optional<JsonNode> get(String dottedKey) {
        return Optional.ofNullable(lookup(dottedKey));
    }

    /** Sets a flag (or a secret given explicitly). */
    public void set(String dottedKey, JsonNode value) {
        requireKey(dottedKey);
        put(dottedKey, value);
    }

    /** Adds every key of {@code defaults} that the state lacks; existing values win. */
    public void applyDefaults(ObjectNode defaults) {
        merge(root, defaults);
    }

    private void merge(ObjectNode target, ObjectNode defaults) {
        Iterator<Map.Entry<String, JsonNode>> it = defaults.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = target.get(e.getKey());
            if (current == null) {
                target.set(e.getKey(), e.getValue().deepCopy());
                dirty = true;
            } else if (current.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) current, (ObjectNode) e.getValue());
            }
        }
    }

    /** Sets every leaf of {@code flags} (a JSON object), overriding what the state holds. */
    public void applyOverrides(ObjectNode flags) {
        applyOverrides("", flags);
    }

    private void applyOverrides(String prefix, ObjectNode flags) {
        Iterator<Map.Entry<String, JsonNode>> it = flags.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue().isObject()) {
                applyOverrides(key + ".", (ObjectNode) e.getValue());
            } else if (!e.getValue().equals(lookup(key))) {
                set(key, e.getValue());
            }
        }
    }

    /** Reads a JSON object of flags from a file (e.g. compose/test-flags.json). */
    public static ObjectNode readFlags(Path flagsFile) {
        try {
            JsonNode node = JSON.readTree(flagsFile.toFile());
            if (node == null || !node.isObject()) {
                throw new ConfigException("flags file " + flagsFile + " must hold a JSON object", "e.g. {\"monitoring\": {\"enabled\": true}}");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new ConfigException("flags file " + flagsFile + " is not valid JSON: " + e.getOriginalMessage(), "fix the JSON");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + flagsFile, e);
        }
    }

    /** The whole state as plain Java values, for the template engine. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap() {
        return JSON.convertValue(root, Map.class);
    }

    public boolean isDirty() {
        return dirty;
    }

    /** Writes the state back (atomically, owner-only: it holds secrets) if anything changed. */
    public void saveIfChanged() {
        if (dirty || !Files.exists(file)) {
            save();
        }
    }

    public void save() {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            byte[] bytes = JSON.writeValueAsBytes(root);
            SecureFiles.writeAtomically(file, bytes, true);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private JsonNode lookup(String dottedKey) {
        JsonNode node = root;
        for (String part : dottedKey.split("\\.")) {
            node = node.get(part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private void put(String dottedKey, JsonNode value) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null) {
                child = node.putObject(parts[i]);
            } else if (!child.isObject()) {
                throw new ConfigException("'" + String.join(".", java.util.Arrays.copyOf(parts, i + 1))
                        + "' in " + file + " is a value, not a section",
                        "choose another key or remove that value");
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
        dirty = true;
    }

    private static void requireKey(String dottedKey) {
        if (!KEY.matcher(dottedKey).matches()) {
            throw new ConfigException("'" + dottedKey + "' is not a valid key",
                    "use dotted names of letters, digits, '_' and '-', e.g. monitoring.enabled");
        }
    }

    private static void requireSecretKey(String dottedKey) {
        requireKey(dottedKey);
        if (!isSecretKey(dottedKey)) {
            throw new ConfigException("'" + dottedKey + "' is not a secret",
                    "secrets are named password.<...> or secret.<...>");
        }
    }
}
