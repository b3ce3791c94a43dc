package io.sgregistry.sgr.meta;

import java.util.List;
import java.util.stream.Collectors;

/** Identifier quoting: every identifier in generated SQL goes through here. */
public final class Sql {
    private Sql() {
    }

    public static String ident(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String qualified(String schema, String table) {
        return ident(schema) + "." + ident(table);
    }

    public static String identList(List<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    public static String identList(List<String> names, String prefix) {
        return names.stream().map(n -> prefix + "." + ident(n)).collect(Collectors.joining(", "));
    }
}
