package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

import java.util.Map;

/** Cases of PostgREST's test/spec/Feature/Query/RpcSpec.hs and RpcPreRequestGucsSpec.hs, ported. */
@Spec
class RpcSpecIT {
    private final SpecClient api;

    RpcSpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void scalarsAndSetsOfScalars() {
        api.post("/rpc/ret_setof_integers", "{}").is(200, "[1,2,3]");
        api.get("/rpc/ret_setof_integers?limit=2").is(200, "[1,2]");
        api.post("/rpc/ret_enum", "{ \"val\": \"foo\" }").is(200, "\"foo\"");
        api.post("/rpc/ret_range", "{ \"low\": 10, \"up\": 20 }").is(200, "\"[10,20)\"");
        api.post("/rpc/ret_null", "{}").is(200, "null");
        api.get("/rpc/sayhello?name=world").is(200, "\"Hello, world\"");
        api.get("/rpc/sayhello?name=ignored&name=world").is(200, "\"Hello, world\"");
    }

    @Test
    void voidIs204WithoutContentType() {
        api.post("/rpc/ret_void", "{}").status(204).body("").header("Content-Type", null);
    }

    @Test
    void compositesRecordsAndOutParams() {
        api.post("/rpc/ret_point_2d", "{}").is(200, "{\"x\": 10, \"y\": 5}".replace("x", "r").replace("y", "i"));
        api.post("/rpc/returns_record", "").is(200, "{\"id\":1,\"name\":\"Windows 7\",\"client_id\":1}");
        api.post("/rpc/returns_setof_record", "")
                .is(200, "[{\"id\":1,\"name\":\"Windows 7\",\"client_id\":1},{\"id\":2,\"name\":\"Windows 10\",\"client_id\":1}]");
        api.get("/rpc/single_out_param?num=5").is(200, "{\"num_plus_one\":6}");
        api.get("/rpc/single_json_out_param?a=1&b=two").is(200, "{\"my_json\": {\"a\": 1, \"b\": \"two\"}}");
        api.get("/rpc/single_inout_param?num=2").is(200, "{\"num\":3}");
        api.get("/rpc/many_out_params").is(200, "{\"my_json\":{\"a\": 1, \"b\": \"two\"},\"num\":3,\"str\":\"four\"}");
        api.get("/rpc/single_column_table_return").is(200, "[{\"a\": \"A\"}]");
        api.get("/rpc/multi_column_table_return").is(200, "[{\"a\": \"A\", \"b\": \"B\"}]");
    }

    @Test
    void variadicParameters() {
        api.post("/rpc/variadic_param", "{ \"v\": [\"hi\", \"hello\", \"there\"] }").is(200, "[\"hi\", \"hello\", \"there\"]");
        api.get("/rpc/variadic_param").is(200, "[]");
        api.get("/rpc/variadic_param?v=hi").is(200, "[\"hi\"]");
        api.get("/rpc/variadic_param?v=hi&v=there").is(200, "[\"hi\", \"there\"]");
        String form = "application/x-www-form-urlencoded";
        api.post("/rpc/variadic_param", "", "Content-Type", form).is(200, "[]");
        api.post("/rpc/variadic_param", "v=hi", "Content-Type", form).is(200, "[\"hi\"]");
        api.post("/rpc/variadic_param", "v=hi&v=there", "Content-Type", form).is(200, "[\"hi\", \"there\"]");
    }

    @Test
    void countRangeAndCsvOnFunctions() {
        api.get("/rpc/getitemrange?min=2&max=4&limit=1&offset=1", "Prefer", "count=exact").is(206, "[{\"id\":4}]")
                .header("Content-Range", "1-1/2");
        api.get("/rpc/getitemrange?min=2&max=4", "Accept", "text/csv").status(200).body("id\n3\n4")
                .header("Content-Type", "text/csv; charset=utf-8");
        api.get("/rpc/ret_setof_integers", "Accept", "text/csv").status(200).body("pgrst_scalar\n1\n2\n3");
        api.get("/rpc/getitemrange?min=2&max=3", "Accept", "application/vnd.pgrst.object+json").is(200, "{\"id\":3}");
        api.get("/rpc/getitemrange?min=2&max=4", "Accept", "application/vnd.pgrst.object+json").error(406, "PGRST116");
    }

