package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Prefer} header as PostgREST reads it: each preference takes the first value given, an
 * unknown one is ignored, unless {@code handling=strict} asks for a 400 (PGRST122).
 *
 * @param returning   representation, minimal or headers-only (null: not given)
 * @param count       exact, planned or estimated (null: no count)
 * @param resolution  merge-duplicates or ignore-duplicates
 * @param missing     default or null: how a bulk insert fills the keys an object lacks
 * @param tx          commit or rollback (honoured only when the server allows the override)
 * @param handling    strict or lenient
 */
public record Prefer(String returning, String count, String resolution, String missing, String tx, String handling) {
    public static final Prefer NONE = new Prefer(null, null, null, null, null, null);

    public static Prefer parse(List<String> headerValues) {
        String returning = null;
        String count = null;
        String resolution = null;
        String missing = null;
        String tx = null;
        String handling = null;
        List<String> invalid = new ArrayList<>();
        for (String header : headerValues) {
            for (String part : header.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                String k = eq < 0 ? p : p.substring(0, eq).strip();
                String v = eq < 0 ? "" : p.substring(eq + 1).strip();
                boolean known = switch (k) {
                    case "return" -> oneOf(v, "representation", "minimal", "headers-only");
                    case "count" -> oneOf(v, "exact", "planned", "estimated");
                    case "resolution" -> oneOf(v, "merge-duplicates", "ignore-duplicates");
                    case "missing" -> oneOf(v, "default", "null");
                    case "tx" -> oneOf(v, "commit", "rollback");
                    case "handling" -> oneOf(v, "strict", "lenient");
                    // Known to PostgREST, not acted on here: accepted, not applied.
                    case "timezone", "max-affected", "params" -> true;
                    default -> false;
                };
                if (!known) {
                    invalid.add(p);
                    continue;
                }
                switch (k) {
                    case "return" -> returning = returning == null ? v : returning;
                    case "count" -> count = count == null ? v : count;
                    case "resolution" -> resolution = resolution == null ? v : resolution;
                    case "missing" -> missing = missing == null ? v : missing;
                    case "tx" -> tx = tx == null ? v : tx;
                    case "handling" -> handling = handling == null ? v : handling;
                    default -> {
                    }
                }
            }
        }
        if ("strict".equals(handling) && !invalid.isEmpty()) {
            throw ErrorCode.INVALID_PREFER.error("Invalid preferences: " + String.join(", ", invalid), null);
        }
        return new Prefer(returning, count, resolution, missing, tx, handling);
    }

    private static boolean oneOf(String v, String... allowed) {
        for (String a : allowed) {
            if (a.equals(v)) {
                return true;
            }
        }
        return false;
    }

    public boolean representation() {
        return "representation".equals(returning);
    }

    public boolean headersOnly() {
        return "headers-only".equals(returning);
    }

    /** A count is asked for (planned and estimated are answered with the exact count). */
    public boolean counted() {
        return count != null;
    }

    public boolean missingDefault() {
        return "default".equals(missing);
    }

    /**
     * The {@code Preference-Applied} value of a write (PostgREST's order), or null when none applied;
     * {@code txApplied} says whether the server honoured {@code tx}.
     */
    public String appliedToWrite(boolean txApplied) {
        List<String> out = new ArrayList<>();
        if (resolution != null) {
            out.add("resolution=" + resolution);
        }
        if (missing != null) {
            out.add("missing=" + missing);
        }
        if (returning != null) {
            out.add("return=" + returning);
        }
        return applied(out, txApplied);
    }

    /** The {@code Preference-Applied} value of a read or a call. */
    public String appliedToRead(boolean txApplied) {
        return applied(new ArrayList<>(), txApplied);
    }

    /** {@code out} followed by what reads and writes share: count, tx, handling. */
    private String applied(List<String> out, boolean txApplied) {
        if (count != null) {
            out.add("count=" + count);
        }
        if (txApplied && tx != null) {
            out.add("tx=" + tx);
        }
        if (handling != null) {
            out.add("handling=" + handling);
        }
        return out.isEmpty() ? null : String.join(", ", out);
    }
}
