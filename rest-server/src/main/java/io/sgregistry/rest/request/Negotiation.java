package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ErrorCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Content negotiation as PostgREST does it: the {@code Accept} header's media types by quality (the
 * order written breaks ties), the first one the endpoint produces wins; none is a 406 (PGRST107).
 */
public final class Negotiation {
    private Negotiation() {
    }

    private record Wanted(String type, boolean stripNulls, double quality, int position) {
    }

    /** What the caller accepts among {@code produced}; a missing or blank header is JSON. */
    public static MediaType accept(String header, Set<MediaType> produced) {
        if (header == null || header.isBlank()) {
            return MediaType.JSON;
        }
        List<Wanted> wanted = new ArrayList<>();
        String[] parts = header.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] params = parts[i].split(";");
            if (params.length == 0) {
                continue;
            }
            String type = params[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            boolean stripNulls = false;
            for (int p = 1; p < params.length; p++) {
                String param = params[p].strip();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                } else if (param.equals("nulls=stripped")) {
                    stripNulls = true;
                }
            }
            if (!type.isEmpty() && q > 0) {
                wanted.add(new Wanted(type, stripNulls, q, i));
            }
        }
        wanted.sort(Comparator.comparingDouble(Wanted::quality).reversed().thenComparingInt(Wanted::position));
        for (Wanted w : wanted) {
            MediaType m = of(w.type(), w.stripNulls());
            if (m != null && produced.contains(m)) {
                return m;
            }
            if (m == null && (w.type().equals("*/*") || w.type().equals("application/*"))) {
                return produced.contains(MediaType.JSON) ? MediaType.JSON : produced.iterator().next();
            }
        }
        throw ErrorCode.MEDIA_TYPE.withMessage("None of these media types are available: " + header, null, null);
    }

    /** {@code stripNulls}: the {@code nulls=stripped} parameter (of PostgREST's array and object types only). */
    private static MediaType of(String type, boolean stripNulls) {
        return switch (type) {
            case "application/json" -> MediaType.JSON;
            case "application/vnd.pgrst.object+json", "application/vnd.pgrst.object" -> stripNulls ? MediaType.OBJECT_STRIPPED : MediaType.OBJECT;
            case "application/vnd.pgrst.array+json", "application/vnd.pgrst.array" -> stripNulls ? MediaType.ARRAY_STRIPPED : MediaType.JSON;
            case "text/csv" -> MediaType.CSV;
            case "application/openapi+json" -> MediaType.OPENAPI;
            default -> null;
        };
    }
}
