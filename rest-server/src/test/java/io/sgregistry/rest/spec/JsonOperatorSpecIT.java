package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST's test/spec/Feature/Query/JsonOperatorSpec.hs, ported whole (37 cases). Keys with special
 * characters are sent percent-encoded where a URL needs it ({@code #} as %23, a lone {@code %} as %25).
 */
@Spec
class JsonOperatorSpecIT {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String SPECIAL = "!@%23$%25%5E%26*_";
    private final SpecClient api;

    JsonOperatorSpecIT(SpecClient api) {
        this.api = api;
    }

    private SpecClient.Reply json(String path, String expected) {
        return api.get(path).is(200, expected).header("Content-Type", JSON_TYPE);
    }

    // shaping with select

    @Test
    void subfieldWithCast() {
        json("/complex_items?id=eq.1&select=settings->>foo::json", "[{\"foo\":{\"int\":1,\"bar\":\"baz\"}}]");
    }

    @Test
    void renamedSubfieldWithCast() {
        json("/complex_items?id=eq.1&select=myFoo:settings->>foo::json", "[{\"myFoo\":{\"int\":1,\"bar\":\"baz\"}}]");
    }

    @Test
    void aBadCastIsPostgresqlsError() {
        api.get("/complex_items?select=settings->foo->>bar::integer")
                .is(400, "{\"hint\":null,\"details\":null,\"code\":\"22P02\",\"message\":\"invalid input syntax for type integer: \\\"baz\\\"\"}");
    }

    @Test
    void subfieldTwoLevels() {
        json("/complex_items?id=eq.1&select=settings->foo->>bar", "[{\"bar\":\"baz\"}]");
    }

    @Test
    void renamedSubfieldTwoLevels() {
        json("/complex_items?id=eq.1&select=myBar:settings->foo->>bar", "[{\"myBar\":\"baz\"}]");
    }

    @Test
    void subfieldTwoLevelsWithCast() {
        json("/complex_items?id=eq.1&select=settings->foo->>int::integer", "[{\"int\":1}]");
    }

    @Test
    void renamedSubfieldTwoLevelsWithCast() {
        json("/complex_items?id=eq.1&select=myInt:settings->foo->>int::integer", "[{\"myInt\":1}]");
    }

    @Test
    void nonReservedSpecialCharactersInKeys() {
        json("/json_arr?id=eq.10&select=data->" + SPECIAL + "d->>" + SPECIAL + "e::integer", "[{\"!@#$%^&*_e\":3}]");
    }

    @Test
    void aReservedCharacterInAKeyIsRefused() {
        api.get("/json_arr?id=eq.10&select=data->(" + SPECIAL + "d->>" + SPECIAL + "e::integer")
                .is(400, "{\"code\":\"PGRST100\",\"details\":\"unexpected \\\"(\\\" expecting \\\"-\\\", digit or any non reserved "
                        + "character different from: .,>()\",\"hint\":null,\"message\":\"\\\"failed to parse select parameter "
                        + "(data->(!@#$%^&*_d->>!@#$%^&*_e::integer)\\\" (line 1, column 7)\"}");
    }

    @Test
    void aSingleArrowAfterADoubleArrowIsPostgresqlsError() {
        api.get("/json_arr?select=data->>c->1").is(404, "{\"hint\":\"No operator matches the given name and argument types. "
                + "You might need to add explicit type casts.\",\"details\":null,\"code\":\"42883\","
                + "\"message\":\"operator does not exist: text -> integer\"}");
        api.get("/json_arr?select=data->>c->b").is(404, "{\"hint\":\"No operator matches the given name and argument types. "
                + "You might need to add explicit type casts.\",\"details\":null,\"code\":\"42883\","
                + "\"message\":\"operator does not exist: text -> unknown\"}");
    }

    // array indexes

    @Test
    void arrayOfIntsAliasedAndCast() {
        json("/json_arr?select=data->>0::int&id=in.(1,2)", "[{\"data\":1},{\"data\":4}]");
        json("/json_arr?select=idx0:data->>0::int,idx1:data->>1::int&id=in.(1,2)", "[{\"idx0\":1,\"idx1\":2},{\"idx0\":4,\"idx1\":5}]");
    }

    @Test
    void nestedArrayOfInts() {
        json("/json_arr?select=data->0->>1::int&id=in.(3,4)", "[{\"data\":8},{\"data\":7}]");
        json("/json_arr?select=data->0->0->>1::int&id=in.(3,4)", "[{\"data\":null},{\"data\":6}]");
    }

    @Test
    void arrayOfObjects() {
        json("/json_arr?select=data->0->>a&id=in.(5,6)", "[{\"a\":\"A\"},{\"a\":\"[1,2,3]\"}]");
        json("/json_arr?select=data->0->a->>2&id=in.(5,6)", "[{\"a\":null},{\"a\":\"3\"}]");
    }

    @Test
    void arrayInObjectKeys() {
        json("/json_arr?select=data->c->>0::json&id=in.(7,8)", "[{\"c\":1},{\"c\":{\"d\":[4,5,6,7,8]}}]");
        json("/json_arr?select=data->c->0->d->>4::int&id=in.(7,8)", "[{\"d\":null},{\"d\":8}]");
    }

    @Test
    void onlyWellFormedNumbersAreIndexes() {
        json("/json_arr?select=data->0->0xy1->1->23-xy-45->1->xy-6->>0::int&id=eq.9", "[{\"xy-6\":3}]");
    }

    // a path ending with ->

    @Test
    void endingWithAKey() {
        json("/json_arr?select=data->c&id=in.(7,8)", "[{\"c\":[1,2,3]},{\"c\":[{\"d\":[4,5,6,7,8]}]}]");
        json("/json_arr?select=data->0->a&id=in.(5,6)", "[{\"a\":\"A\"},{\"a\":[1,2,3]}]");
    }

    @Test
    void endingWithAnIndex() {
        json("/json_arr?select=data->0->a&id=in.(5,6)", "[{\"a\":\"A\"},{\"a\":[1,2,3]}]");
        json("/json_arr?select=data->c->0->d&id=eq.8", "[{\"d\":[4,5,6,7,8]}]");
    }

    @Test
    void aCompositeTypeField() {
        api.get("/fav_numbers?select=num->i").is(200, "[{\"i\":0.5},{\"i\":0.6}]");
        api.get("/fav_numbers?select=num->>i").is(200, "[{\"i\":\"0.5\"},{\"i\":\"0.6\"}]");
    }

    @Test
    void anArrayItem() {
        api.get("/arrays?select=a:numbers->0,b:numbers->1,c:numbers_mult->0->0,d:numbers_mult->1->2")
                .is(200, "[{\"a\":1,\"b\":2,\"c\":1,\"d\":6},{\"a\":11,\"b\":12,\"c\":11,\"d\":16}]");
        api.get("/arrays?select=a:numbers->>0,b:numbers->>1,c:numbers_mult->0->>0,d:numbers_mult->1->>2")
                .is(200, "[{\"a\":\"1\",\"b\":\"2\",\"c\":\"1\",\"d\":\"6\"},{\"a\":\"11\",\"b\":\"12\",\"c\":\"11\",\"d\":\"16\"}]");
    }

    // filtering

    @Test
    void filterByAPropertyInsideAJsonColumn() {
        json("/json_table?data->foo->>bar=eq.baz", "[{\"data\":{\"id\":1,\"foo\":{\"bar\":\"baz\"}}}]");
        json("/json_table?data->foo->>bar=eq.fake", "[]");
    }

    @Test
    void filterWithNot() {
        json("/json_table?data->foo->>bar=not.eq.baz", "[]");
    }

    @Test
    void filterWithADoubleArrow() {
        json("/json_table?data->>id=eq.1", "[{\"data\":{\"id\":1,\"foo\":{\"bar\":\"baz\"}}}]");
    }

    @Test
    void filterWithAndOr() {
        json("/grandchild_entities?or=(jsonb_col->a->>b.eq.foo, jsonb_col->>b.eq.bar)&select=id", "[{\"id\":4},{\"id\":5}]");
    }

    @Test
    void filterOnKeysWithSpecialCharacters() {
        json("/json_arr?select=data->" + SPECIAL + "d&data->" + SPECIAL + "d->>" + SPECIAL + "e=eq.3",
                "[{\"!@#$%^&*_d\":{\"!@#$%^&*_e\":3}}]");
    }

    @Test
    void filterByArrayIndexes() {
        json("/json_arr?select=data&data->>0=eq.1", "[{\"data\":[1,2,3]}]");
        json("/json_arr?select=data&data->1->>2=eq.13", "[{\"data\":[[9,8,7],[11,12,13]]}]");
        json("/json_arr?select=data&data->1->>b=eq.B", "[{\"data\":[{\"a\":\"A\"},{\"b\":\"B\"}]}]");
        json("/json_arr?select=data&data->1->b->>1=eq.5", "[{\"data\":[{\"a\":[1,2,3]},{\"b\":[4,5]}]}]");
    }

    @Test
    void filterJsonb() {
        json("/jsonb_test?data=eq.{\"e\":1}", "[{\"id\":4,\"data\":{\"e\":1}}]");
        json("/jsonb_test?data->a=eq.{\"b\":2}", "[{\"id\":1,\"data\":{\"a\":{\"b\":2}}}]");
        json("/jsonb_test?data->c=eq.[1,2,3]", "[{\"id\":2,\"data\":{\"c\":[1,2,3]}}]");
        json("/jsonb_test?data->0=eq.{\"d\":\"test\"}", "[{\"id\":3,\"data\":[{\"d\":\"test\"}]}]");
    }

    @Test
    void filterACompositeTypeField() {
        api.get("/fav_numbers?num->>i=gt.0.5").is(200, "[{\"num\":{\"r\":0.6,\"i\":0.6},\"person\":\"B\"}]");
    }

    @Test
    void filterAnArrayItem() {
        api.get("/arrays?select=id&numbers->0=eq.1").is(200, "[{\"id\":0}]");
        api.get("/arrays?select=id&numbers->>0=eq.11").is(200, "[{\"id\":1}]");
        api.get("/arrays?select=id&numbers_mult->1->1=eq.5").is(200, "[{\"id\":0}]");
        api.get("/arrays?select=id&numbers_mult->2->>2=eq.19").is(200, "[{\"id\":1}]");
    }

    // ordering

    @Test
    void orderByAJsonProperty() {
        json("/json_table?order=data->>id.asc", "[{\"data\":{\"id\":0}},{\"data\":{\"id\":1,\"foo\":{\"bar\":\"baz\"}}},{\"data\":{\"id\":3}}]");
    }

    @Test
    void orderByATwoLevelPropertyNullsFirst() {
        json("/json_table?order=data->foo->>bar.nullsfirst",
                "[{\"data\":{\"id\":3}},{\"data\":{\"id\":0}},{\"data\":{\"id\":1,\"foo\":{\"bar\":\"baz\"}}}]");
    }

    @Test
    void orderByACompositeTypeField() {
        api.get("/fav_numbers?order=num->i.asc")
                .is(200, "[{\"num\":{\"r\":0.5,\"i\":0.5},\"person\":\"A\"},{\"num\":{\"r\":0.6,\"i\":0.6},\"person\":\"B\"}]");
        api.get("/fav_numbers?order=num->>i.desc")
                .is(200, "[{\"num\":{\"r\":0.6,\"i\":0.6},\"person\":\"B\"},{\"num\":{\"r\":0.5,\"i\":0.5},\"person\":\"A\"}]");
    }

    @Test
    void orderByAnArrayItem() {
        api.get("/arrays?select=id&order=numbers->0.desc").is(200, "[{\"id\":1},{\"id\":0}]");
        api.get("/arrays?select=id&order=numbers->1.asc").is(200, "[{\"id\":0},{\"id\":1}]");
        api.get("/arrays?select=id&order=numbers_mult->0->0.desc").is(200, "[{\"id\":1},{\"id\":0}]");
        api.get("/arrays?select=id&order=numbers_mult->2->2.asc").is(200, "[{\"id\":0},{\"id\":1}]");
    }

    // patch

    @Test
    void patchAJsonColumnToAnEscapedValue() {
        api.patch("/json_table?data->>id=eq.3", "{ \"data\": { \"id\":\" \\\"escaped\" } }", "Prefer", "return=representation")
                .is(200, "[{ \"data\": { \"id\":\" \\\"escaped\" } }]");
    }

    // negative indexes

    @Test
    void selectWithNegativeIndexes() {
        json("/json_arr?select=data->>-1::int&id=in.(1,2)", "[{\"data\":3},{\"data\":6}]");
        json("/json_arr?select=data->0->>-2::int&id=in.(3,4)", "[{\"data\":8},{\"data\":7}]");
        json("/json_arr?select=data->-2->>a&id=in.(5,6)", "[{\"a\":\"A\"},{\"a\":\"[1,2,3]\"}]");
    }

    @Test
    void filterWithNegativeIndexes() {
        json("/json_arr?select=data&data->>-3=eq.1", "[{\"data\":[1,2,3]}]");
        json("/json_arr?select=data&data->-1->>-3=eq.11", "[{\"data\":[[9,8,7],[11,12,13]]}]");
        json("/json_arr?select=data&data->-1->>b=eq.B", "[{\"data\":[{\"a\":\"A\"},{\"b\":\"B\"}]}]");
        json("/json_arr?select=data&data->-1->b->>-1=eq.5", "[{\"data\":[{\"a\":[1,2,3]},{\"b\":[4,5]}]}]");
    }

    @Test
    void badSyntaxIsExplained() {
        api.get("/json_arr?select=data->>--34").is(400, "{\"details\":\"unexpected \\\"-\\\" expecting digit\","
                        + "\"message\":\"\\\"failed to parse select parameter (data->>--34)\\\" (line 1, column 9)\","
                        + "\"code\":\"PGRST100\",\"hint\":null}")
                .header("Content-Type", JSON_TYPE);
    }

    @Test
    void aTableFunctionWithACompositeColumn() {
        json("/rpc/returns_complex?select=val->r&val->i=gt.0.5&order=val->>i.desc", "[{\"r\":0.3},{\"r\":0.2}]");
    }
}
