package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ErrorCode;

/** What a request's path names: the schema root, a relation or a function. */
public sealed interface Target {
    record Root() implements Target {
    }

    record Relation(String name) implements Target {
    }

    record Routine(String name) implements Target {
    }

    /** {@code /} or empty, {@code /rpc/<fn>}, {@code /<relation>}; any deeper path is a 404 (PGRST125). */
    static Target of(String decodedPath) {
        if (decodedPath == null || decodedPath.isEmpty() || decodedPath.equals("/")) {
            return new Root();
        }
        String path = decodedPath.substring(1);
        if (path.startsWith("rpc/") && path.length() > 4 && path.indexOf('/', 4) < 0) {
            return new Routine(path.substring(4));
        }
        if (path.isEmpty() || path.contains("/")) {
            throw ErrorCode.PATH.error(null, null);
        }
        return new Relation(path);
    }
}
