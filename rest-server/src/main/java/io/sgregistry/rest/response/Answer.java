package io.sgregistry.rest.response;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/** A response before it is written: status, Content-Type (null: none), body bytes (null: none), other headers. */
public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    /** An answer whose body is text (sent as UTF-8). */
    public Answer(int status, String contentType, String body, Map<String, String> headers) {
        this(status, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** The body as UTF-8 text (null: none). */
    public String text() {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Answer a && status == a.status && Objects.equals(contentType, a.contentType) && Arrays.equals(body, a.body)
                && Objects.equals(headers, a.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, contentType, Arrays.hashCode(body), headers);
    }

    @Override
    public String toString() {
        return "Answer[" + status + " " + contentType + " " + headers + " " + text() + "]";
    }
}
