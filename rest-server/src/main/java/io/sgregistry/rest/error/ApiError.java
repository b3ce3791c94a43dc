package io.sgregistry.rest.error;

import java.util.Map;

/**
 * An error answered in PostgREST's shape {@code {code, message, details, hint}} with its HTTP status.
 * Thrown anywhere in request handling; the handler turns it into the response.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String details;
    private final String hint;
    private final Map<String, String> headers;

    /** Errors with a code of their own (SQLSTATE, raised by SQL); rest-server's own come from {@link ErrorCode}. */
    ApiError(int status, String code, String message, String details, String hint, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
        this.hint = hint;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String details() {
        return details;
    }

    public String hint() {
        return hint;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The same error with these response headers too. */
    public ApiError withHeaders(Map<String, String> more) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putAll(more);
        return new ApiError(status, code, getMessage(), details, hint, Map.copyOf(all));
    }

    /**
     * The same error with {@code name} (an internal schema) taken out of its message, details and hint:
     * {@code name.x} becomes {@code x}, a bare {@code name} becomes {@code replacement}.
     */
    public ApiError hiding(String name, String replacement) {
        return new ApiError(status, code, hide(getMessage(), name, replacement), hide(details, name, replacement),
                hide(hint, name, replacement), headers);
    }

    private static String hide(String text, String name, String replacement) {
        if (text == null || name == null || name.isEmpty()) {
            return text;
        }
        String quoted = io.sgregistry.quoting.SqlQuoting.ident(name);
        return text.replace(quoted + ".", "").replace(name + ".", "").replace(quoted, replacement).replace(name, replacement);
    }

    /** PGRST100: the query string could not be parsed. */
    public static ApiError parse(String message, String details) {
        return ErrorCode.QUERY_PARSE.withMessage(message, details, null);
    }
}
