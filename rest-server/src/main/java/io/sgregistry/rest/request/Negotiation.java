package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ErrorCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Content negotiation as PostgREST does it: the {@code Accept} header's media types by quality, then
 * by specificity (parameters count for, wildcards against), then as written; the first one a handler
 * answers wins; none is a 406 (PGRST107) naming them all.
 * <p>
 * Handlers are looked up as PostgREST's: PostgREST's own vendored types first (the singular object and the
 * array without nulls, which nothing overrides); then, for a default select ({@code *}, so the rows are the
 * relation's own), the target's {@code *}/{@code *} handler, then its handler of that type; then the handler of
 * that type for any rows (rest-server's JSON and CSV, or an {@code anyelement} aggregate of the schema).
 * {@code application/vnd.pgrst.plan} is answered only with plans enabled, for the handler of its {@code for}.
 */
public final class Negotiation {
    private Negotiation() {
    }

    private static final MediaHandler JSON = new MediaHandler.Builtin(MediaType.JSON);

    /**
     * The handlers a target has: {@code own}, the relation's or function's (by media type, {@code *}/{@code *}
     * included), consulted only when {@code defaultSelect}; {@code anyRows}, for the rows of any relation.
     */
    public record Handlers(Map<String, MediaHandler> own, Map<String, MediaHandler> anyRows, boolean defaultSelect) {
        /**
         * rest-server's own handlers for any rows: JSON (for any type too) and CSV. The schema's {@code anyelement}
         * aggregates replace them. A wildcard subtype ({@code application/*}, {@code text/*}) is no type PostgREST
         * knows: it looks it up by that name, which no handler has, and answers 406.
         */
        public static final Map<String, MediaHandler> BUILTIN = Map.of("*/*", JSON, "application/json", JSON,
                "text/csv", new MediaHandler.Builtin(MediaType.CSV));
        public static final Handlers ROWS = new Handlers(Map.of(), BUILTIN, true);

        MediaHandler find(String key) {
            MediaHandler h = null;
            if (defaultSelect) {
                h = own.get("*/*");
                if (h == null) {
                    h = own.get(key);
                }
            }
            return h != null ? h : anyRows.get(key);
        }
    }

    private record Ranked(Accepted type, double quality, int specificity, int position) {
    }

    /**
     * The header's media types in the order they are tried (PostgREST's reading of it: blanks dropped,
     * the parameters after {@code q} ignored); a missing or blank header is {@code *}/{@code *}. Types of
     * quality 0 are left out.
     */
    public static List<Accepted> accepted(String header) {
        if (header == null || header.isBlank()) {
            return List.of(Accepted.ANY);
        }
        List<Ranked> ranked = new ArrayList<>();
        String[] parts = header.split(",");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].replace(" ", "").replace("\t", "");
            double q = 1;
            int at = part.indexOf(";q=");
            if (at >= 0) {
                String value = part.substring(at + 3);
                int end = value.indexOf(';');
                try {
                    q = Double.parseDouble(end < 0 ? value : value.substring(0, end));
                } catch (NumberFormatException e) {
                    q = 1;
                }
                part = part.substring(0, at);
            }
            if (part.isEmpty() || q <= 0) {
                continue;
            }
            int specificity = count(part, ';') - count(part, '*');
            ranked.add(new Ranked(Accepted.parse(part), q, specificity, i));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::quality).reversed()
                .thenComparing(Comparator.comparingInt(Ranked::specificity).reversed())
                .thenComparingInt(Ranked::position));
        return ranked.stream().map(Ranked::type).toList();
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    /** The first accepted type a handler answers; {@code planEnabled}: the server's {@code db.plan_enabled}. */
    public static Negotiated negotiate(String header, Handlers handlers, boolean planEnabled) {
        List<Accepted> accepted = accepted(header);
        for (Accepted a : accepted) {
            if (a.plan()) {
                if (!planEnabled) {
                    // PostgREST answers as if the type did not exist.
                    continue;
                }
                MediaHandler h = find(a.planFor(), handlers);
                if (h != null) {
                    return new Negotiated(h, h.contentType(), new Negotiated.Explain(a.planJson(), a.planOptions(), a.planFor()));
                }
                continue;
            }
            MediaHandler h = find(a, handlers);
            if (h != null) {
                return Negotiated.of(h);
            }
        }
        throw ErrorCode.MEDIA_TYPE.withMessage("None of these media types are available: "
                + accepted.stream().map(Accepted::mime).collect(Collectors.joining(", ")), null, null);
    }

    private static MediaHandler find(Accepted a, Handlers handlers) {
        MediaType vendored = a.vendored();
        return vendored != null ? new MediaHandler.Builtin(vendored) : handlers.find(a.key());
    }
}
