package io.sgregistry.rest.request;

import io.sgregistry.rest.config.ServerConfig;
import io.sgregistry.rest.error.ErrorCode;

/** The schema a request works in: Accept-Profile (reads) or Content-Profile (writes, POST calls), else the first exposed. */
public final class Profiles {
    private Profiles() {
    }

    /** A schema exposed by the pattern only (data-api's mounts): internal, never named in an answer. */
    public static boolean internal(ServerConfig config, String schema) {
        return schema != null && !config.schemas().contains(schema) && config.schemaPattern() != null
                && config.schemaPattern().matcher(schema).matches();
    }

    public static String schema(ServerConfig config, String header, boolean reading) {
        if (header == null || header.isBlank()) {
            if (config.schemas().isEmpty()) {
                throw ErrorCode.SCHEMA.withMessage("No schema given: this server needs the "
                        + (reading ? "Accept-Profile" : "Content-Profile") + " header", null, null);
            }
            return config.schemas().get(0);
        }
        String s = header.trim();
        boolean listed = config.schemas().contains(s);
        boolean matched = config.schemaPattern() != null && config.schemaPattern().matcher(s).matches();
        if (!listed && !matched) {
            // The pattern of internal schemas (data-api's mounts) is not told to callers.
            throw ErrorCode.SCHEMA.withMessage(config.schemas().isEmpty() ? "The schema is not exposed"
                    : "The schema must be one of the following: " + String.join(", ", config.schemas()), null, null);
        }
        return s;
    }
}
