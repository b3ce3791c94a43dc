package io.sgregistry.rest.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgREST's test/spec/Feature/Query/PlanSpec.hs (PostgREST 12.2.3), the cases for PostgreSQL 15:
 * {@code Accept: application/vnd.pgrst.plan[+json|+text]; for="..."; options=...} answers the EXPLAIN of the
 * statement that would answer the request, on a server with {@code db.plan_enabled} (PostgREST's db-plan-enabled);
 * without it the type is unknown (406). Format, options, Content-Type, the plans' shape and thresholds are PostgREST's;
 * the cases that compare a plan's exact figures or expressions with PostgREST's own statement are kept, disabled,
 * with what differs ({@link #COSTS}, {@link #VERBOSE}, {@link #SETTINGS}).
 */
class PlanSpecIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * Exact costs: PostgREST's figures are its own statement's over tables its suite never analyzes (the planner
     * guesses 10 pages a table); here the statement is rest-server's and the fixtures are analyzed (planned counts
     * need it), so the figures differ. The thresholds of the embedding and call costs do hold.
     */
    static final String COSTS = "the exact cost of PostgREST's statement over unanalyzed tables";
    /**
     * EXPLAIN VERBOSE's output names the expressions of the statement: rest-server's reads FROM the relation AS
     * pgrst_t, a default max-rows (1000; PostgREST has none) puts a LIMIT under the aggregate (so its rows are a
     * subquery scan, {@code _r.*}), a write's body is its third column, and a handler's result is cast to bytes or text.
     */
    static final String VERBOSE = "EXPLAIN VERBOSE names rest-server's statement's expressions, not PostgREST's";
    /** PostgREST sets search_path to the request's schema in every transaction; rest-server qualifies every name instead. */
    static final String SETTINGS = "rest-server sets no search_path per request, so EXPLAIN SETTINGS lists none";
    private static final String PLAN_JSON = "application/vnd.pgrst.plan+json";
    private static final String PLAN_TYPE = "application/vnd.pgrst.plan+json; for=\"application/json\"; charset=utf-8";
    private static final String TEXT_TYPE = "application/vnd.pgrst.plan+text; for=\"application/json\"; charset=utf-8";

    /** The plan's total cost (SpecHelper's planCost: a big value when the body has none). */
    static double planCost(SpecClient.Reply r) {
        JsonNode cost = plan(r).path(0).path("Plan").path("Total Cost");
        return cost.isNumber() ? cost.asDouble() : 1_000_000_000.0;
    }

    static JsonNode plan(SpecClient.Reply r) {
        try {
            return MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not a JSON plan (" + r.status() + "): " + r.body(), e);
        }
    }

    /** PostgREST's SpecHelper getInsertDataForTiobePlsTable: languages "Lang 20" to "Lang (20 + rows)". */
    static String tiobeRows(int rows) {
        List<String> out = new ArrayList<>();
        for (int i = 20; i <= rows + 20; i++) {
            out.add("{\"name\":\"Lang " + i + "\",\"rank\":" + i + "}");
        }
        return "[" + String.join(",", out) + "]";
    }

    @Nested
    @Spec(plan = true)
    class ReadTableOrViewPlan {
        private final SpecClient api;

        ReadTableOrViewPlan(SpecClient api) {
            this.api = api;
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 15.63; here 1.13)")
        void totalCostOfASingleFilterOnATable() {
            SpecClient.Reply r = api.get("/projects?id=in.(1,2,3)", "Accept", PLAN_JSON).status(200).header("Content-Type", PLAN_TYPE);
            assertThat(planCost(r)).isEqualTo(15.63);
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 24.28; here 1.14)")
        void totalCostOfASingleFilterOnAView() {
            SpecClient.Reply r = api.get("/projects_view?id=gt.2", "Accept", PLAN_JSON).status(200).header("Content-Type", PLAN_TYPE);
            assertThat(planCost(r)).isEqualTo(24.28);
        }

        @Test
        void blocksWithTheBuffersOption() {
            SpecClient.Reply r = api.get("/projects", "Accept", "application/vnd.pgrst.plan+json; options=buffers")
                    .header("Content-Type", "application/vnd.pgrst.plan+json; for=\"application/json\"; options=buffers; charset=utf-8");
            assertThat(r.body()).contains("Shared Hit Blocks");
        }

        @Test
        @Disabled(SETTINGS + " (PostgREST: here {})")
        void theSearchPathWithTheSettingsOption() throws Exception {
            SpecClient.Reply r = api.get("/projects", "Accept", "application/vnd.pgrst.plan+json; options=settings")
                    .header("Content-Type", "application/vnd.pgrst.plan+json; for=\"application/json\"; options=settings; charset=utf-8");
            assertThat(plan(r).path(0).path("Settings")).isEqualTo(MAPPER.readTree("{\"search_path\": \"\\\"test\\\"\"}"));
        }

        @Test
        void walWithTheWalOption() {
            SpecClient.Reply r = api.get("/projects", "Accept", "application/vnd.pgrst.plan+json; options=analyze|wal")
                    .header("Content-Type", "application/vnd.pgrst.plan+json; for=\"application/json\"; options=analyze|wal; charset=utf-8");
            assertThat(plan(r).path(0).path("Plan").path("WAL Records")).isEqualTo(MAPPER.getNodeFactory().numberNode(0));
        }

        @Test
        @Disabled(VERBOSE + " (PostgREST: here [\"_r.*\"])")
        void columnsWithTheVerboseOption() throws Exception {
            SpecClient.Reply r = api.get("/projects", "Accept", "application/vnd.pgrst.plan+json; options=verbose")
                    .header("Content-Type", "application/vnd.pgrst.plan+json; for=\"application/json\"; options=verbose; charset=utf-8");
            assertThat(plan(r).path(0).path("Plan").path("Plans").path(0).path("Output"))
                    .isEqualTo(MAPPER.readTree("[\"projects.id\", \"projects.name\", \"projects.client_id\"]"));
        }

        @Test
        @Disabled(VERBOSE + " (PostgREST: here COALESCE(json_agg(_r.*), '[]'::json))")
        void thePlanForApplicationJson() {
            SpecClient.Reply r = api.get("/projects", "Accept", "application/vnd.pgrst.plan+json; for=\"application/json\"; options=verbose")
                    .header("Content-Type", "application/vnd.pgrst.plan+json; for=\"application/json\"; options=verbose; charset=utf-8");
            assertThat(plan(r).path(0).path("Plan").path("Output").path(2).asText())
                    .isEqualTo("COALESCE(json_agg(ROW(projects.id, projects.name, projects.client_id)), '[]'::json)");
        }

        @Test
        @Disabled(VERBOSE + " (here COALESCE((json_agg(_r.*) -> 0), 'null'::json))")
        void thePlanForTheObject() {
            SpecClient.Reply r = api.get("/projects_view",
                            "Accept", "application/vnd.pgrst.plan+json; for=\"application/vnd.pgrst.object\"; options=verbose")
                    .header("Content-Type",
                            "application/vnd.pgrst.plan+json; for=\"application/vnd.pgrst.object+json\"; options=verbose; charset=utf-8");
            assertThat(plan(r).path(0).path("Plan").path("Output").path(2).asText())
                    .isEqualTo("COALESCE((json_agg(ROW(projects.id, projects.name, projects.client_id)) -> 0), 'null'::json)");
        }
    }

    @Nested
    @Spec(plan = true)
    class WritesPlans {
        private final SpecClient api;

        WritesPlans(SpecClient api) {
            this.api = api;
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 0.06; here 3.28)")
        void totalCostOfAnInsert() {
            SpecClient.Reply r = api.post("/projects", "{\"id\":100, \"name\": \"Project 100\"}", "Accept", PLAN_JSON)
                    .status(200).header("Content-Type", PLAN_TYPE);
            assertThat(planCost(r)).isEqualTo(0.06);
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 8.23; here 1.12)")
        void totalCostOfAnUpdate() {
            SpecClient.Reply r = api.patch("/projects?id=eq.3", "{\"name\": \"Patched Project\"}", "Accept", PLAN_JSON)
                    .status(200).header("Content-Type", PLAN_TYPE);
            assertThat(planCost(r)).isEqualTo(8.23);
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 15.68; here 1.15)")
        void totalCostOfADelete() {
            SpecClient.Reply r = api.delete("/projects?id=in.(1,2,3)", "Accept", PLAN_JSON).status(200).header("Content-Type", PLAN_TYPE);
            assertThat(planCost(r)).isEqualTo(15.68);
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 3.55; here 4.33)")
        void totalCostOfASingleUpsert() {
            SpecClient.Reply r = api.put("/tiobe_pls?name=eq.Go", "[ { \"name\": \"Go\", \"rank\": 19 } ]", "Accept", PLAN_JSON)
                    .status(200).header("Content-Type", PLAN_TYPE);
            assertThat(planCost(r)).isEqualTo(3.55);
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 5.53; here 6.67)")
        void totalCostOfTwoUpserts() {
            SpecClient.Reply r = api.post("/tiobe_pls", "[ { \"name\": \"Python\", \"rank\": 19 }, { \"name\": \"Go\", \"rank\": 20} ]",
                    "Prefer", "resolution=merge-duplicates", "Accept", PLAN_JSON).status(200).header("Content-Type", PLAN_TYPE);
            assertThat(planCost(r)).isEqualTo(5.53);
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 5.53; here 6.67)")
        void totalCostOfAnUpsertOf10Rows() {
            upsertCost(10);
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 5.53; here 6.67)")
        void totalCostOfAnUpsertOf100Rows() {
            upsertCost(100);
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 5.53; here 6.67)")
        void totalCostOfAnUpsertOf1000Rows() {
            upsertCost(1000);
        }

        private void upsertCost(int rows) {
            SpecClient.Reply r = api.post("/tiobe_pls", tiobeRows(rows), "Prefer", "resolution=merge-duplicates", "Accept", PLAN_JSON)
                    .status(200).header("Content-Type", PLAN_TYPE);
            assertThat(planCost(r)).isEqualTo(5.53);
        }

        /** Not a PostgREST case: the write cases above assert costs only; a plan of a write without analyze writes nothing. */
        @Test
        void aWritesPlanDoesNotWrite() {
            SpecClient.Reply r = api.request("POST", "/projects", "{\"id\":100, \"name\": \"Project 100\"}",
                    "Accept", PLAN_JSON, "Prefer", "tx=commit").status(200).header("Content-Type", PLAN_TYPE);
            assertThat(plan(r).path(0).path("Plan").path("Plans").toString()).contains("\"Operation\":\"Insert\"");
            api.get("/projects?id=eq.100").is(200, "[]");
        }

        @Test
        @Disabled(VERBOSE + " (the body is column 2 of rest-server's write, PostgREST's 3: here current_setting(...))")
        void thePlanForTheObject() {
            SpecClient.Reply r = api.delete("/projects?id=eq.6", "Prefer", "return=representation",
                            "Accept", "application/vnd.pgrst.plan+json; for=\"application/vnd.pgrst.object\"; options=verbose")
                    .header("Content-Type",
                            "application/vnd.pgrst.plan+json; for=\"application/vnd.pgrst.object+json\"; options=verbose; charset=utf-8");
            assertThat(plan(r).path(0).path("Plan").path("Output").path(3).asText())
                    .isEqualTo("COALESCE((json_agg(ROW(projects.id, projects.name, projects.client_id)) -> 0), 'null'::json)");
        }
    }

    @Nested
    @Spec(plan = true)
    class FunctionPlan {
        private final SpecClient api;

        FunctionPlan(SpecClient api) {
            this.api = api;
        }

        @Test
        @Disabled(COSTS + " (PostgREST: 68.56; here 28.78)")
        void totalCostOfAFunctionCall() {
            SpecClient.Reply r = api.get("/rpc/getallprojects?id=in.(1,2,3)", "Accept", PLAN_JSON).status(200)
                    .header("Content-Type", PLAN_TYPE);
            assertThat(planCost(r)).isEqualTo(68.56);
        }
    }

    @Nested
    @Spec(plan = true)
    class TextFormat {
        private final SpecClient api;

        TextFormat(SpecClient api) {
            this.api = api;
        }

        @Test
        void theTextFormat() {
            SpecClient.Reply r = api.get("/projects?id=in.(1,2,3)", "Accept", "application/vnd.pgrst.plan+text").status(200)
                    .header("Content-Type", TEXT_TYPE);
            assertThat(r.body()).startsWith("Aggregate");
        }

        @Test
        void textIsTheDefaultFormat() {
            SpecClient.Reply r = api.get("/projects?id=in.(1,2,3)", "Accept", "application/vnd.pgrst.plan").status(200)
                    .header("Content-Type", TEXT_TYPE);
            assertThat(r.body()).startsWith("Aggregate");
        }
    }

    @Nested
    @Spec(plan = true)
    class ResourceEmbeddingCosts {
        private final SpecClient api;

        ResourceEmbeddingCosts(SpecClient api) {
            this.api = api;
        }

        private double cost(String path) {
            return planCost(api.get(path, "Accept", PLAN_JSON).status(200));
        }

        @Test
        void aOneToManyDoesNotSurpassAThreshold() {
            assertThat(cost("/clients?select=*,projects(*)&id=eq.1")).isLessThan(33.3);
        }

        @Test
        void aManyToOneDoesNotSurpassAThreshold() {
            assertThat(cost("/projects?select=*,clients(*)&id=eq.1")).isLessThan(16.5);
        }

        @Test
        void aManyToManyDoesNotSurpassAThreshold() {
            assertThat(cost("/users?select=*,tasks(*)&id=eq.1")).isLessThan(70.9);
        }

        @Test
        void onAOneToManyInnerCostsAsNotNull() {
            assertThat(cost("/clients?select=*,projects!inner(*)&id=eq.1")).isLessThan(33.3);
            assertThat(cost("/clients?select=*,projects(*)&projects=not.is.null&id=eq.1")).isLessThan(33.3);
        }

        @Test
        void onAManyToOneInnerCostsAsNotNull() {
            assertThat(cost("/projects?select=*,clients!inner(*)&id=eq.1")).isLessThan(16.42);
            assertThat(cost("/projects?select=*,clients(*)&clients=not.is.null&id=eq.1")).isLessThan(16.42);
        }

        @Test
        void onAManyToManyInnerCostsAsNotNull() {
            assertThat(cost("/users?select=*,tasks!inner(*)&tasks.id=eq.1")).isLessThan(20888.83);
            assertThat(cost("/users?select=*,tasks(*)&tasks.id=eq.1&tasks=not.is.null")).isLessThan(20888.83);
        }
    }

    @Nested
    @Spec(plan = true)
    class FunctionCallCosts {
        private final SpecClient api;

        FunctionCallCosts(SpecClient api) {
            this.api = api;
        }

        private double cost(String path) {
            return planCost(api.get(path, "Accept", PLAN_JSON).status(200));
        }

        private String textPlan(String path) {
            return api.get(path, "Accept", "application/vnd.pgrst.plan").status(200).body();
        }

        @Test
        void aSetOfCompositeFunction() {
            assertThat(cost("/rpc/get_projects_below?id=3")).isLessThan(45.4);
        }

        @Test
        void aSetOfCompositeFunctionWithoutArguments() {
            assertThat(cost("/rpc/getallprojects")).isLessThan(71.0);
        }

        @Test
        void aScalarFunction() {
            assertThat(cost("/rpc/add_them?a=3&b=4")).isLessThan(0.11);
        }

        @Test
        void aFunctionWithoutArgumentsIsInlined() {
            assertThat(textPlan("/rpc/getallusers?id=eq.1")).doesNotContain("getallusers");
        }

        @Test
        void aFunctionWithArgumentsIsInlined() {
            assertThat(textPlan("/rpc/getitemrange?min=10&max=15")).doesNotContain("getitemrange");
        }

        @Test
        void anIndexForAJsonArrowFilter() {
            assertThat(textPlan("/bets?data_json->>contractId=eq.1")).contains("Index Cond");
        }

        @Test
        void anIndexForAJsonbArrowFilter() {
            assertThat(textPlan("/bets?data_jsonb->>contractId=eq.1")).contains("Index");
        }

        @Test
        void anIndexForOrderingOnAJsonArrow() {
            assertThat(textPlan("/bets?order=data_json->>contractId")).contains("Index");
        }

        @Test
        void anIndexForOrderingOnAJsonbArrow() {
            assertThat(textPlan("/bets?order=data_jsonb->>contractId")).contains("Index");
        }
    }

    @Nested
    @Spec(plan = true)
    class CustomMediaTypes {
        private final SpecClient api;

        CustomMediaTypes(SpecClient api) {
            this.api = api;
        }

        @Test
        @Disabled(VERBOSE + " (PostgREST: here ((array_agg(_r.pgrst_scalar))[1])::text)")
        void thePlanOfAScalarFunctionAsTextXml() {
            SpecClient.Reply r = api.get("/rpc/return_scalar_xml", "Accept", "application/vnd.pgrst.plan+json; for=\"text/xml\"; options=verbose")
                    .header("Content-Type", "application/vnd.pgrst.plan+json; for=\"text/xml\"; options=verbose; charset=utf-8");
            assertThat(plan(r).path(0).path("Plan").path("Output").path(2).asText()).isEqualTo("return_scalar_xml.pgrst_scalar");
        }

        @Test
        @Disabled(VERBOSE + " (PostgREST: here (test.twkb_agg(ROW(pgrst_t.id, pgrst_t.name, pgrst_t.geom)::test.lines))::bytea)")
        void thePlanOfAnAggregateOfApplicationVndTwkb() {
            SpecClient.Reply r = api.get("/lines", "Accept", "application/vnd.pgrst.plan+json; for=\"application/vnd.twkb\"; options=verbose")
                    .header("Content-Type", "application/vnd.pgrst.plan+json; for=\"application/vnd.twkb\"; options=verbose; charset=utf-8");
            assertThat(plan(r).path(0).path("Plan").path("Output").path(2).asText())
                    .isEqualTo("twkb_agg(ROW(lines.id, lines.name, lines.geom)::lines)");
        }
    }

    /** PostgREST's disabledSpec: with db-plan-enabled off (the default) the plan type is not available. */
    @Nested
    @Spec
    class PlansDisabled {
        private final SpecClient api;

        PlansDisabled(SpecClient api) {
            this.api = api;
        }

        @Test
        void doesNotWorkWithPlansDisabled() {
            String unavailable = "{\"code\":\"PGRST107\",\"details\":null,\"hint\":null,"
                    + "\"message\":\"None of these media types are available: application/vnd.pgrst.plan+text; for=\\\"application/json\\\"\"}";
            api.get("/projects?id=in.(1,2,3)", "Accept", "application/vnd.pgrst.plan").is(406, unavailable);
            api.get("/rpc/getallprojects?id=in.(1,2,3)", "Accept", "application/vnd.pgrst.plan").is(406, unavailable);
            api.delete("/projects?id=in.(1,2,3)", "Accept", "application/vnd.pgrst.plan").is(406, unavailable);
        }
    }
}
