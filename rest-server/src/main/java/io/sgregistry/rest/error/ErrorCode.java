package io.sgregistry.rest.error;

import java.util.Map;

/**
 * Every error rest-server answers itself: PostgREST's code, its HTTP status and its message (errors
 * raised by PostgreSQL keep their SQLSTATE, see {@link SqlErrors}). The one place where a code is
 * spelled; handlers name the entry and add the details of the case.
 */
public enum ErrorCode {
    /** The database cannot be reached. */
    CONNECTION(503, "PGRST000", "Could not connect with the database"),
    /** The pool had no connection in time. */
    POOL_TIMEOUT(504, "PGRST003", "Timed out acquiring connection from connection pool."),
    /** The query string does not parse. */
    QUERY_PARSE(400, "PGRST100", null),
    /** A function is called with another method than GET, HEAD or POST. */
    RPC_METHOD(405, "PGRST101", "Cannot use this method on RPC"),
    /** The body is empty, not JSON, not the right shape. */
    INVALID_BODY(400, "PGRST102", "Empty or invalid json"),
    /** An offset or range beyond the rows. */
    RANGE(416, "PGRST103", "Requested range not satisfiable"),
    /** PUT without a filter on every primary key column. */
    INVALID_PUT(405, "PGRST105", "Filters must include all and only primary key columns with 'eq' operators"),
    /** A schema that is not exposed. */
    SCHEMA(406, "PGRST106", null),
    /** An Accept header naming nothing rest-server produces. */
    MEDIA_TYPE(406, "PGRST107", null),
    /** A filter on an embedded resource that is not selected. */
    EMBED_FILTER(400, "PGRST108", null),
    /** {@code response.headers} set by SQL is not a JSON array of objects of strings. */
    RESPONSE_HEADERS(500, "PGRST111", "response.headers guc must be a JSON array composed of objects with a single key and a string value"),
    /** {@code response.status} set by SQL is not a whole number. */
    RESPONSE_STATUS(500, "PGRST112", "response.status guc must be a valid status code"),
    /** PUT with limit or offset. */
    PUT_LIMIT(400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT"),
    /** PUT whose body's key differs from the filter's. */
    PUT_KEY(400, "PGRST115", "Payload values do not match URL in primary key column(s)"),
    /** A singular answer of zero or several rows. */
    SINGULAR(406, "PGRST116", "Cannot coerce the result to a single JSON object"),
    /** An order by an embedding that is not to-one. */
    RELATED_ORDER(400, "PGRST118", null),
    /** A spread ({@code ...rel(...)}) of an embedding that is not to-one. */
    SPREAD_NOT_TO_ONE(400, "PGRST119", null),
    /** An aggregate function ({@code amount.sum()}, {@code count()}) while {@code db.aggregates_enabled} is off. */
    AGGREGATES_NOT_ALLOWED(400, "PGRST123", "Use of aggregate functions is not allowed"),
    /** A method rest-server does not serve. */
    METHOD(405, "PGRST117", null),
    /** {@code RAISE SQLSTATE 'PGRST'} with a MESSAGE or DETAIL that is not the expected JSON. */
    RAISED_JSON(500, "PGRST121", "Could not parse JSON in the RAISE SQLSTATE 'PGRST' error"),
    /** A Prefer header with invalid preferences under {@code handling=strict}. */
    INVALID_PREFER(400, "PGRST122", "Invalid preferences given with handling=strict"),
    /** An update, delete or call that affects more rows than {@code Prefer: max-affected} under {@code handling=strict}. */
    MAX_AFFECTED(400, "PGRST124", "Query result exceeds max-affected preference constraint"),
    /** {@code max-affected} with {@code handling=strict} on a function that returns one value. */
    MAX_AFFECTED_RPC(400, "PGRST128", "Function must return SETOF or TABLE when max-affected preference is used with handling=strict"),
    /** A path of more than one segment. */
    PATH(404, "PGRST125", "Invalid path specified in request URL"),
    /** A feature rest-server does not implement. */
    NOT_IMPLEMENTED(400, "PGRST127", "Feature not implemented"),
    /** No relationship for an embedding. */
    RELATIONSHIP(400, "PGRST200", null),
    /** More than one relationship for an embedding. */
    AMBIGUOUS_EMBED(300, "PGRST201", null),
    /** No function of that name and arguments. */
    FUNCTION(404, "PGRST202", null),
    /** Several functions of that name match the arguments. */
    AMBIGUOUS_FUNCTION(300, "PGRST203", null),
    /** A column in the body or {@code columns} that the relation lacks. */
    COLUMN(400, "PGRST204", null),
    /** No relation of that name. */
    TABLE(404, "PGRST205", null),
    /** Tokens are given but the server has no secret. */
    JWT_SECRET(500, "PGRST300", "Server lacks JWT secret"),
    /** A token that cannot be decoded or verified. */
    JWT_INVALID(401, "PGRST301", null),
    /** A token whose claims are not valid (expired, not yet valid). */
    JWT_CLAIMS(401, "PGRST303", null),
    /** A body larger than {@code server.max_body_bytes}. */
    BODY_TOO_LARGE(413, "PGRST413", "Request body too large"),
    /** A column the relation lacks, named in select, filter or order (PostgreSQL's own code, as PostgREST answers). */
    UNDEFINED_COLUMN(400, "42703", null),
    /** A bug: the caller learns nothing of the implementation. */
    INTERNAL(500, "PGRSTX00", "internal error");

    private final int status;
    private final String code;
    private final String message;

    ErrorCode(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The catalogue's message; null where each case writes its own. */
    public String message() {
        return message;
    }

    /** The error with the catalogue's message. */
    public ApiError error(String details, String hint) {
        return new ApiError(status, code, message, details, hint, Map.of());
    }

    /** The error with a message of its own (for entries whose message names the case). */
    public ApiError withMessage(String message, String details, String hint) {
        return new ApiError(status, code, message, details, hint, Map.of());
    }
}
