package io.sgregistry.rest.request;

/** The media types rest-server produces, and the value of {@code Content-Type} it answers with. */
public enum MediaType {
    JSON("application/json; charset=utf-8"),
    /** One row as an object: {@code application/vnd.pgrst.object[+json]}. */
    OBJECT("application/vnd.pgrst.object+json; charset=utf-8"),
    /** Rows without their null-valued keys: {@code application/vnd.pgrst.array[+json];nulls=stripped}. */
    ARRAY_STRIPPED("application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8"),
    /** One row without its null-valued keys: {@code application/vnd.pgrst.object[+json];nulls=stripped}. */
    OBJECT_STRIPPED("application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8"),
    CSV("text/csv; charset=utf-8"),
    OPENAPI("application/openapi+json; charset=utf-8");

    private final String contentType;

    MediaType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** One row as an object (exactly one row, or PGRST116). */
    public boolean singular() {
        return this == OBJECT || this == OBJECT_STRIPPED;
    }
}
