package io.sgregistry.rest.request;

import java.util.List;

/**
 * What content negotiation chose: the handler that builds the body and the answer's Content-Type;
 * {@code explain} (null: none) when the plan of the statement is asked for instead of its answer.
 */
public record Negotiated(MediaHandler handler, String contentType, Explain explain) {
    public static final Negotiated JSON = of(new MediaHandler.Builtin(MediaType.JSON));

    public static Negotiated of(MediaHandler handler) {
        return new Negotiated(handler, handler.contentType(), null);
    }

    /** rest-server's own body kind; null for a database handler. */
    public MediaType builtin() {
        return handler instanceof MediaHandler.Builtin b ? b.media() : null;
    }

    /** One row as an object (exactly one row, or PGRST116). */
    public boolean singular() {
        MediaType m = builtin();
        return m != null && m.singular();
    }

    /**
     * {@code application/vnd.pgrst.plan}: EXPLAIN in JSON or text, with PostgREST's options ({@code analyze},
     * {@code verbose}, {@code settings}, {@code buffers}, {@code wal}) of the statement that would answer
     * {@code forType}.
     */
    public record Explain(boolean json, List<String> options, Accepted forType) {
        /** PostgREST's Content-Type of a plan: the format, the media type explained and the options. */
        public String contentType() {
            return "application/vnd.pgrst.plan+" + (json ? "json" : "text") + "; for=\"" + forType.mime() + "\""
                    + (options.isEmpty() ? "" : "; options=" + String.join("|", options)) + "; charset=utf-8";
        }
    }
}
