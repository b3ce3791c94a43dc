package io.sgregistry.rest.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostgREST's custom error: {@code RAISE SQLSTATE 'PGRST' USING MESSAGE = '{"code", "message",
 * "details", "hint"}', DETAIL = '{"status": 429, "headers": {"Retry-After": "30"}}'}. The function
 * chooses the HTTP status, the headers and the whole error body.
 */
final class RaisedError {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RaisedError() {
    }

    static ApiError of(String message, String detail) {
        try {
            JsonNode body = MAPPER.readTree(message == null ? "" : message);
            JsonNode meta = MAPPER.readTree(detail == null ? "" : detail);
            if (body == null || !body.isObject() || meta == null || !meta.isObject()
                    || !meta.path("status").canConvertToInt()) {
                return unreadable();
            }
            int status = meta.get("status").asInt();
            if (status < 100 || status > 599) {
                return unreadable();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            meta.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            return new ApiError(status, text(body, "code"), text(body, "message"), text(body, "details"),
                    text(body, "hint"), Map.copyOf(headers));
        } catch (JsonProcessingException e) {
            return unreadable();
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ApiError unreadable() {
        return ErrorCode.RAISED_JSON.error(null, "MESSAGE must be a JSON object with code, message, details, hint; DETAIL a JSON object with status and headers");
    }
}
