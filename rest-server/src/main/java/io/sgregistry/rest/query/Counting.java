package io.sgregistry.rest.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * PostgREST's {@code Prefer: count} of a read: {@code exact} counts in the main statement;
 * {@code planned} is the planner's guess of the rows ({@code EXPLAIN} of the count query);
 * {@code estimated} counts exactly up to max-rows (the count stops at max-rows + 1) and, past
 * max-rows, takes the planner's guess when that is greater.
 *
 * @param mode    exact, planned or estimated
 * @param explain {@code EXPLAIN (FORMAT JSON)} of the count query (planned and estimated), else null
 * @param maxRows the server's max-rows
 */
public record Counting(String mode, BoundStatement explain, long maxRows) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Whether the main statement counts (exactly, or up to max-rows + 1). */
    public boolean inStatement() {
        return !"planned".equals(mode);
    }

    /** The total to answer from the statement's count and the planner's guess (null when none). */
    public Long total(Long counted, Long planned) {
        return switch (mode) {
            case "planned" -> planned;
            case "estimated" -> counted != null && counted > maxRows && planned != null ? Math.max(counted, planned) : counted;
            default -> counted;
        };
    }

    /** The planner's rows of the top plan node in {@code EXPLAIN (FORMAT JSON)} output. */
    public static Long plannedRows(String explainJson) {
        try {
            JsonNode rows = MAPPER.readTree(explainJson).path(0).path("Plan").path("Plan Rows");
            return rows.isNumber() ? rows.asLong() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
