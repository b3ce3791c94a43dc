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

    // unknown function: PGRST202 in PostgREST's words, with the closest function or parameters as the hint.

    private static String notFound(String hint, String func, String called, String searched) {
        return "{\"code\":\"PGRST202\",\"hint\":" + (hint == null ? "null" : "\"Perhaps you meant to call the function " + hint + "\"")
                + ",\"message\":\"Could not find the function " + func + called + " in the schema cache\","
                + "\"details\":\"Searched for the function " + func + searched + ", but no matches were found in the schema cache.\"}";
    }

    @Test
    void anUnknownFunctionIs404() {
        api.post("/rpc/fakefunc", "{}").status(404);
        api.get("/rpc/fake").status(404);
        api.get("/rpc/sayhell").is(404, notFound("test.sayhello", "test.sayhell", " without parameters", " without parameters"))
                .header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void unknownArgumentsAre404WithTheClosestParameters() {
        api.get("/rpc/sayhello").status(404);
        api.get("/rpc/sayhello?any_arg=value").status(404);
        api.get("/rpc/sayhello?nam=Peter").is(404, notFound("test.sayhello(name)", "test.sayhello", "(nam)", " with parameter nam"))
                .header("Content-Type", "application/json; charset=utf-8");
        api.get("/rpc/add_them?a=1&b=2&smthelse=blabla").is(404, notFound("test.add_them(a, b)", "test.add_them",
                "(a, b, smthelse)", " with parameters a, b, smthelse")).header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void unknownArgumentsOfAnOverloadedFunctionAre404() {
        api.get("/rpc/overloaded?wrong_arg=value").is(404, notFound(null, "test.overloaded", "(wrong_arg)", " with parameter wrong_arg"))
                .header("Content-Type", "application/json; charset=utf-8");
        api.get("/rpc/overloaded?a=1&b=2&wrong_arg=value").is(404, notFound("test.overloaded(a, b, c)", "test.overloaded",
                "(a, b, wrong_arg)", " with parameters a, b, wrong_arg")).header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void overloadsOfTheSameParameterNamesAre300() {
        api.get("/rpc/overloaded_same_args?arg=value").is(300, "{\"code\":\"PGRST203\",\"details\":null,"
                + "\"hint\":\"Try renaming the parameters or the function itself in the database so function overloading can be resolved\","
                + "\"message\":\"Could not choose the best candidate function between: test.overloaded_same_args(arg => integer), "
                + "test.overloaded_same_args(arg => xml), test.overloaded_same_args(arg => text, num => integer)\"}")
                .header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void anOverloadedFunctionIsCalledByItsArguments() {
        api.get("/rpc/overloaded").is(200, "[1,2,3]");
        api.get("/rpc/overloaded?a=1&b=2").status(200).body("3");
        api.get("/rpc/overloaded?a=1&b=2&c=3").is(200, "\"123\"");
    }

    @Test
    void onlyTheFirstObjectOfAnArrayIsTheArguments() {
        api.post("/rpc/add_them", "[{\"a\": 1, \"b\": 2}, {\"a\": 4, \"b\": 6}, {\"a\": 100, \"b\": 200}]").status(200).body("3")
                .header("Content-Type", "application/json; charset=utf-8");
    }

    // improper input: an Accept no handler answers.

    @Test
    void anUnknownAcceptIs406EvenIfThePayloadIsGood() {
        api.post("/rpc/sayhello", "{\"name\":\"world\"}", "Accept", "audio/mpeg3").status(406);
        api.get("/rpc/sayhello?name=world", "Accept", "audio/mpeg3").status(406);
    }

    // single unnamed param: a POST's body bound whole to a function's single unnamed parameter, by its Content-Type.

    /** Bytes no UTF-8 text is made of: every byte value, twice. */
    private static final byte[] BINARY = new byte[512];

    static {
        for (int i = 0; i < BINARY.length; i++) {
            BINARY[i] = (byte) i;
        }
    }

    private static final String NO_FUNCTION = "{\"code\":\"PGRST202\",\"hint\":%s,\"message\":\"%s\",\"details\":\"%s\"}";

    @Test
    void aJsonBodyIsTheSingleUnnamedJsonParameter() {
        api.post("/rpc/unnamed_json_param", "{\"A\": 1, \"B\": 2, \"C\": 3}").is(200, "{\"A\": 1, \"B\": 2, \"C\": 3}");
    }

    @Test
    void aTextBodyIsTheSingleUnnamedTextParameter() {
        api.post("/rpc/unnamed_text_param", "unnamed text arg", "Content-Type", "text/plain", "Accept", "text/plain")
                .status(200).body("unnamed text arg");
    }

    @Test
    void anXmlBodyIsTheSingleUnnamedXmlParameter() {
        String xml = "<note><from>John</from><to>Jane</to><message>Remember me</message></note>";
        api.post("/rpc/unnamed_xml_param", xml, "Content-Type", "text/xml", "Accept", "text/xml").status(200).body(xml);
    }

    @Test
    void anOctetStreamBodyIsTheSingleUnnamedByteaParameter() {
        api.requestBytes("POST", "/rpc/unnamed_bytea_param", BINARY, "Content-Type", "application/octet-stream",
                "Accept", "application/octet-stream").status(200).bytes(BINARY);
    }

    @Test
    void noFunctionOfASingleUnnamedParameterOfTheBodysType() {
        String func = "test.unnamed_int_param";
        api.post("/rpc/unnamed_int_param", "{\"x\": 1, \"y\": 2}", "Content-Type", "application/json").is(404, NO_FUNCTION.formatted(
                "\"Perhaps you meant to call the function test.unnamed_text_param\"",
                "Could not find the function " + func + "(x, y) in the schema cache",
                "Searched for the function " + func + " with parameters x, y or with a single unnamed json/jsonb parameter, "
                        + "but no matches were found in the schema cache."))
                .header("Content-Type", "application/json; charset=utf-8");
        String message = "Could not find the function " + func + " in the schema cache";
        String details = "Searched for the function " + func + " with a single unnamed %s parameter, but no matches were found in the schema cache.";
        api.post("/rpc/unnamed_int_param", "a simple text", "Content-Type", "text/plain")
                .is(404, NO_FUNCTION.formatted("null", message, details.formatted("text")))
                .header("Content-Type", "application/json; charset=utf-8");
        api.post("/rpc/unnamed_int_param", "a simple text", "Content-Type", "text/xml")
                .is(404, NO_FUNCTION.formatted("null", message, details.formatted("xml")))
                .header("Content-Type", "application/json; charset=utf-8");
        api.requestBytes("POST", "/rpc/unnamed_int_param", BINARY, "Content-Type", "application/octet-stream")
                .is(404, NO_FUNCTION.formatted("null", message, details.formatted("bytea")))
                .header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void aJsonBodyResolvesTheOverloadsByItsKeys() {
        api.post("/rpc/overloaded_unnamed_param", "{}", "Content-Type", "application/json").is(200, "1")
                .header("Content-Type", "application/json; charset=utf-8");
        api.post("/rpc/overloaded_unnamed_param", "{\"x\":1,\"y\":2}", "Content-Type", "application/json").is(200, "3")
                .header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void noOverloadOfTheKeysFallsBackToTheSingleUnnamedParameter() {
        api.post("/rpc/overloaded_unnamed_param", "{\"A\": 1, \"B\": 2, \"C\": 3}", "Content-Type", "application/json")
                .is(200, "{\"A\": 1, \"B\": 2, \"C\": 3}");
        api.post("/rpc/overloaded_unnamed_param", "unnamed text arg", "Content-Type", "text/plain", "Accept", "text/plain")
                .status(200).body("unnamed text arg");
        api.requestBytes("POST", "/rpc/overloaded_unnamed_param", BINARY, "Content-Type", "application/octet-stream",
                "Accept", "application/octet-stream").status(200).bytes(BINARY);
    }

    @Test
    void aGetWithAContentTypeCallsTheFunctionWithoutParameters() {
        api.get("/rpc/overloaded_unnamed_param", "Content-Type", "text/plain").is(200, "1");
        api.get("/rpc/overloaded_unnamed_param", "Content-Type", "application/octet-stream").is(200, "1");
    }

    @Test
    void aCsvBodyFallsBackToNoUnnamedParameter() {
        api.post("/rpc/overloaded_unnamed_param", "a,b\n1,2\n4,6\n100,200", "Content-Type", "text/csv").is(404, NO_FUNCTION.formatted(
                "\"Perhaps you meant to call the function test.overloaded_unnamed_param(x, y)\"",
                "Could not find the function test.overloaded_unnamed_param(a, b) in the schema cache",
                "Searched for the function test.overloaded_unnamed_param with parameters a, b, but no matches were found in the schema cache."))
                .header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void unnamedJsonAndJsonbOverloadsAreAmbiguous() {
        api.post("/rpc/overloaded_unnamed_json_jsonb_param", "{\"A\": 1, \"B\": 2, \"C\": 3}", "Content-Type", "application/json")
                .is(300, "{\"code\":\"PGRST203\",\"details\":null,"
                        + "\"hint\":\"Try renaming the parameters or the function itself in the database so function overloading can be resolved\","
                        + "\"message\":\"Could not choose the best candidate function between: test.overloaded_unnamed_json_jsonb_param( => json), "
                        + "test.overloaded_unnamed_json_jsonb_param( => jsonb)\"}")
                .header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void invalidXmlIs400() {
        api.post("/rpc/unnamed_xml_param", "<", "Content-Type", "text/xml", "Accept", "text/xml")
                .is(400, "{\"hint\":null,\"message\":\"invalid XML content\",\"code\":\"2200N\","
                        + "\"details\":\"line 1: StartTag: invalid element name\\n<\\n ^\"}")
                .header("Content-Type", "application/json; charset=utf-8");
    }
}
