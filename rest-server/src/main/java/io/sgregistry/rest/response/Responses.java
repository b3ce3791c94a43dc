package io.sgregistry.rest.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.ErrorCode;
import io.sgregistry.service.http.ErrorBody;
import io.sgregistry.rest.plan.Plan;
import io.sgregistry.rest.query.QueryResult;
import io.sgregistry.rest.request.Action;
import io.sgregistry.rest.request.MediaType;
import io.sgregistry.rest.request.Negotiated;
import io.sgregistry.rest.request.Prefer;
import io.sgregistry.rest.request.RangeHeader;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The response stage: status, Content-Range, Preference-Applied and body of each kind of plan, as
 * PostgREST answers them, then what SQL set in {@code response.status} and {@code response.headers}.
 */
public final class Responses {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * PostgREST's Vary on every answer that is not an error: what besides the URL an answer depends on.
     * {@code response.headers} (a pre-request function, the function called) may replace it.
     */
    static final String VARY = "Accept, Prefer, Range";

    private Responses() {
    }

    /** {@code headers} with PostgREST's Vary, unless they name one already (any case). */
    private static Map<String, String> withVary(Map<String, String> headers) {
        if (headers.keySet().stream().noneMatch("Vary"::equalsIgnoreCase)) {
            headers.put("Vary", VARY);
        }
        return headers;
    }

    /**
     * {@code Content-Profile} naming the schema of an answer with a body, as PostgREST sends it along with the
     * Content-Type (so not on a 204, nor on an error); {@code schema} null: none (one schema exposed and no
     * profile asked for, or an internal schema). {@code response.headers} set by SQL has been applied already
     * and wins.
     */
    public static Answer profiled(Answer a, String schema) {
        if (schema == null || a.contentType() == null || a.headers().keySet().stream().anyMatch("Content-Profile"::equalsIgnoreCase)) {
            return a;
        }
        Map<String, String> headers = new LinkedHashMap<>(a.headers());
        headers.put("Content-Profile", schema);
        return new Answer(a.status(), a.contentType(), a.body(), headers);
    }

    /** The OpenAPI document's answer. */
    public static Answer info(String document) {
        return new Answer(200, "application/openapi+json; charset=utf-8", document, withVary(new LinkedHashMap<>()));
    }

    /** A singular answer must be exactly one row; checked before the transaction ends, so a write rolls back. */
    public static void checkSingular(Negotiated media, QueryResult r) {
        if (media.singular() && r.page() != 1) {
            throw ErrorCode.SINGULAR.error("The result contains " + r.page() + " rows", null);
        }
    }

    /** {@code Prefer: handling=strict, max-affected=n}: more rows affected rolls the transaction back. */
    public static void checkMaxAffected(Prefer prefer, QueryResult r) {
        Long max = prefer.strictMaxAffected();
        if (max != null && r.page() > max) {
            throw ErrorCode.MAX_AFFECTED.error("The query affects " + r.page() + " rows", null);
        }
    }

    /** The status of a read or call: 206 when the count shows rows beyond this page, 416 when it starts past them. */
    public static int readStatus(long offset, long page, Long total) {
        if (total != null && offset > 0 && offset >= total) {
            return 416;
        }
        return total != null && (offset > 0 || page < total) ? 206 : 200;
    }

    public static Answer read(Plan.Read plan, QueryResult r, Prefer prefer, boolean txApplied) {
        Map<String, String> headers = new LinkedHashMap<>();
        int status = readStatus(plan.offset(), r.page(), r.total());
        if (status == 416) {
            throw outOfRange(plan.offset(), r.total());
        }
        headers.put("Content-Range", RangeHeader.contentRange(plan.offset(), r.page(), r.total()));
        putApplied(headers, prefer.appliedToRead(txApplied, false));
        return overridden(new Answer(status, plan.media().contentType(), r.body(), headers), r);
    }

    private static ApiError outOfRange(long offset, Long total) {
        return ErrorCode.RANGE.error("An offset of " + offset + " was requested, but there are only " + total + " rows.", null)
                .withHeaders(Map.of("Content-Range", "*/" + total));
    }

    public static Answer call(Plan.Call plan, QueryResult r, Prefer prefer, boolean txApplied) {
        Map<String, String> headers = new LinkedHashMap<>();
        int status = readStatus(plan.offset(), r.page(), r.total());
        if (status == 416) {
            throw outOfRange(plan.offset(), r.total());
        }
        headers.put("Content-Range", plan.function().returnsSet()
                ? RangeHeader.contentRange(plan.offset(), r.page(), r.total()) : RangeHeader.contentRange(0, r.page(), r.total()));
        putApplied(headers, prefer.appliedToRead(txApplied, true));
        if (plan.function().returnType().equals("void")) {
            return overridden(new Answer(204, null, (byte[]) null, headers), r);
        }
        return overridden(new Answer(status, plan.media().contentType(), r.body(), headers), r);
    }

