package io.sgregistry.rest.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.rest.error.ErrorCode;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The body of a function call (POST), as PostgREST reads it by its Content-Type: JSON, CSV or a form is read into
 * named arguments (an array's first object; an empty body is none), and kept whole for a function whose single
 * unnamed parameter takes it ({@code json} or {@code jsonb}); text/plain, text/xml and application/octet-stream
 * are only ever bound whole to a single unnamed {@code text}, {@code xml} or {@code bytea} parameter, and name no
 * argument.
 */
public sealed interface CallBody {
    /** The names of the arguments the body gives (what the function is looked up by). */
    Set<String> keys();

    /** Arguments by name ({@code arguments}, an object), and the body's text (a JSON document). */
    record Named(ObjectNode arguments, String text) implements CallBody {
        @Override
        public Set<String> keys() {
            Set<String> keys = new LinkedHashSet<>();
            arguments.fieldNames().forEachRemaining(keys::add);
            return keys;
        }
    }

    /** A body that is one value: a text, an XML document or bytes. */
    record Raw(BodyType type, RequestBody body) implements CallBody {
        @Override
        public Set<String> keys() {
            return Set.of();
        }
    }

    static CallBody of(BodyType type, RequestBody body) {
        if (type.raw()) {
            return new Raw(type, body);
        }
        String text = body.text();
        if (text.isBlank()) {
            return new Named(JsonNodeFactory.instance.objectNode(), "{}");
        }
        Payload payload = Payload.parse(type == BodyType.OTHER ? null : contentType(type), text);
        JsonNode node = payload.node();
        // A JSON body is kept as sent (a json argument keeps its blanks); a CSV or form body as the JSON read of it.
        String document = type == BodyType.JSON || type == BodyType.OTHER ? text : payload.json();
        if (node.isObject()) {
            return new Named((ObjectNode) node, document);
        }
        if (node.isArray()) {
            // An array of objects calls with the first one's arguments, as PostgREST; every object has its keys.
            if (!payload.uniformKeys()) {
                throw ErrorCode.INVALID_BODY.withMessage("All object keys must match", null, null);
            }
            ObjectNode first = node.isEmpty() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) node.get(0);
            return new Named(first, document);
        }
        throw ErrorCode.INVALID_BODY.error("RPC arguments must be a JSON object", null);
    }

    private static String contentType(BodyType type) {
        return switch (type) {
            case CSV -> "text/csv";
            case FORM -> "application/x-www-form-urlencoded";
            default -> "application/json";
        };
    }
}
