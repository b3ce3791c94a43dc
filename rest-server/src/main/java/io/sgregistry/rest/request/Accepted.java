package io.sgregistry.rest.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One media type of an {@code Accept} header, decoded as PostgREST decodes it: {@code type} is the
 * lower-cased {@code type/subtype}, {@code params} its parameters (names lower-cased, quotes dropped) and
 * {@code written} the entry as written without blanks (what an unknown type is called in a 406).
 */
public record Accepted(String type, Map<String, String> params, String written) {
    private static final String PLAN = "application/vnd.pgrst.plan";
    /** PostgREST's EXPLAIN options, in the order it writes them. */
    private static final List<String> PLAN_OPTIONS = List.of("analyze", "verbose", "settings", "buffers", "wal");
    /** Types PostgREST knows by name: answered with a charset, and called by their name in a 406. */
    private static final List<String> KNOWN = List.of("application/json", "application/geo+json", "text/csv", "text/plain",
            "text/xml", "application/openapi+json", "application/x-www-form-urlencoded");

    public static final Accepted ANY = parse("*/*");

    /** {@code text}: one entry without its quality ({@code type/subtype;name=value;...}). */
    public static Accepted parse(String text) {
        String written = text.replace(" ", "").replace("\t", "");
        String[] parts = written.split(";");
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String name = (eq < 0 ? parts[i] : parts[i].substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : parts[i].substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!name.isEmpty()) {
                params.put(name, value);
            }
        }
        return new Accepted(parts.length == 0 ? "" : parts[0].toLowerCase(Locale.ROOT), Map.copyOf(params), written);
    }

    private boolean stripped() {
        return "stripped".equals(params.get("nulls"));
    }

    /**
     * PostgREST's own vendored types, which no database handler overrides: the singular object (with or
     * without {@code nulls=stripped}) and the array without nulls. Null: another type.
     */
    public MediaType vendored() {
        return switch (type) {
            case "application/vnd.pgrst.object", "application/vnd.pgrst.object+json" ->
                    stripped() ? MediaType.OBJECT_STRIPPED : MediaType.OBJECT;
            case "application/vnd.pgrst.array", "application/vnd.pgrst.array+json" -> stripped() ? MediaType.ARRAY_STRIPPED : null;
            default -> null;
        };
    }

    /** The name a handler is looked up by: PostgREST's array type without {@code nulls=stripped} is JSON. */
    public String key() {
        return type.equals("application/vnd.pgrst.array") || type.equals("application/vnd.pgrst.array+json")
                ? "application/json" : type;
    }

    /** {@code application/vnd.pgrst.plan[+text|+json]}: the statement's EXPLAIN is asked for. */
    public boolean plan() {
        return type.equals(PLAN) || type.equals(PLAN + "+text") || type.equals(PLAN + "+json");
    }

    /** A plan's format: JSON for {@code +json}, text otherwise (PostgREST's default). */
    public boolean planJson() {
        return type.equals(PLAN + "+json");
    }

    /** The media type whose statement a plan explains ({@code for}, JSON by default). */
    public Accepted planFor() {
        return parse(params.getOrDefault("for", "application/json"));
    }

    /** A plan's EXPLAIN options ({@code options=analyze|verbose|...}), in PostgREST's order; unknown ones ignored. */
    public List<String> planOptions() {
        List<String> asked = List.of(params.getOrDefault("options", "").split("\\|"));
        List<String> out = new ArrayList<>();
        for (String o : PLAN_OPTIONS) {
            if (asked.contains(o)) {
                out.add(o);
            }
        }
        return List.copyOf(out);
    }

    /** The type as PostgREST names it (its toMime): in a 406's message and in a plan's {@code for}. */
    public String mime() {
        if (plan()) {
            List<String> options = planOptions();
            return PLAN + (planJson() ? "+json" : "+text") + "; for=\"" + planFor().mime() + "\""
                    + (options.isEmpty() ? "" : "; options=" + String.join("|", options));
        }
        MediaType vendored = vendored();
        if (vendored == MediaType.OBJECT) {
            return "application/vnd.pgrst.object+json";
        }
        if (vendored == MediaType.OBJECT_STRIPPED) {
            return "application/vnd.pgrst.object+json;nulls=stripped";
        }
        if (vendored == MediaType.ARRAY_STRIPPED) {
            return "application/vnd.pgrst.array+json;nulls=stripped";
        }
        String k = key();
        return KNOWN.contains(k) || k.equals("application/octet-stream") || k.equals("*/*") ? k : written;
    }

    /**
     * The Content-Type of an answer of a database handler's media type: PostgREST adds a charset to the types
     * it knows by name, none to {@code application/octet-stream} and to the others (an image, a vendor's type).
     */
    public static String contentType(String mediaType) {
        String t = mediaType.toLowerCase(Locale.ROOT);
        return KNOWN.contains(t) || t.startsWith("application/vnd.pgrst.") ? mediaType + "; charset=utf-8" : mediaType;
    }
}
