package io.sgregistry.sgr.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.Repository;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image's provenance: the Splitfile commands that built it, as Splitgraph stores them in
 * {@code images.provenance_data} (a JSON array), one object per command:
 * <pre>
 * {"type": "FROM",   "source_namespace", "source", "source_hash"}
 * {"type": "IMPORT", "source_namespace", "source", "source_hash", "tables", "table_aliases", "table_queries"}
 * {"type": "SQL",    "sql"}
 * {"type": "MOUNT"}                       (irreproducible: the external database moves)
 * </pre>
 * The registry reads the same shape in get_image_dependencies / get_image_dependents.
 */
public final class Provenance {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArrayNode lines;

    private Provenance(ArrayNode lines) {
        this.lines = lines;
    }

    public static Provenance empty() {
        return new Provenance(JSON.createArrayNode());
    }

    /** Parses {@code provenance_data}; null or not an array: the image was not built by a Splitfile. */
    public static Provenance parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(json);
            return n != null && n.isArray() ? new Provenance((ArrayNode) n) : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** An image of a repository. */
    public record ImageId(Repository repository, String hash) {
        @Override
        public String toString() {
            return repository + ":" + hash;
        }
    }

    public void from(Repository source, String hash) {
        ObjectNode o = lines.addObject();
        o.put("type", "FROM");
        source(o, source, hash);
    }

    public void importing(Repository source, String hash, List<String> tables, List<String> aliases, List<Boolean> queries) {
        ObjectNode o = lines.addObject();
        o.put("type", "IMPORT");
        source(o, source, hash);
        tables.forEach(o.putArray("tables")::add);
        aliases.forEach(o.putArray("table_aliases")::add);
        queries.forEach(o.putArray("table_queries")::add);
    }

    public void sql(String canonicalSql) {
        ObjectNode o = lines.addObject();
        o.put("type", "SQL");
        o.put("sql", canonicalSql);
    }

    public void mount() {
        lines.addObject().put("type", "MOUNT");
    }

    public String toJson() {
        return lines.toString();
    }

    public int size() {
        return lines.size();
    }

    /** The images that FROM and IMPORT commands used, in order, each once. */
    public List<ImageId> dependencies() {
        Set<ImageId> out = new LinkedHashSet<>();
        for (JsonNode l : lines) {
            String type = l.path("type").asText();
            if (type.equals("FROM") || type.equals("IMPORT")) {
                out.add(new ImageId(new Repository(l.path("source_namespace").asText(), l.path("source").asText()),
                        l.path("source_hash").asText()));
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The Splitfile that rebuilds the image (Splitgraph's {@code reconstruct_splitfile}), images pinned
     * by hash unless {@code replacement} gives another tag or hash for a repository.
     *
     * @param ignoreIrreproducible write a comment for a MOUNT command instead of failing
     */
    public List<String> toSplitfile(boolean ignoreIrreproducible, Map<Repository, String> replacement) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : lines) {
            String type = l.path("type").asText();
            switch (type) {
                case "FROM" -> out.add("FROM " + image(l, replacement));
                case "IMPORT" -> {
                    List<String> parts = new ArrayList<>();
                    for (int i = 0; i < l.path("tables").size(); i++) {
                        String t = l.path("tables").get(i).asText();
                        boolean q = l.path("table_queries").path(i).asBoolean(false);
                        parts.add((q ? "{" + t.replace("}", "\\}") + "}" : t) + " AS " + l.path("table_aliases").path(i).asText(t));
                    }
                    out.add("FROM " + image(l, replacement) + " IMPORT " + (parts.isEmpty() ? "ALL" : String.join(", ", parts)));
                }
                case "SQL" -> out.add("SQL {" + l.path("sql").asText().replace("}", "\\}") + "}");
                default -> {
                    if (!ignoreIrreproducible) {
                        throw new SgrException("the image was built with a Splitfile command of type " + type + ", which cannot be reproduced"
                                + (type.equals("MOUNT") ? " (the mounted database is a moving target)" : ""),
                                "import the external data into a repository first (sgr mount, then sgr import) and build from that; "
                                        + "-e prints a comment in its place");
                    }
                    out.add("# Irreproducible Splitfile command of type " + type);
                }
            }
        }
        return out;
    }

    private static String image(JsonNode l, Map<Repository, String> replacement) {
        Repository r = new Repository(l.path("source_namespace").asText(), l.path("source").asText());
        return r + ":" + replacement.getOrDefault(r, l.path("source_hash").asText());
    }

    private static void source(ObjectNode o, Repository r, String hash) {
        o.put("source_namespace", r.namespace());
        o.put("source", r.repository());
        o.put("source_hash", hash);
    }
}
