package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ErrorCode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Range: [items=]<from>-[<to>]} (PostgREST's {@code Range-Unit: items}), and the page it makes
 * with {@code limit} and {@code offset}. A Range that does not parse is ignored, as PostgREST does.
 */
public record RangeHeader(long from, Long to) {
    private static final Pattern RANGE = Pattern.compile("\\s*(?:items=)?(\\d{1,18})-(\\d{0,18})\\s*");

    /** The header's range, or null when there is none or it does not parse. */
    public static RangeHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Matcher m = RANGE.matcher(header);
        if (!m.matches()) {
            return null;
        }
        long from = Long.parseLong(m.group(1));
        Long to = m.group(2).isEmpty() ? null : Long.parseLong(m.group(2));
        if (to != null && to < from) {
            throw ErrorCode.RANGE.error(
                    "The lower boundary must be lower than or equal to the upper boundary in the Range header.", null);
        }
        return new RangeHeader(from, to);
    }

    /** The rows to answer: skip {@code offset}, then at most {@code limit} (null: no limit). */
    public record Page(long offset, Long limit) {
    }

    /**
     * The page of {@code limit}/{@code offset} narrowed by the Range header (null: none), as PostgREST
     * combines them: a negative offset is no offset, a negative limit a 416.
     */
    public static Page page(Long limit, Long offset, RangeHeader range) {
        if (limit != null && limit < 0) {
            throw ErrorCode.RANGE.error("Limit should be greater than or equal to zero.", null);
        }
        long off = offset == null || offset < 0 ? 0 : offset;
        Long lim = limit;
        if (range != null) {
            off += range.from();
            if (range.to() != null) {
                long size = range.to() - range.from() + 1;
                lim = lim == null ? size : Math.min(lim, size);
            }
        }
        return new Page(off, lim);
    }

    /** {@code 0-24/100}, {@code 0-24/*}, {@code *}{@code /0}, {@code *}{@code /*}. */
    public static String contentRange(long offset, long rows, Long total) {
        String t = total == null ? "*" : Long.toString(total);
        if (rows == 0) {
            return "*/" + t;
        }
        return offset + "-" + (offset + rows - 1) + "/" + t;
    }
}
