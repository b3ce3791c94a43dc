package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * Cases of PostgREST's test/spec/Feature/Query/ErrorSpec.hs, ported in part (7 of 19): not its table
 * name suggestions ("Perhaps you meant"), its JWT library's own error texts, nor
 * {@code client-error-verbosity}.
 */
@Spec
class ErrorSpecIT {
    private final SpecClient api;

    ErrorSpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void aCardinalityViolationIs500() {
        api.get("/bad_subquery").status(500);
    }

    @Test
    void aStatementTooComplexIs500() {
        api.post("/infinite_inserts", "{\"id\": 3, \"name\": \"qwer\"}")
                .is(500, "{\"code\":\"54001\",\"details\":null,\"hint\":\"Increase the configuration parameter \\\"max_stack_depth\\\" "
                        + "(currently 2048kB), after ensuring the platform's stack depth limit is adequate.\","
                        + "\"message\":\"stack depth limit exceeded\"}")
                .header("Content-Length", "217");
    }

    @Test
    void aRequestErrorNamesItsCodeInProxyStatus() {
        api.get("/invalid/nested/paths")
                .is(404, "{\"code\":\"PGRST125\",\"details\":null,\"hint\":null,\"message\":\"Invalid path specified in request URL\"}")
                .header("Proxy-Status", "PostgREST; error=PGRST125").header("Content-Length", "96");
    }

    @Test
    void aSchemaCacheErrorNamesItsCodeInProxyStatus() {
        api.get("/non_existent_table").is(404, "{\"code\":\"PGRST205\",\"details\":null,\"hint\":null,"
                        + "\"message\":\"Could not find the table 'test.non_existent_table' in the schema cache\"}")
                .header("Proxy-Status", "PostgREST; error=PGRST205").header("Content-Length", "129");
    }

    @Test
    void aRaisedSqlstateNamesItsCodeInProxyStatus() {
        api.get("/rpc/raise_pt402").is(402, "{\"code\":\"PT402\",\"details\":\"Quota exceeded\",\"hint\":\"Upgrade your plan\","
                        + "\"message\":\"Payment Required\"}")
                .header("Proxy-Status", "PostgREST; error=PT402").header("Content-Length", "99");
    }

    @Test
    void aRaisedPgrstErrorNamesItsCodeInProxyStatus() {
        api.get("/rpc/raise_sqlstate_test1").is(332, "{\"code\":\"123\",\"details\":\"DEF\",\"hint\":\"XYZ\",\"message\":\"ABC\"}")
                .header("Proxy-Status", "PostgREST; error=123").header("Content-Length", "59");
    }

    @Test
    void aTokensRoleThatDoesNotExistIs401() {
        api.get("/authors_only", "Authorization", api.token(Map.of("role", "not existing")))
                .is(401, "{\"code\":\"22023\",\"details\":null,\"hint\":null,\"message\":\"role \\\"not existing\\\" does not exist\"}");
    }
}