    @Test
    void responseStatusAndHeadersFromSql() {
        api.post("/rpc/send_status_and_headers", "{}").is(202, "\"accepted\"").header("X-Custom-Header", "done")
                .header("Cache-Control", "no-cache");
        api.post("/rpc/bad_status", "{}").error(500, "PGRST112");
        api.post("/rpc/raise_pt402", "{}").is(402, "{\"code\":\"PT402\",\"message\":\"Payment Required\","
                + "\"details\":\"Quota exceeded\",\"hint\":\"Upgrade your plan\"}");
    }

    @Test
    void requestSettings() {
        api.post("/rpc/get_guc_value", "{ \"prefix\": \"request.headers\", \"name\": \"custom-header\" }",
                "Custom-Header", "test").is(200, "\"test\"");
        api.post("/rpc/get_guc_value", "{ \"prefix\": \"request.cookies\", \"name\": \"acookie\" }",
                "Cookie", "acookie=cookievalue;secondcookie=anothervalue").is(200, "\"cookievalue\"");
        api.post("/rpc/get_guc", "{ \"name\": \"request.method\" }").is(200, "\"POST\"");
        api.get("/rpc/get_guc?name=request.path").is(200, "\"/rpc/get_guc\"");
        api.get("/rpc/get_guc_value?prefix=request.jwt.claims&name=role").is(200, "\"pgrst_spec_anon\"");
        api.get("/rpc/get_guc_value?prefix=request.jwt.claims&name=role", "Authorization",
                api.token(Map.of("role", "pgrst_spec_user"))).is(200, "\"pgrst_spec_user\"");
    }

    @Test
    void aTokenWithAnUnknownRoleIs401() {
        api.get("/items?id=eq.1", "Authorization", api.token(Map.of("role", "pgrst_spec_nobody"))).status(401)
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void aGetCallRunsReadOnly() {
        api.get("/rpc/volatile_add?a=1&b=2").is(200, "3");
        api.post("/rpc/volatile_add", "{\"a\":1,\"b\":2}").is(200, "3");
    }

    @Test
    void unknownFunctionsAndMethods() {
        api.get("/rpc/sayhello?nam=Peter").error(404, "PGRST202");
        api.request("PATCH", "/rpc/sayhello", "").error(405, "PGRST101");
    }

    // improper input: an Accept no handler answers.

    @Test
    void anUnknownAcceptIs406EvenIfThePayloadIsGood() {
        api.post("/rpc/sayhello", "{\"name\":\"world\"}", "Accept", "audio/mpeg3").status(406);
        api.get("/rpc/sayhello?name=world", "Accept", "audio/mpeg3").status(406);
    }

    // single unnamed param: the cases whose body is JSON, or that a GET's Content-Type does not change (the
    // overloads of the fixture answer text/plain and application/octet-stream through their domains).

    @Test
    void aJsonBodyResolvesTheOverloadsByItsKeys() {
        api.post("/rpc/overloaded_unnamed_param", "{}", "Content-Type", "application/json").is(200, "1")
                .header("Content-Type", "application/json; charset=utf-8");
        api.post("/rpc/overloaded_unnamed_param", "{\"x\":1,\"y\":2}", "Content-Type", "application/json").is(200, "3")
                .header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void aGetWithAContentTypeCallsTheFunctionWithoutParameters() {
        api.get("/rpc/overloaded_unnamed_param", "Content-Type", "text/plain").is(200, "1");
        api.get("/rpc/overloaded_unnamed_param", "Content-Type", "application/octet-stream").is(200, "1");
    }
}
