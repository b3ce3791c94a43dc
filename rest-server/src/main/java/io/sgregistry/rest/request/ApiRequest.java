package io.sgregistry.rest.request;

import java.util.List;
import java.util.Map;

/**
 * One request as PostgREST's request stage understands it, independent of the HTTP server: what it
 * targets and asks, in which schema, with which preferences, range and accepted media type.
 *
 * @param method      the HTTP method (GET, HEAD, POST, ...)
 * @param target      the root, a relation or a function
 * @param action      what the method asks of the target
 * @param schema      the schema chosen by Accept-Profile or Content-Profile (already checked as exposed)
 * @param negotiated  the answer names the schema in {@code Content-Profile} ({@link Profiles.Chosen#negotiated()})
 * @param params      the query string's parameters
 * @param prefer      the Prefer header
 * @param range       the Range header (null: none)
 * @param accept      the Accept header (null: none)
 * @param contentType the Content-Type header (null: none)
 * @param body        the body, read on demand (within the size limit)
 * @param headers     every request header, lower-cased names (request.headers)
 * @param cookies     the request's cookies (request.cookies)
 */
public record ApiRequest(String method, Target target, Action action, String schema, boolean negotiated,
                         List<Map.Entry<String, String>> params, Prefer prefer, RangeHeader range, String accept,
                         String contentType, RequestBody body, Map<String, String> headers,
                         Map<String, String> cookies) {
    public boolean head() {
        return "HEAD".equals(method);
    }

    /** The schema an answer names in {@code Content-Profile}; null: none. */
    public String contentProfile() {
        return negotiated ? schema : null;
    }
}
