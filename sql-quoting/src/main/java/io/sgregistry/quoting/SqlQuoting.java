package io.sgregistry.quoting;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one quoting of generated SQL in this project: every identifier (a LISTEN channel too) goes
 * through {@link #ident}, and every literal that cannot be a bound parameter (DDL: partition bounds,
 * foreign table options) through {@link #literal}. PostgreSQL cannot store a NUL character in a name or a
 * text value, and a driver may cut the statement there, so both refuse one rather than quote it.
 * A module with no dependencies, so that the sgr library, the services and migrate share it.
 */
public final class SqlQuoting {
    private SqlQuoting() {
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
        return names.stream().map(SqlQuoting::ident).collect(Collectors.joining(", "));
    }

    public static String identList(List<String> names, String prefix) {
        return names.stream().map(n -> prefix + "." + ident(n)).collect(Collectors.joining(", "));
    }
}
