package io.sgregistry.rest.request;

import java.util.Locale;

/**
 * What a request's {@code Content-Type} says its body is (PostgREST's content media type): JSON when none is
 * given; {@link #OTHER} for a type rest-server does not read specially (its body is read as JSON).
 */
public enum BodyType {
    JSON, CSV, FORM, TEXT, XML, OCTET_STREAM, OTHER;

    public static BodyType of(String contentType) {
        if (contentType == null) {
            return JSON;
        }
        return switch (contentType.split(";")[0].strip().toLowerCase(Locale.ROOT)) {
            case "application/json" -> JSON;
            case "text/csv" -> CSV;
            case "application/x-www-form-urlencoded" -> FORM;
            case "text/plain" -> TEXT;
            case "text/xml" -> XML;
            case "application/octet-stream" -> OCTET_STREAM;
            default -> OTHER;
        };
    }

    /** A body PostgREST never reads into named arguments: it is only ever bound whole to an unnamed parameter. */
    public boolean raw() {
        return this == TEXT || this == XML || this == OCTET_STREAM;
    }

    /** A function's single unnamed parameter of {@code type} takes a body of this type whole. */
    public boolean fillsUnnamed(String type) {
        return switch (this) {
            case JSON -> type.equals("json") || type.equals("jsonb");
            case TEXT -> type.equals("text");
            case XML -> type.equals("xml");
            case OCTET_STREAM -> type.equals("bytea");
            default -> false;
        };
    }
}
