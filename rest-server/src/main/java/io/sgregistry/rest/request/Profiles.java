package io.sgregistry.rest.request;

import io.sgregistry.rest.config.ServerConfig;
import io.sgregistry.rest.error.ErrorCode;

/** The schema a request works in: Accept-Profile (reads) or Content-Profile (writes, POST calls), else the first exposed. */
public final class Profiles {
    private Profiles() {
    }

    /**
     * The schema a request works in.
     *
     * @param schema     the schema (exposed)
     * @param negotiated PostgREST names the schema in the answer's {@code Content-Profile}: when a profile header
     *                   chose it, or when several schemas are exposed and the default was taken (never an internal one)
     */
    public record Chosen(String schema, boolean negotiated) {
    }

    /** A schema exposed by the pattern only (data-api's mounts): internal, never named in an answer. */
    public static boolean internal(ServerConfig config, String schema) {
        return schema != null && !config.schemas().contains(schema) && config.schemaPattern() != null
                && config.schemaPattern().matcher(schema).matches();
    }

    /**
     * The schema a request's profile header names, checked against the exposed ones. The header's value is
     * the schema's name (HTTP's surrounding blanks aside); a blank one is no header.
     */
    public static Chosen choose(ServerConfig config, String header, boolean reading) {
        if (header == null || header.isBlank()) {
            if (config.schemas().isEmpty()) {
                throw ErrorCode.SCHEMA.withMessage("No schema given: this server needs the "
                        + (reading ? "Accept-Profile" : "Content-Profile") + " header", null, null);
            }
            return new Chosen(config.schemas().get(0), config.schemas().size() > 1);
        }
        String s = header.trim();
        boolean listed = config.schemas().contains(s);
        boolean matched = config.schemaPattern() != null && config.schemaPattern().matcher(s).matches();
        if (!listed && !matched) {
            // As PostgREST: the name asked for, and the listed schemas as the hint (the pattern of internal
            // schemas, data-api's mounts, is not told to callers).
            throw ErrorCode.SCHEMA.withMessage("Invalid schema: " + s, null,
                    config.schemas().isEmpty() ? null : "Only the following schemas are exposed: " + String.join(", ", config.schemas()));
        }
        return new Chosen(s, !internal(config, s));
    }
}
