package io.sgregistry.rest.response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * CORS as PostgREST answers it (its wai-cors policy): only a request with an {@code Origin} takes part.
 * Without allowed origins configured any origin is allowed ({@code Access-Control-Allow-Origin: *});
 * with them, a listed origin is echoed with {@code Access-Control-Allow-Credentials: true} and any other
 * gets no CORS headers (the request itself is still answered). A preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered here: every method, the headers asked for
 * after {@code Authorization}, for a day.
 */
public final class Cors {
    private static final String METHODS = "GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD";
    /** Headers a browser may always send (CORS's safelisted ones), allowed after those asked for. */
    private static final List<String> SIMPLE_HEADERS = List.of("Accept", "Accept-Language", "Content-Language");
    private static final String EXPOSED = "Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, "
            + "Transfer-Encoding, Range-Unit";
    private static final String MAX_AGE = Integer.toString(24 * 60 * 60);

    private final List<String> allowedOrigins;

    /** {@code allowedOrigins}: empty allows any origin. */
    public Cors(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Whether a request is a preflight: OPTIONS from an origin asking which method it may use. */
    public static boolean preflight(String method, String origin, String requestMethod) {
        return origin != null && "OPTIONS".equals(method) && requestMethod != null;
    }

    /** The preflight's answer, or null when the origin is not allowed (then the request is answered as any other). */
    public Answer preflightAnswer(String origin, String requestHeaders) {
        Map<String, String> headers = allowOrigin(origin);
        if (headers.isEmpty()) {
            return null;
        }
        List<String> allowed = new ArrayList<>();
        allowed.add("Authorization");
        if (requestHeaders != null) {
            for (String h : requestHeaders.split(",")) {
                if (!h.isBlank()) {
                    allowed.add(h.strip());
                }
            }
        }
        allowed.addAll(SIMPLE_HEADERS);
        headers.put("Access-Control-Max-Age", MAX_AGE);
        headers.put("Access-Control-Allow-Methods", METHODS);
        headers.put("Access-Control-Allow-Headers", String.join(", ", distinct(allowed)));
        return new Answer(200, null, (byte[]) null, headers);
    }

    /** {@code answer} with the CORS headers of a request from {@code origin} (null: none) added. */
    public Answer actual(String origin, Answer answer) {
        if (origin == null) {
            return answer;
        }
        Map<String, String> cors = allowOrigin(origin);
        if (cors.isEmpty()) {
            return answer;
        }
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.putAll(cors);
        headers.put("Access-Control-Expose-Headers", EXPOSED);
        return new Answer(answer.status(), answer.contentType(), answer.body(), headers);
    }

    private Map<String, String> allowOrigin(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (allowedOrigins.isEmpty()) {
            headers.put("Access-Control-Allow-Origin", "*");
        } else if (allowedOrigins.contains(origin)) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        return headers;
    }

    /** The names in order, each once whatever its case. */
    private static List<String> distinct(List<String> names) {
        TreeSet<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (seen.add(n.toLowerCase(Locale.ROOT))) {
                out.add(n);
            }
        }
        return out;
    }
}
