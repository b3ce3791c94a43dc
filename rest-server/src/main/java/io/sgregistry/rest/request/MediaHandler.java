package io.sgregistry.rest.request;

/**
 * What builds an answer's body for a media type, as PostgREST's media type handlers: rest-server's own
 * (JSON, the singular object, CSV, ...), or the database's: a domain named as the media type
 * ({@code CREATE DOMAIN "text/plain" AS text}) that an aggregate returns (applied to the rows) or that a
 * function returns (its value is the body).
 */
public sealed interface MediaHandler {
    /** rest-server's own body. */
    record Builtin(MediaType media) implements MediaHandler {
    }

    /**
     * An aggregate {@code schema.name} over rows of {@code relation} (null: of any relation, an {@code anyelement}
     * aggregate) returning the domain {@code mediaType}; {@code binary}: the domain is over bytea.
     */
    record Aggregate(String schema, String name, String relation, String mediaType, boolean binary) implements MediaHandler {
    }

    /** A function returning the domain {@code mediaType} (not a set): its value is the body. */
    record Scalar(String mediaType, boolean binary) implements MediaHandler {
    }

    /** The Content-Type of this handler's answers. */
    default String contentType() {
        if (this instanceof Builtin b) {
            return b.media().contentType();
        }
        return Accepted.contentType(resolved(this instanceof Aggregate a ? a.mediaType() : ((Scalar) this).mediaType()));
    }

    /** A domain named {@code *}/{@code *} answers any type, as {@code application/octet-stream} (PostgREST's rule). */
    private static String resolved(String mediaType) {
        return mediaType.equals("*/*") ? "application/octet-stream" : mediaType;
    }
}
