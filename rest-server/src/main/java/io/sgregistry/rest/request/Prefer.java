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
 * @param timezone    the session's TimeZone for this request (PostgreSQL checks the name)
 * @param maxAffected the most rows an update, delete or call may affect under {@code handling=strict}
 */
public record Prefer(String returning, String count, String resolution, String missing, String tx, String handling,
                     String timezone, Long maxAffected) {
    public static final Prefer NONE = new Prefer(null, null, null, null, null, null, null, null);

    public static Prefer parse(List<String> headerValues) {
        String returning = null;
        String count = null;
        String resolution = null;
        String missing = null;
        String tx = null;
        String handling = null;
        String timezone = null;
        Long maxAffected = null;
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
                    // Any value is acceptable: PostgreSQL judges a time zone, and a max-affected that is
                    // not a number is ignored, as PostgREST does.
                    case "timezone", "max-affected" -> eq >= 0;
                    // Known to PostgREST, not acted on here: accepted, not applied.
                    case "params" -> true;
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
                    case "timezone" -> timezone = timezone == null ? v : timezone;
                    case "max-affected" -> maxAffected = maxAffected == null ? number(v) : maxAffected;
                    default -> {
                    }
                }
            }
        }
        if ("strict".equals(handling) && !invalid.isEmpty()) {
            throw ErrorCode.INVALID_PREFER.error("Invalid preferences: " + String.join(", ", invalid), null);
        }
        return new Prefer(returning, count, resolution, missing, tx, handling, timezone, maxAffected);
    }

    private static Long number(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The limit on affected rows that applies: only under {@code handling=strict}. */
    public Long strictMaxAffected() {
        return "strict".equals(handling) ? maxAffected : null;
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

    /** A count is asked for: exact, planned or estimated (see {@code query.Counting}). */
    public boolean counted() {
        return count != null;
    }

    /** The same preferences without {@code resolution}: what a write that did not upsert applied. */
    public Prefer withoutResolution() {
        return new Prefer(returning, count, null, missing, tx, handling, timezone, maxAffected);
    }

    public boolean missingDefault() {
        return "default".equals(missing);
    }

    /**
     * The {@code Preference-Applied} value of a write (PostgREST's order), or null when none applied;
     * {@code txApplied} says whether the server honoured {@code tx}.
     */
    public String appliedToWrite(boolean txApplied, boolean limitsAffected) {
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
        return applied(out, txApplied, limitsAffected);
    }

    /** The {@code Preference-Applied} value of a read ({@code limitsAffected} false) or a call (true). */
    public String appliedToRead(boolean txApplied, boolean limitsAffected) {
        return applied(new ArrayList<>(), txApplied, limitsAffected);
    }

    /**
     * {@code out} followed by what reads and writes share: count, tx, handling, timezone, and
     * max-affected where it applies (updates, deletes and calls, under {@code handling=strict}).
     */
    private String applied(List<String> out, boolean txApplied, boolean limitsAffected) {
        if (count != null) {
            out.add("count=" + count);
        }
        if (txApplied && tx != null) {
            out.add("tx=" + tx);
        }
        if (handling != null) {
            out.add("handling=" + handling);
        }
        if (timezone != null) {
            out.add("timezone=" + timezone);
        }
        if (limitsAffected && strictMaxAffected() != null) {
            out.add("max-affected=" + maxAffected);
        }
        return out.isEmpty() ? null : String.join(", ", out);
    }
}
