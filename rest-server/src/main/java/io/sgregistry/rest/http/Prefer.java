package io.sgregistry.rest.http;

import java.util.ArrayList;
import java.util.List;

/** The {@code Prefer} header's settings that rest-server honours (others are ignored, as PostgREST does). */
public record Prefer(String returning, boolean countExact, String resolution) {

    public static Prefer parse(List<String> headerValues) {
        String returning = null;
        boolean count = false;
        String resolution = null;
        for (String header : headerValues) {
            for (String part : header.split(",")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = p.substring(0, eq).trim();
                String v = p.substring(eq + 1).trim();
                switch (k) {
                    case "return" -> {
                        if (v.equals("representation") || v.equals("minimal") || v.equals("headers-only")) {
                            returning = v;
                        }
                    }
                    case "count" -> count = v.equals("exact");
                    case "resolution" -> {
                        if (v.equals("merge-duplicates") || v.equals("ignore-duplicates")) {
                            resolution = v;
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return new Prefer(returning, count, resolution);
    }

    public boolean representation() {
        return "representation".equals(returning);
    }

    /** The {@code Preference-Applied} header value, or null when none applied. */
    public String applied() {
        List<String> out = new ArrayList<>();
        if (returning != null) {
            out.add("return=" + returning);
        }
        if (countExact) {
            out.add("count=exact");
        }
        if (resolution != null) {
            out.add("resolution=" + resolution);
        }
        return out.isEmpty() ? null : String.join(", ", out);
    }
}
