package io.sgregistry.rest.query;

/** Quoting of identifiers that come from the catalogue (never from the request). */
public final class Identifiers {
    private Identifiers() {
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
