package io.sgregistry.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Map;

/**
 * PostgREST's error body {@code {"code", "details", "hint", "message"}} (every key present, null when
 * empty, in this order), the one writer of it for rest-server, the mounter (whose errors the gateway
 * relays) and the JSON answers of what Jetty refuses itself.
 */
public final class ErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** PostgREST's media type of an error. */
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private ErrorBody() {
    }

    public static String json(String code, String message, String details, String hint) {
        ObjectNode b = JSON.createObjectNode();
        b.put("code", code);
        b.put("details", details);
        b.put("hint", hint);
        b.put("message", message);
        return b.toString();
    }

    /** Answers {@code status} with the body, and {@code headers} (e.g. WWW-Authenticate); never cached. */
    public static void write(Response response, Callback callback, int status, String code, String message, String details,
                             String hint, Map<String, String> headers) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.forEach(response.getHeaders()::put);
        Content.Sink.write(response, true, json(code, message, details, hint), callback);
    }
}
