package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/** Cases of PostgREST's test/spec/Feature/Query/JsonOperatorSpec.hs, ported. */
@Spec
class JsonOperatorSpecIT {
    private final SpecClient api;

    JsonOperatorSpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void subfieldsWithCastsAndAliases() {
        api.get("/complex_items?id=eq.1&select=settings->>foo::json").is(200, "[{\"foo\":{\"int\":1,\"bar\":\"baz\"}}]");
        api.get("/complex_items?id=eq.1&select=myFoo:settings->>foo::json").is(200, "[{\"myFoo\":{\"int\":1,\"bar\":\"baz\"}}]");
        api.get("/complex_items?id=eq.1&select=settings->foo->>bar").is(200, "[{\"bar\":\"baz\"}]");
        api.get("/complex_items?id=eq.1&select=myBar:settings->foo->>bar").is(200, "[{\"myBar\":\"baz\"}]");
        api.get("/complex_items?id=eq.1&select=settings->foo->>int::integer").is(200, "[{\"int\":1}]");
        api.get("/complex_items?id=eq.1&select=myInt:settings->foo->>int::integer").is(200, "[{\"myInt\":1}]");
    }

    @Test
    void aBadCastIsPostgresqlsError() {
        api.get("/complex_items?select=settings->foo->>bar::integer")
                .is(400, "{\"hint\":null,\"details\":null,\"code\":\"22P02\",\"message\":\"invalid input syntax for type integer: \\\"baz\\\"\"}");
    }

    @Test
    void specialCharactersInKeys() {
        api.get("/json_arr?id=eq.7&select=data->c").is(200, "[{\"c\":[1,2,3]}]");
        api.get("/json_arr?select=data->(!@%23$%25^%26*_d->>x").error(400, "PGRST100");
        api.get("/json_arr?select=data->>c->1").error(400, "PGRST100");
        api.get("/json_arr?select=data->>c->b").error(400, "PGRST100");
    }

    @Test
    void arrayIndexes() {
        api.get("/json_arr?select=data->>0::int&id=in.(1,2)").is(200, "[{\"data\":1}, {\"data\":4}]");
        api.get("/json_arr?select=idx0:data->>0::int,idx1:data->>1::int&id=in.(1,2)")
                .is(200, "[{\"idx0\":1,\"idx1\":2}, {\"idx0\":4,\"idx1\":5}]");
        api.get("/json_arr?select=data->0->>1::int&id=in.(3,4)").is(200, "[{\"data\":8}, {\"data\":null}]");
        api.get("/json_arr?select=data->0->a->>2&id=in.(5,6)").is(200, "[{\"a\":null}, {\"a\":\"3\"}]");
        api.get("/json_arr?select=data->0->>a&id=in.(5,6)").is(200, "[{\"a\":\"A\"}, {\"a\":\"[1,2,3]\"}]");
        api.get("/json_arr?select=data->c->>0::json&id=in.(7,8)").is(200, "[{\"c\":1}, {\"c\":{\"d\": [4,5,6,7,8]}}]");
        api.get("/json_arr?select=data->c->0->d->>4::int&id=in.(7,8)").is(200, "[{\"d\":null}, {\"d\":8}]");
        api.get("/json_arr?select=data->c&id=in.(7,8)").is(200, "[{\"c\":[1,2,3]}, {\"c\":[{\"d\": [4,5,6,7,8]}]}]");
        api.get("/json_arr?select=data->0->a&id=in.(5,6)").is(200, "[{\"a\":\"A\"}, {\"a\":[1,2,3]}]");
        api.get("/json_arr?select=data->c->0->d&id=eq.8").is(200, "[{\"d\":[4,5,6,7,8]}]");
    }

