package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ErrorCode;

/** What a request asks for, from its method and target (PostgREST's Action). */
public enum Action {
    /** GET or HEAD of the schema root: the OpenAPI description. */
    INFO,
    /** GET or HEAD of a relation. */
    READ,
    /** POST to a relation. */
    INSERT,
    /** PATCH of a relation. */
    UPDATE,
    /** PUT of one row by its primary key. */
    SINGLE_UPSERT,
    /** DELETE from a relation. */
    DELETE,
    /** OPTIONS of a relation or function. */
    OPTIONS,
    /** GET or HEAD of a function: runs read-only. */
    CALL_READ,
    /** POST to a function. */
    CALL;

    public static Action of(String method, Target target) {
        if (target instanceof Target.Root) {
            return switch (method) {
                case "GET", "HEAD" -> INFO;
                case "OPTIONS" -> OPTIONS;
                default -> throw unsupported(method);
            };
        }
        if (target instanceof Target.Routine) {
            return switch (method) {
                case "GET", "HEAD" -> CALL_READ;
                case "POST" -> CALL;
                case "OPTIONS" -> OPTIONS;
                default -> throw ErrorCode.RPC_METHOD.withMessage("Cannot use the " + method + " method on RPC", null, null);
            };
        }
        return switch (method) {
            case "GET", "HEAD" -> READ;
            case "POST" -> INSERT;
            case "PATCH" -> UPDATE;
            case "PUT" -> SINGLE_UPSERT;
            case "DELETE" -> DELETE;
            case "OPTIONS" -> OPTIONS;
            default -> throw unsupported(method);
        };
    }

    /** Reads go to Accept-Profile's schema; everything else to Content-Profile's. */
    public boolean reads() {
        return this == INFO || this == READ || this == CALL_READ || this == OPTIONS;
    }

    private static RuntimeException unsupported(String method) {
        return ErrorCode.METHOD.withMessage("Unsupported HTTP method: " + method, null, null);
    }
}
