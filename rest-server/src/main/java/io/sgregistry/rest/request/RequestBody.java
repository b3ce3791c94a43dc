package io.sgregistry.rest.request;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A request's body, read on first use and kept: its bytes (a {@code bytea} argument) or its text in UTF-8
 * (JSON, CSV, a form, a {@code text} or {@code xml} argument).
 */
public final class RequestBody {
    private final Supplier<byte[]> reader;
    private byte[] bytes;

    public RequestBody(Supplier<byte[]> reader) {
        this.reader = reader;
    }

    public static RequestBody of(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new RequestBody(() -> b);
    }

    public synchronized byte[] bytes() {
        if (bytes == null) {
            bytes = reader.get();
        }
        return bytes;
    }

    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