    @Test
    void compositeFieldsAndArrayItems() {
        api.get("/fav_numbers?select=num->i&order=person").is(200, "[{\"i\":0.5},{\"i\":0.6}]");
        api.get("/fav_numbers?select=num->>i&order=person").is(200, "[{\"i\":\"0.5\"},{\"i\":\"0.6\"}]");
        api.get("/arrays?select=a:numbers->0,b:numbers->1,c:numbers_mult->0->0,d:numbers_mult->1->2&order=id")
                .is(200, "[{\"a\":1,\"b\":2,\"c\":1,\"d\":6},{\"a\":11,\"b\":12,\"c\":11,\"d\":16}]");
        api.get("/arrays?select=a:numbers->>0,b:numbers->>1,c:numbers_mult->0->>0,d:numbers_mult->1->>2&order=id")
                .is(200, "[{\"a\":\"1\",\"b\":\"2\",\"c\":\"1\",\"d\":\"6\"},{\"a\":\"11\",\"b\":\"12\",\"c\":\"11\",\"d\":\"16\"}]");
    }

    @Test
    void filters() {
        api.get("/json_table?data->foo->>bar=eq.baz").is(200, "[{\"data\": {\"id\": 1, \"foo\": {\"bar\": \"baz\"}}}]");
        api.get("/json_table?data->foo->>bar=eq.fake").is(200, "[]");
        api.get("/json_table?data->foo->>bar=not.eq.baz").is(200, "[]");
        api.get("/json_table?data->>id=eq.1").is(200, "[{\"data\": {\"id\": 1, \"foo\": {\"bar\": \"baz\"}}}]");
        api.get("/grandchild_entities?or=(jsonb_col->a->>b.eq.foo, jsonb_col->>b.eq.bar)&select=id&order=id")
                .is(200, "[{\"id\": 4}, {\"id\": 5}]");
        api.get("/json_arr?select=data&data->>0=eq.1").is(200, "[{\"data\":[1, 2, 3]}]");
        api.get("/json_arr?select=data&data->1->>2=eq.13").is(200, "[{\"data\":[[9, 8, 7], [11, 12, 13]]}]");
        api.get("/json_arr?select=data&data->1->>b=eq.B").is(200, "[{\"data\":[{\"a\": \"A\"}, {\"b\": \"B\"}]}]");
        api.get("/json_arr?select=data&data->1->b->>1=eq.5").is(200, "[{\"data\":[{\"a\": [1,2,3]}, {\"b\": [4,5]}]}]");
    }

    @Test
    void jsonbFiltersCompositeAndArrayItems() {
        api.get("/jsonb_test?data=eq.{\"e\":1}").is(200, "[{\"id\":4,\"data\":{\"e\": 1}}]");
        api.get("/jsonb_test?data->a=eq.{\"b\":2}").is(200, "[{\"id\":1,\"data\":{\"a\": {\"b\": 2}}}]");
        api.get("/jsonb_test?data->c=eq.[1,2,3]").is(200, "[{\"id\":2,\"data\":{\"c\": [1, 2, 3]}}]");
        api.get("/jsonb_test?data->0=eq.{\"d\":\"test\"}").is(200, "[{\"id\":3,\"data\":[{\"d\": \"test\"}]}]");
        api.get("/fav_numbers?num->>i=gt.0.5").is(200, "[{\"num\":{\"r\":0.6,\"i\":0.6},\"person\":\"B\"}]");
        api.get("/arrays?select=id&numbers->0=eq.1").is(200, "[{\"id\":0}]");
        api.get("/arrays?select=id&numbers->>0=eq.11").is(200, "[{\"id\":1}]");
    }

    @Test
    void ordering() {
        api.get("/json_arr?select=id&id=in.(1,2)&order=data->>0.desc").is(200, "[{\"id\":2},{\"id\":1}]");
        api.get("/json_table?select=data->>id&order=data->>id.asc").is(200, "[{\"id\":\"0\"},{\"id\":\"1\"},{\"id\":\"3\"}]");
        api.get("/jsonb_test?select=id&order=data->e.desc.nullslast,id").is(200, "[{\"id\":4},{\"id\":1},{\"id\":2},{\"id\":3}]");
    }

    @Test
    void patchFilteredByAJsonPath() {
        api.patch("/json_table?data->foo->>bar=eq.baz", "{\"data\": {\"id\": 9}}", "Prefer", "return=representation")
                .is(200, "[{\"data\": {\"id\": 9}}]");
        api.patch("/jsonb_test?data->a->>b=eq.2&select=id", "{\"data\": {\"a\": 1}}", "Prefer", "return=representation")
                .is(200, "[{\"id\": 1}]");
    }
}
