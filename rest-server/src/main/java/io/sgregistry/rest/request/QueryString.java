package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ApiError;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The query string's parameters, percent-decoded, in their order (a key may repeat). */
public final class QueryString {
    private QueryString() {
    }

    public static List<Map.Entry<String, String>> params(String raw) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.add(new AbstractMap.SimpleImmutableEntry<>(URLDecoder.decode(k, StandardCharsets.UTF_8),
                        URLDecoder.decode(v, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                throw ApiError.parse("\"failed to parse query string\"", "bad percent-encoding in '" + pair + "'");
            }
        }
        return out;
    }
}
