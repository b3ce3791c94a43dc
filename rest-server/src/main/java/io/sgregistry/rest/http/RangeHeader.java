package io.sgregistry.rest.http;

import io.sgregistry.rest.error.ApiError;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code Range: <from>-[<to>]} with {@code Range-Unit: items}, and the Content-Range answer. */
public record RangeHeader(long from, Long to) {
    private static final Pattern RANGE = Pattern.compile("\\s*(?:items=)?(\\d{1,18})-(\\d{0,18})\\s*");

    public static RangeHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Matcher m = RANGE.matcher(header);
        if (!m.matches()) {
            throw new ApiError(416, "PGRST103", "Requested range not satisfiable",
                    "the Range header must look like 0-24 (items, both ends included)", null);
        }
        long from = Long.parseLong(m.group(1));
        Long to = m.group(2).isEmpty() ? null : Long.parseLong(m.group(2));
        if (to != null && to < from) {
            throw new ApiError(416, "PGRST103", "Requested range not satisfiable",
                    "the end of the range (" + to + ") is before its start (" + from + ")", null);
        }
        return new RangeHeader(from, to);
    }

    /** {@code 0-24/100}, {@code 0-24/*}, {@code *}{@code /0}. */
    public static String contentRange(long offset, long rows, Long total) {
        String t = total == null ? "*" : Long.toString(total);
        if (rows == 0) {
            return "*/" + t;
        }
        return offset + "-" + (offset + rows - 1) + "/" + t;
    }
}
