package io.sgregistry.rest.query;

import java.util.Arrays;

/**
 * One statement's answer.
 *
 * @param total            the count asked for with Prefer: count (null: not counted)
 * @param page             rows in this answer
 * @param body             the answer built by PostgreSQL, its bytes as sent (JSON or CSV text in UTF-8, or a
 *                         media type handler's bytes); null when none
 * @param responseHeaders  {@code response.headers} as SQL set it (null: not set)
 * @param responseStatus   {@code response.status} as SQL set it (null: not set)
 * @param planned          the planner's guess of the rows, when asked (else null)
 */
public record QueryResult(Long total, long page, byte[] body, String responseHeaders, String responseStatus, Long planned) {
    public QueryResult(Long total, long page, byte[] body, String responseHeaders, String responseStatus) {
        this(total, page, body, responseHeaders, responseStatus, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryResult r && java.util.Objects.equals(total, r.total) && page == r.page && Arrays.equals(body, r.body)
                && java.util.Objects.equals(responseHeaders, r.responseHeaders) && java.util.Objects.equals(responseStatus, r.responseStatus)
                && java.util.Objects.equals(planned, r.planned);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(total, page, Arrays.hashCode(body), responseHeaders, responseStatus, planned);
    }

    @Override
    public String toString() {
        return "QueryResult[total=" + total + ", page=" + page + ", body=" + (body == null ? null : body.length + " bytes") + "]";
    }
}