    /**
     * A write: 201 for an insert (200 for an upsert that only updated), 200 or 204 for an update or delete
     * (with or without representation), 201/200 for a PUT that inserted/replaced. {@code location}: the
     * path of the inserted row, for {@code return=headers-only}.
     */
    public static Answer mutate(Plan.Mutate plan, QueryResult r, Prefer prefer, boolean txApplied) {
        Map<String, String> headers = new LinkedHashMap<>();
        Action action = plan.action();
        boolean representation = prefer.representation();
        // PostgREST counts a write's rows for count=exact and count=estimated (planned is not counted).
        Long total = "exact".equals(prefer.count()) || "estimated".equals(prefer.count()) ? Long.valueOf(r.page()) : null;
        String affected = "*/" + (total == null ? "*" : total);
        int status;
        switch (action) {
            case INSERT -> {
                // A merge that inserted nothing (the total is how many of the body's keys existed; [] too) is a
                // 200, as PostgREST answers.
                long existed = r.total() == null ? 0 : r.total();
                boolean onlyUpdated = plan.upsert() && "merge-duplicates".equals(prefer.resolution()) && r.page() - existed <= 0;
                status = onlyUpdated ? 200 : 201;
                headers.put("Content-Range", affected);
                if (prefer.headersOnly() && r.page() == 1 && !plan.relation().primaryKey().isEmpty()) {
                    headers.put("Location", location(plan, r.body()));
                }
            }
            case UPDATE -> {
                status = representation ? 200 : 204;
                headers.put("Content-Range", RangeHeader.contentRange(0, r.page(), total));
            }
            case DELETE -> {
                status = representation ? 200 : 204;
                headers.put("Content-Range", affected);
            }
            case SINGLE_UPSERT -> status = representation ? (r.total() != null && r.total() > 0 ? 200 : 201) : 204;
            default -> throw new IllegalStateException("not a write: " + action);
        }
        Prefer applied = plan.upsert() ? prefer : prefer.withoutResolution();
        putApplied(headers, applied.appliedToWrite(txApplied, action == Action.UPDATE || action == Action.DELETE));
        if (!representation) {
            return overridden(new Answer(status, null, (byte[]) null, headers), r);
        }
        return overridden(new Answer(status, plan.media().contentType(), r.body(), headers), r);
    }

    /** {@code /table?pk=eq.value}: where the inserted row can be read (the body holds its key columns). */
    private static String location(Plan.Mutate plan, byte[] body) {
        StringBuilder sb = new StringBuilder("/").append(plan.relation().name());
        try {
            JsonNode row = MAPPER.readTree(body).path(0);
            String sep = "?";
            for (String k : plan.relation().primaryKey()) {
                JsonNode v = row.get(k);
                sb.append(sep).append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append("=eq.")
                        .append(URLEncoder.encode(v == null || v.isNull() ? "" : v.asText(), StandardCharsets.UTF_8));
                sep = "&";
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the key of the inserted row is not JSON", e);
        }
        return sb.toString();
    }

    private static void putApplied(Map<String, String> headers, String applied) {
        if (applied != null) {
            headers.put("Preference-Applied", applied);
        }
    }

    /** {@code response.status} replaces the status; {@code response.headers} add to (and replace) the headers. */
    static Answer overridden(Answer a, QueryResult r) {
        int status = a.status();
        if (r.responseStatus() != null && !r.responseStatus().isBlank()) {
            try {
                status = Integer.parseInt(r.responseStatus().strip());
            } catch (NumberFormatException e) {
                throw ErrorCode.RESPONSE_STATUS.error(null, null);
            }
            if (status < 100 || status > 599) {
                throw ErrorCode.RESPONSE_STATUS.error(null, null);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(a.headers());
        String contentType = a.contentType();
        if (r.responseHeaders() != null && !r.responseHeaders().isBlank()) {
            for (Map.Entry<String, String> h : gucHeaders(r.responseHeaders()).entrySet()) {
                if (h.getKey().equalsIgnoreCase("Content-Type")) {
                    contentType = h.getValue();
                } else {
                    headers.keySet().removeIf(k -> k.equalsIgnoreCase(h.getKey()));
                    headers.put(h.getKey(), h.getValue());
                }
            }
        }
        return new Answer(status, contentType, a.body(), withVary(headers));
    }

    /** {@code [{"X-Name": "value"}, ...]}: anything else is PGRST111. */
    static Map<String, String> gucHeaders(String json) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isArray()) {
                throw ErrorCode.RESPONSE_HEADERS.error(null, null);
            }
            for (JsonNode h : node) {
                if (!h.isObject() || h.size() != 1) {
                    throw ErrorCode.RESPONSE_HEADERS.error(null, null);
                }
                Iterator<Map.Entry<String, JsonNode>> it = h.fields();
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw ErrorCode.RESPONSE_HEADERS.error(null, null);
                }
                out.put(e.getKey(), e.getValue().asText());
            }
        } catch (JsonProcessingException e) {
            throw ErrorCode.RESPONSE_HEADERS.error(null, null);
        }
        return out;
    }

    /**
     * An error in PostgREST's body {@code {code, details, hint, message}}, with its {@code Proxy-Status}
     * header naming the code (RFC 9209).
     */
    public static Answer error(ApiError e) {
        Map<String, String> headers = new LinkedHashMap<>(e.headers());
        headers.putIfAbsent("Proxy-Status", "PostgREST; error=" + e.code());
        return new Answer(e.status(), MediaType.JSON.contentType(), ErrorBody.json(e.code(), e.getMessage(), e.details(), e.hint()),
                headers);
    }

    /**
     * A plan ({@code application/vnd.pgrst.plan}): the EXPLAIN's output, PostgREST's Content-Type naming the format,
     * the media type explained and the options; always a 200.
     */
    public static Answer plan(Negotiated media, byte[] explained) {
        return new Answer(200, media.explain().contentType(), explained, withVary(new LinkedHashMap<>()));
    }

    /** OPTIONS: the methods allowed, and any origin, as PostgREST answers it (no body). */
    public static Answer options(String allow) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Allow", allow);
        headers.put("Access-Control-Allow-Origin", "*");
        return new Answer(200, null, (byte[]) null, withVary(headers));
    }

}
