package io.sgregistry.rest.query;

/**
 * One statement's answer.
 *
 * @param total            the count asked for with Prefer: count (null: not counted)
 * @param page             rows in this answer
 * @param body             the answer built by PostgreSQL (JSON or CSV text; null when none)
 * @param responseHeaders  {@code response.headers} as SQL set it (null: not set)
 * @param responseStatus   {@code response.status} as SQL set it (null: not set)
 * @param planned          the planner's guess of the rows, when asked (else null)
 */
public record QueryResult(Long total, long page, String body, String responseHeaders, String responseStatus, Long planned) {
    public QueryResult(Long total, long page, String body, String responseHeaders, String responseStatus) {
        this(total, page, body, responseHeaders, responseStatus, null);
    }
}
