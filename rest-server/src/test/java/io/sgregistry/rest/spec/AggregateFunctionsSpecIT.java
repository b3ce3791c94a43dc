package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * PostgREST 12's AggregateFunctionsSpec.hs, ported whole, on a server with {@code db.aggregates_enabled}:
 * {@code count()} alone, aliased and cast, grouped by the other selected fields; {@code select=count}
 * (PostgreSQL's {@code row.count}); sum, avg, min, max and count of a field, grouped, aliased, cast
 * before and after; on a function's rows; grouped by an embedding's JSON; inside embeddings; over
 * to-one spreads. {@link Disallowed}: the default server answers PGRST123 (the first case is 12's,
 * the others are PostgREST's later additions that hold for 12's features too).
 * {@link NestedSpreads}: the later version's cases of aggregates over nested to-one spreads.
 * Requests without {@code order} rely on the fixtures' insertion order, as PostgREST's do.
 */
@Spec(aggregates = true)
class AggregateFunctionsSpecIT {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private final SpecClient api;

    AggregateFunctionsSpecIT(SpecClient api) {
        this.api = api;
    }

    private void get(String path, String expectedJson) {
        api.get(path).is(200, expectedJson).header("Content-Type", JSON_TYPE);
    }

    // performing a count without specifying a field

    @Test
    void countAloneCountsAllRows() {
        get("/entities?select=count()", "[{\"count\": 4}]");
    }

    @Test
    void countTakesAnAlias() {
        get("/entities?select=cnt:count()", "[{\"cnt\": 4}]");
    }

    @Test
    void countsResultIsCast() {
        get("/entities?select=count()::text", "[{\"count\": \"4\"}]");
    }

    @Test
    void countIsGroupedByTheOtherFields() {
        get("/projects?select=c:count(),client_id&order=client_id.desc",
                "[{\"c\": 1, \"client_id\": null}, {\"c\": 2, \"client_id\": 2}, {\"c\": 2, \"client_id\": 1}]");
    }

    // performing a count by using it as a column (backwards compat)

    @Test
    void countAsAColumnCountsAllRows() {
        get("/entities?select=count", "[{\"count\": 4}]");
    }

    @Test
    void countAsAColumnOfAnEmbedding() {
        // PostgREST's request ends in a stray quote its parser ignores after the select list; left out.
        get("/clients?select=name,projects(count)",
                "[{\"name\":\"Microsoft\",\"projects\":[{\"count\": 2}]}, {\"name\":\"Apple\",\"projects\":[{\"count\": 2}]}]");
    }

    // performing an aggregation on one or more fields

    @Test
    void sum() {
        get("/project_invoices?select=invoice_total.sum()", "[{\"sum\":8800}]");
    }

    @Test
    void avg() {
        get("/project_invoices?select=invoice_total.avg()", "[{\"avg\":1100.0000000000000000}]");
    }

    @Test
    void min() {
        get("/project_invoices?select=invoice_total.min()", "[{\"min\": 100}]");
    }

    @Test
    void max() {
        get("/project_invoices?select=invoice_total.max()", "[{\"max\": 4000}]");
    }

    @Test
    void countOfAField() {
        get("/project_invoices?select=invoice_total.count()", "[{\"count\": 8}]");
    }

    @Test
    void groupsByTheFieldsWithoutAnAggregate() {
        get("/project_invoices?select=invoice_total.sum(),invoice_total.max(),invoice_total.min(),project_id&order=project_id.desc", """
                [{"sum":4100,"max":4000,"min":100,"project_id":4},
                 {"sum":3200,"max":2000,"min":1200,"project_id":3},
                 {"sum":1200,"max":700,"min":500,"project_id":2},
                 {"sum":300,"max":200,"min":100,"project_id":1}]""");
    }

    @Test
    void groupsByAliasedFields() {
        get("/project_invoices?select=invoice_total.sum(),invoice_total.max(),invoice_total.min(),pid:project_id&order=project_id.desc", """
                [{"sum":4100,"max":4000,"min":100,"pid":4},
                 {"sum":3200,"max":2000,"min":1200,"pid":3},
                 {"sum":1200,"max":700,"min":500,"pid":2},
                 {"sum":300,"max":200,"min":100,"pid":1}]""");
    }

    @Test
    void anAggregateTakesAnAlias() {
        get("/project_invoices?select=total_charged:invoice_total.sum(),project_id&order=project_id.desc", """
                [{"total_charged":4100,"project_id":4},
                 {"total_charged":3200,"project_id":3},
                 {"total_charged":1200,"project_id":2},
                 {"total_charged":300,"project_id":1}]""");
    }

    @Test
    void anAggregatesResultIsCast() {
        get("/project_invoices?select=total_charged:invoice_total.sum()::text,project_id&order=project_id.desc", """
                [{"total_charged":"4100","project_id":4},
                 {"total_charged":"3200","project_id":3},
                 {"total_charged":"1200","project_id":2},
                 {"total_charged":"300","project_id":1}]""");
    }

    @Test
    void anAggregatesInputIsCast() {
        get("/trash_details?select=jsonb_col->>key::integer.sum()", "[{\"sum\": 24}]");
    }

    @Test
    void aliasInputCastAndResultCastTogether() {
        get("/trash_details?select=s:jsonb_col->>key::integer.sum()::text", "[{\"s\": \"24\"}]");
    }

    @Test
    void aggregatesOfAFunctionsRows() {
        get("/rpc/getallprojects?select=id.max()", "[{\"max\": 5}]");
    }

    @Test
    void groupsByAnEmbeddingsJson() {
        get("/project_invoices?select=project_id,total:invoice_total.sum(),projects(name)&order=project_id", """
                [{"project_id": 1, "total": 300,  "projects": {"name": "Windows 7"}},
                 {"project_id": 2, "total": 1200, "projects": {"name": "Windows 10"}},
                 {"project_id": 3, "total": 3200, "projects": {"name": "IOS"}},
                 {"project_id": 4, "total": 4100, "projects": {"name": "OSX"}}]""");
    }

    // performing aggregations that involve JSON-embedded relationships

    @Test
    void sumInAnEmbedding() {
        get("/projects?select=name,project_invoices(invoice_total.sum())", """
                [{"name":"Windows 7","project_invoices":[{"sum": 300}]},
                 {"name":"Windows 10","project_invoices":[{"sum": 1200}]},
                 {"name":"IOS","project_invoices":[{"sum": 3200}]},
                 {"name":"OSX","project_invoices":[{"sum": 4100}]},
                 {"name":"Orphan","project_invoices":[{"sum": null}]}]""");
    }

    @Test
    void maxInAnEmbedding() {
        get("/projects?select=name,project_invoices(invoice_total.max())", """
                [{"name":"Windows 7","project_invoices":[{"max": 200}]},
                 {"name":"Windows 10","project_invoices":[{"max": 700}]},
                 {"name":"IOS","project_invoices":[{"max": 2000}]},
                 {"name":"OSX","project_invoices":[{"max": 4000}]},
                 {"name":"Orphan","project_invoices":[{"max": null}]}]""");
    }

    @Test
    void avgInAnEmbedding() {
        get("/projects?select=name,project_invoices(invoice_total.avg())", """
                [{"name":"Windows 7","project_invoices":[{"avg": 150.0000000000000000}]},
                 {"name":"Windows 10","project_invoices":[{"avg": 600.0000000000000000}]},
                 {"name":"IOS","project_invoices":[{"avg": 1600.0000000000000000}]},
                 {"name":"OSX","project_invoices":[{"avg": 2050.0000000000000000}]},
                 {"name":"Orphan","project_invoices":[{"avg": null}]}]""");
    }

    @Test
    void minInAnEmbedding() {
        get("/projects?select=name,project_invoices(invoice_total.min())", """
                [{"name":"Windows 7","project_invoices":[{"min": 100}]},
                 {"name":"Windows 10","project_invoices":[{"min": 500}]},
                 {"name":"IOS","project_invoices":[{"min": 1200}]},
                 {"name":"OSX","project_invoices":[{"min": 100}]},
                 {"name":"Orphan","project_invoices":[{"min": null}]}]""");
    }

    @Test
    void allAtOnceInAnEmbedding() {
        get("/projects?select=name,project_invoices(invoice_total.max(),invoice_total.min(),invoice_total.avg(),"
                + "invoice_total.sum(),invoice_total.count())", """
                [{"name":"Windows 7","project_invoices":[{"avg": 150.0000000000000000, "max": 200, "min": 100, "sum": 300, "count": 2}]},
                 {"name":"Windows 10","project_invoices":[{"avg": 600.0000000000000000, "max": 700, "min": 500, "sum": 1200, "count": 2}]},
                 {"name":"IOS","project_invoices":[{"avg": 1600.0000000000000000, "max": 2000, "min": 1200, "sum": 3200, "count": 2}]},
                 {"name":"OSX","project_invoices":[{"avg": 2050.0000000000000000, "max": 4000, "min": 100, "sum": 4100, "count": 2}]},
                 {"name":"Orphan","project_invoices":[{"avg": null, "max": null, "min": null, "sum": null, "count": 0}]}]""");
    }

    // performing aggregations on spreaded fields from an embedded resource

    @Test
    void aggregatesOfSpreadFields() {
        get("/budget_expenses?select=total_expenses:expense_amount.sum(),...budget_categories(budget_owner,total_budget:budget_amount.sum())"
                + "&order=budget_categories(budget_owner)", """
                [{"total_expenses": 600.52,"budget_owner": "Brian Smith",  "total_budget": 2000.42},
                 {"total_expenses": 100.22, "budget_owner": "Jane Clarkson","total_budget": 7000.41},
                 {"total_expenses": 900.27, "budget_owner": "Sally Hughes", "total_budget": 500.23}]""");
    }

    @Test
    void onlyAggregatesOfSpreadFields() {
        get("/budget_expenses?select=...budget_categories(total_budget:budget_amount.sum())", "[{\"total_budget\": 9501.06}]");
    }

    /** The default server: aggregates are off. */
    @Nested
    @Spec
    class Disallowed {
        private final SpecClient off;

        Disallowed(SpecClient off) {
            this.off = off;
        }

        private void refused(String path) {
            off.get(path).is(400, "{\"hint\":null,\"details\":null,\"code\":\"PGRST123\","
                    + "\"message\":\"Use of aggregate functions is not allowed\"}").header("Content-Type", JSON_TYPE);
        }

        @Test
        void preventsAggregates() {
            refused("/project_invoices?select=invoice_total.sum()");
        }

        @Test
        void preventsAggregatesInEmbeddings() {
            refused("/projects?select=name,project_invoices(invoice_total.sum())");
        }

        @Test
        void preventsAggregatesInToOneSpreads() {
            refused("/project_invoices?select=...projects(id.count())");
        }

        @Test
        void preventsCountAloneAndCountOfAToManySpread() {
            // PostgREST answers PGRST123 before it looks at the spread (a to-many one is PGRST119 with aggregates on).
            refused("/entities?select=count()");
            refused("/factories?select=...processes(id.count())");
        }
    }

    /** PostgREST's later cases: aggregates over nested to-one spreads, applied by the nearest statement that is no spread. */
    @Nested
    @Spec(aggregates = true)
    class NestedSpreads {
        private final SpecClient on;

        NestedSpreads(SpecClient on) {
            this.on = on;
        }

        private void get(String path, String expectedJson) {
            on.get(path).is(200, expectedJson).header("Content-Type", JSON_TYPE);
        }

        @Test
        void groupedBySpreadFieldsOfAnotherRelationship() {
            get("/processes?select=...process_costs(cost.sum()),...process_categories(name)&order=process_categories(name)",
                    "[{\"sum\": 400.00, \"name\": \"Batch\"}, {\"sum\": 350.00, \"name\": \"Mass\"}]");
            get("/processes?select=...process_costs(cost_sum:cost.sum()),...process_categories(category:name)"
                            + "&order=process_categories(category)",
                    "[{\"cost_sum\": 400.00, \"category\": \"Batch\"}, {\"cost_sum\": 350.00, \"category\": \"Mass\"}]");
        }

        @Test
        void aggregatesOfNestedSpreads() {
            get("/process_supervisor?select=...processes(factory_id,...process_costs(cost.sum()))&order=processes(factory_id).desc",
                    "[{\"factory_id\": 3, \"sum\": 110.00}, {\"factory_id\": 2, \"sum\": 500.00}, {\"factory_id\": 1, \"sum\": 350.00}]");
            get("/process_supervisor?select=...processes(factory_id,...process_costs(cost_sum:cost.sum()))&order=processes(factory_id).desc",
                    "[{\"factory_id\": 3, \"cost_sum\": 110.00}, {\"factory_id\": 2, \"cost_sum\": 500.00},"
                            + " {\"factory_id\": 1, \"cost_sum\": 350.00}]");
        }

        @Test
        void nestedSpreadsGroupedByAnEmbedding() {
            get("/process_supervisor?select=...processes(factories(name),...process_costs(cost.sum()))", """
                    [{"factories": {"name": "Factory A"}, "sum": 350.00},
                     {"factories": {"name": "Factory B"}, "sum": 500.00},
                     {"factories": {"name": "Factory C"}, "sum": 110.00}]""");
            get("/process_supervisor?select=...processes(factory:factories(name),...process_costs(cost_sum:cost.sum()))", """
                    [{"factory": {"name": "Factory A"}, "cost_sum": 350.00},
                     {"factory": {"name": "Factory B"}, "cost_sum": 500.00},
                     {"factory": {"name": "Factory C"}, "cost_sum": 110.00}]""");
        }

        @Test
        void nestedSpreadsGroupedByOtherNestedSpreads() {
            get("/process_supervisor?select=supervisor_id,...processes(...process_costs(cost.sum()),...process_categories(name))"
                    + "&order=supervisor_id", """
                    [{"supervisor_id": 1, "sum": 220.00, "name": "Batch"},
                     {"supervisor_id": 2, "sum": 70.00, "name": "Batch"},
                     {"supervisor_id": 2, "sum": 200.00, "name": "Mass"},
                     {"supervisor_id": 3, "sum": 180.00, "name": "Batch"},
                     {"supervisor_id": 3, "sum": 110.00, "name": "Mass"},
                     {"supervisor_id": 4, "sum": 180.00, "name": "Batch"}]""");
            get("/process_supervisor?select=supervisor_id,...processes(...process_costs(cost_sum:cost.sum()),"
                    + "...process_categories(category:name))&order=supervisor_id", """
                    [{"supervisor_id": 1, "cost_sum": 220.00, "category": "Batch"},
                     {"supervisor_id": 2, "cost_sum": 70.00, "category": "Batch"},
                     {"supervisor_id": 2, "cost_sum": 200.00, "category": "Mass"},
                     {"supervisor_id": 3, "cost_sum": 180.00, "category": "Batch"},
                     {"supervisor_id": 3, "cost_sum": 110.00, "category": "Mass"},
                     {"supervisor_id": 4, "cost_sum": 180.00, "category": "Batch"}]""");
        }

        @Test
        void nestedSpreadsInsideAnEmbedding() {
            get("/supervisors?select=name,process_supervisor(...processes(...process_costs(cost.sum()),...process_categories(name)))", """
                    [{"name": "Mary", "process_supervisor": [{"name": "Batch", "sum": 220.00}]},
                     {"name": "John", "process_supervisor": [{"name": "Batch", "sum": 70.00}, {"name": "Mass", "sum": 200.00}]},
                     {"name": "Peter", "process_supervisor": [{"name": "Batch", "sum": 180.00}, {"name": "Mass", "sum": 110.00}]},
                     {"name": "Sarah", "process_supervisor": [{"name": "Batch", "sum": 180.00}]},
                     {"name": "Jane", "process_supervisor": []}]""");
            get("/supervisors?select=name,process_supervisor(...processes(...process_costs(cost_sum:cost.sum()),"
                    + "...process_categories(category:name)))", """
                    [{"name": "Mary", "process_supervisor": [{"category": "Batch", "cost_sum": 220.00}]},
                     {"name": "John", "process_supervisor": [{"category": "Batch", "cost_sum": 70.00}, {"category": "Mass", "cost_sum": 200.00}]},
                     {"name": "Peter", "process_supervisor": [{"category": "Batch", "cost_sum": 180.00}, {"category": "Mass", "cost_sum": 110.00}]},
                     {"name": "Sarah", "process_supervisor": [{"category": "Batch", "cost_sum": 180.00}]},
                     {"name": "Jane", "process_supervisor": []}]""");
        }

        @Test
        void countAloneInASpread() {
            get("/process_supervisor?select=supervisor_id,...processes(count())&order=supervisor_id",
                    "[{\"supervisor_id\": 1, \"count\": 2}, {\"supervisor_id\": 2, \"count\": 2},"
                            + " {\"supervisor_id\": 3, \"count\": 3}, {\"supervisor_id\": 4, \"count\": 1}]");
            get("/process_supervisor?select=supervisor_id,...processes(processes_count:count())&order=supervisor_id",
                    "[{\"supervisor_id\": 1, \"processes_count\": 2}, {\"supervisor_id\": 2, \"processes_count\": 2},"
                            + " {\"supervisor_id\": 3, \"processes_count\": 3}, {\"supervisor_id\": 4, \"processes_count\": 1}]");
        }

        @Test
        void countBesideOtherColumnsOfASpread() {
            get("/process_supervisor?select=...supervisors(id,count())&order=supervisors(id)",
                    "[{\"id\": 1, \"count\": 2}, {\"id\": 2, \"count\": 2}, {\"id\": 3, \"count\": 3}, {\"id\": 4, \"count\": 1}]");
            get("/process_supervisor?select=...supervisors(supervisor:id,supervisor_count:count())&order=supervisors(supervisor)",
                    "[{\"supervisor\": 1, \"supervisor_count\": 2}, {\"supervisor\": 2, \"supervisor_count\": 2},"
                            + " {\"supervisor\": 3, \"supervisor_count\": 3}, {\"supervisor\": 4, \"supervisor_count\": 1}]");
        }

        @Test
        void countInANestedSpread() {
            get("/process_supervisor?select=supervisor_id,...processes(...process_costs(count()))&order=supervisor_id",
                    "[{\"supervisor_id\": 1, \"count\": 2}, {\"supervisor_id\": 2, \"count\": 2},"
                            + " {\"supervisor_id\": 3, \"count\": 3}, {\"supervisor_id\": 4, \"count\": 1}]");
            get("/process_supervisor?select=supervisor:supervisor_id,...processes(...process_costs(process_costs_count:count()))"
                            + "&order=supervisor_id",
                    "[{\"supervisor\": 1, \"process_costs_count\": 2}, {\"supervisor\": 2, \"process_costs_count\": 2},"
                            + " {\"supervisor\": 3, \"process_costs_count\": 3}, {\"supervisor\": 4, \"process_costs_count\": 1}]");
        }

        @Test
        void countInANestedSpreadGroupedBySpreadFields() {
            get("/process_supervisor?select=...processes(factory_id,...process_costs(count()))&order=processes(factory_id)",
                    "[{\"factory_id\": 1, \"count\": 2}, {\"factory_id\": 2, \"count\": 4}, {\"factory_id\": 3, \"count\": 2}]");
            get("/process_supervisor?select=...processes(factory:factory_id,...process_costs(process_costs_count:count()))"
                            + "&order=processes(factory)",
                    "[{\"factory\": 1, \"process_costs_count\": 2}, {\"factory\": 2, \"process_costs_count\": 4},"
                            + " {\"factory\": 3, \"process_costs_count\": 2}]");
        }

        @Test
        void countsOnTwoLevelsOfNestedSpreads() {
            get("/process_supervisor?select=...processes(factory:factory_id,processes_count:count(),"
                            + "...process_costs(process_costs_count:count()))&order=processes(factory)",
                    "[{\"factory\": 1, \"processes_count\": 2, \"process_costs_count\": 2},"
                            + " {\"factory\": 2, \"processes_count\": 4, \"process_costs_count\": 4},"
                            + " {\"factory\": 3, \"processes_count\": 2, \"process_costs_count\": 2}]");
        }
    }
}
