package io.sgregistry.sgr.meta;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Quoting: every identifier in generated SQL goes through here, and every literal that cannot be a
 * bound parameter (DDL: partition bounds, foreign table options).
 */
public final class Sql {
    private Sql() {
    }

    public static String ident(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal; standard_conforming_strings (on since PostgreSQL 9.1) makes backslashes plain. */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("literal contains a NUL character");
        }
        return '\'' + value.replace("'", "''") + '\'';
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
