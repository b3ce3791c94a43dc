package io.sgregistry.rest.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.ErrorCode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request body as JSON whatever it came as ({@code application/json}, {@code text/csv},
 * {@code application/x-www-form-urlencoded}), with its keys: the columns a write names.
 *
 * @param json         the body as a JSON document (bound as one parameter)
 * @param node         the same, parsed
 * @param keys         every key of the object, or of the array's objects, in first-seen order
 * @param uniformKeys  every object of an array has the same keys (PostgREST refuses a bulk insert otherwise)
 */
public record Payload(String json, JsonNode node, List<String> keys, boolean uniformKeys) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public boolean array() {
        return node.isArray();
    }

    /** An array of no object: there is nothing to write. */
    public boolean empty() {
        return node.isArray() && node.isEmpty();
    }

    /** The body by its Content-Type (JSON when none is given). */
    public static Payload parse(String contentType, String body) {
        String type = contentType == null ? "application/json"
                : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        JsonNode node = switch (type) {
            case "text/csv" -> csv(body);
            case "application/x-www-form-urlencoded" -> form(body);
            default -> json(body);
        };
        return of(node);
    }

    public static Payload of(JsonNode node) {
        Set<String> keys = new LinkedHashSet<>();
        boolean uniform = true;
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(keys::add);
        } else if (node.isArray()) {
            Set<String> first = null;
            for (JsonNode item : node) {
                if (!item.isObject()) {
                    throw ErrorCode.INVALID_BODY.error("every array item must be an object", null);
                }
                Set<String> these = new LinkedHashSet<>();
                item.fieldNames().forEachRemaining(these::add);
                if (first == null) {
                    first = these;
                } else if (!first.equals(these)) {
                    uniform = false;
                }
                keys.addAll(these);
            }
        } else {
            throw ErrorCode.INVALID_BODY.error("expected a JSON object or an array of objects", null);
        }
        return new Payload(node.toString(), node, List.copyOf(keys), uniform);
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ErrorCode.INVALID_BODY.error("the body is empty", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ErrorCode.INVALID_BODY.error(e.getOriginalMessage(), null);
        }
    }

    /** {@code a=1&b=x}: one object of text values; a repeated key is an array (a variadic argument). */
    private static JsonNode form(String body) {
        ObjectNode o = MAPPER.createObjectNode();
        java.util.Map<String, java.util.List<String>> values = new java.util.LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                throw ErrorCode.INVALID_BODY.error("bad percent-encoding in the form body", null);
            }
        }
        values.forEach((k, vs) -> {
            if (vs.size() == 1) {
                o.put(k, vs.get(0));
            } else {
                ArrayNode a = o.putArray(k);
                vs.forEach(a::add);
            }
        });
        return o;
    }

    /** RFC 4180 with a header line; an unquoted {@code NULL} is SQL NULL, as PostgREST reads CSV. */
    private static JsonNode csv(String body) {
        List<List<String>> lines = csvLines(body);
        ArrayNode rows = MAPPER.createArrayNode();
        if (lines.isEmpty()) {
            return rows;
        }
        List<String> header = lines.get(0);
        for (List<String> line : lines.subList(1, lines.size())) {
            if (line.size() != header.size()) {
                throw ErrorCode.INVALID_BODY.withMessage("All lines must have same number of fields", null, null);
            }
            ObjectNode row = rows.addObject();
            for (int i = 0; i < header.size(); i++) {
                String v = line.get(i);
                if (v == null) {
                    row.putNull(header.get(i));
                } else {
                    row.put(header.get(i), v);
                }
            }
        }
        return rows;
    }

    /** Fields of each line; an unquoted NULL becomes null. */
    private static List<List<String>> csvLines(String body) {
        List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && body.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                line.add(value(field, wasQuoted));
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && body.charAt(i + 1) == '\n') {
                    i++;
                }
                line.add(value(field, wasQuoted));
                lines.add(line);
                line = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw ErrorCode.INVALID_BODY.error("an unterminated quoted field in the CSV body", null);
        }
        if (field.length() > 0 || wasQuoted || !line.isEmpty()) {
            line.add(value(field, wasQuoted));
            lines.add(line);
        }
        return lines;
    }

    private static String value(StringBuilder field, boolean wasQuoted) {
        String v = field.toString();
        return !wasQuoted && v.equals("NULL") ? null : v;
    }

    /** For callers that must refuse a body's shape with the catalogue's error. */
    public static ApiError invalid(String details) {
        return ErrorCode.INVALID_BODY.error(details, null);
    }
}
