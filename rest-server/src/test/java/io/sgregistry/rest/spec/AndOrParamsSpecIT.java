package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/** PostgREST's test/spec/Feature/Query/AndOrParamsSpec.hs, ported whole (41 cases). */
@Spec
class AndOrParamsSpecIT {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String REPRESENTATION = "return=representation";
    private final SpecClient api;

    AndOrParamsSpecIT(SpecClient api) {
        this.api = api;
    }

    private SpecClient.Reply json(String path, String expected) {
        return api.get(path).is(200, expected).header("Content-Type", JSON_TYPE);
    }

    // or

    @Test
    void simpleLogic() {
        json("/entities?or=(id.eq.1,id.eq.2)&select=id", "[{\"id\":1},{\"id\":2}]");
    }

    @Test
    void negatedSimpleLogic() {
        json("/entities?not.or=(id.eq.1,id.eq.2)&select=id", "[{\"id\":3},{\"id\":4}]");
    }

    @Test
    void combinedWithFilters() {
        json("/entities?or=(id.eq.1,id.eq.2)&name=eq.entity 1&select=id", "[{\"id\":1}]");
    }

    // embedded levels

    @Test
    void logicOnTheSecondLevel() {
        json("/entities?child_entities.or=(id.eq.1,name.eq.child entity 2)&select=id,child_entities(id)",
                "[{\"id\":1,\"child_entities\":[{\"id\":1},{\"id\":2}]},{\"id\":2,\"child_entities\":[]},"
                        + "{\"id\":3,\"child_entities\":[]},{\"id\":4,\"child_entities\":[]}]");
    }

    @Test
    void logicOnTheThirdLevel() {
        json("/entities?child_entities.grandchild_entities.or=(id.eq.1,id.eq.2)&select=id,child_entities(id,grandchild_entities(id))",
                "[{\"id\":1,\"child_entities\":[{\"id\":1,\"grandchild_entities\":[{\"id\":1},{\"id\":2}]},"
                        + "{\"id\":2,\"grandchild_entities\":[]},{\"id\":4,\"grandchild_entities\":[]},{\"id\":5,\"grandchild_entities\":[]}]},"
                        + "{\"id\":2,\"child_entities\":[{\"id\":3,\"grandchild_entities\":[]},{\"id\":6,\"grandchild_entities\":[]}]},"
                        + "{\"id\":3,\"child_entities\":[]},{\"id\":4,\"child_entities\":[]}]");
    }

    // and/or combined

    @Test
    void nestedInOneExpression() {
        json("/entities?or=(and(name.eq.entity 2,id.eq.2),and(name.eq.entity 1,id.eq.1))&select=id", "[{\"id\":1},{\"id\":2}]");
    }

    @Test
    void negatedWhileNested() {
        json("/entities?or=(not.and(name.eq.entity 2,id.eq.2),not.and(name.eq.entity 1,id.eq.1))&select=id",
                "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]");
    }

    @Test
    void combinedUnnested() {
        json("/entities?and=(id.eq.1,name.eq.entity 1)&or=(id.eq.1,id.eq.2)&select=id", "[{\"id\":1}]");
    }

    // operators inside and/or

    @Test
    void eqAndNeq() {
        json("/entities?and=(id.eq.1,id.neq.2))&select=id", "[{\"id\":1}]");
    }

    @Test
    void ltAndGt() {
        json("/entities?or=(id.lt.2,id.gt.3)&select=id", "[{\"id\":1},{\"id\":4}]");
    }

    @Test
    void lteAndGte() {
        json("/entities?or=(id.lte.2,id.gte.3)&select=id", "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]");
    }

    @Test
    void likeAndIlike() {
        json("/entities?or=(name.like.*1,name.ilike.*ENTITY 2)&select=id", "[{\"id\":1},{\"id\":2}]");
    }

    @Test
    void in() {
        json("/entities?or=(id.in.(1,2),id.in.(3,4))&select=id", "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]");
    }

    @Test
    void is() {
        json("/entities?and=(name.is.null,arr.is.null)&select=id", "[{\"id\":4}]");
    }

    @Test
    void ftsOnTsvectorColumns() {
        json("/entities?or=(text_search_vector.fts.bar,text_search_vector.fts.baz)&select=id", "[{\"id\":1},{\"id\":2}]");
        json("/tsearch?or=(text_search_vector.plfts(german).Art%20Spass, text_search_vector.plfts(french).amusant%20impossible,"
                        + " text_search_vector.fts(english).impossible)",
                "[{\"text_search_vector\":\"'fun':5 'imposs':9 'kind':3\"},{\"text_search_vector\":\"'amus':5 'fair':7 'impossibl':9 'peu':4\"},"
                        + "{\"text_search_vector\":\"'art':4 'spass':5 'unmog':7\"}]");
    }

    @Test
    void ftsOnTextAndJsonColumns() {
        json("/grandchild_entities?or=(jsonb_col.fts.bar,jsonb_col.fts.foo)&select=jsonb_col",
                "[{\"jsonb_col\":{\"a\":{\"b\":\"foo\"}}},{\"jsonb_col\":{\"b\":\"bar\"}}]");
        json("/tsearch_to_tsvector?and=(text_search.not.plfts(german).Art%20Spass, text_search.not.plfts(french).amusant%20impossible,"
                        + " text_search.not.fts(english).impossible)&select=text_search",
                "[{\"text_search\":\"But also fun to do what is possible\"},{\"text_search\":\"Fat cats ate rats\"}]");
    }

    @Test
    void isdistinct() {
        json("/entities?and=(id.gte.2,arr.isdistinct.{1,2})&select=id", "[{\"id\":3},{\"id\":4}]");
    }

    @Test
    void wfts() {
        json("/tsearch?or=(text_search_vector.plfts(german).Art,text_search_vector.plfts(french).amusant,"
                        + "text_search_vector.not.wfts(english).impossible)",
                "[{\"text_search_vector\":\"'also':2 'fun':3 'possibl':8\"},{\"text_search_vector\":\"'ate':3 'cat':2 'fat':1 'rat':4\"},"
                        + "{\"text_search_vector\":\"'amus':5 'fair':7 'impossibl':9 'peu':4\"},"
                        + "{\"text_search_vector\":\"'art':4 'spass':5 'unmog':7\"}]");
    }

    @Test
    void csAndCd() {
        json("/entities?or=(arr.cs.{1,2,3},arr.cd.{1})&select=id", "[{\"id\":1},{\"id\":3}]");
    }

    @Test
    void rangeOperators() {
        json("/ranges?range=eq.[1,3]&select=id", "[{\"id\":1}]");
        json("/ranges?range=neq.[1,3]&select=id", "[{\"id\":2},{\"id\":3},{\"id\":4}]");
        json("/ranges?range=lt.[1,10]&select=id", "[{\"id\":1}]");
        json("/ranges?range=gt.[8,11]&select=id", "[{\"id\":4}]");
        json("/ranges?range=lte.[1,3]&select=id", "[{\"id\":1}]");
        json("/ranges?range=gte.[2,3]&select=id", "[{\"id\":2},{\"id\":3},{\"id\":4}]");
        json("/ranges?range=cs.[1,2]&select=id", "[{\"id\":1}]");
        json("/ranges?range=cd.[1,6]&select=id", "[{\"id\":1},{\"id\":2}]");
        json("/ranges?range=ov.[0,4]&select=id", "[{\"id\":1},{\"id\":2}]");
        json("/ranges?range=sl.[9,10]&select=id", "[{\"id\":1},{\"id\":2}]");
        json("/ranges?range=sr.[3,4]&select=id", "[{\"id\":3},{\"id\":4}]");
        json("/ranges?range=nxr.[4,7]&select=id", "[{\"id\":1},{\"id\":2}]");
        json("/ranges?range=nxl.[4,7]&select=id", "[{\"id\":3},{\"id\":4}]");
        json("/ranges?range=adj.(3,10]&select=id", "[{\"id\":1}]");
        json("/ranges?range=isdistinct.[1,3]&select=id", "[{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5}]");
    }

    @Test
    void arrayOperators() {
        json("/entities?arr=eq.{1,2,3}&select=id", "[{\"id\":3}]");
        json("/entities?arr=neq.{1,2}&select=id", "[{\"id\":1},{\"id\":3}]");
        json("/entities?arr=lt.{2,3}&select=id", "[{\"id\":1},{\"id\":2},{\"id\":3}]");
        json("/entities?arr=lt.{2,0}&select=id", "[{\"id\":1},{\"id\":2},{\"id\":3}]");
        json("/entities?arr=gt.{1,1}&select=id", "[{\"id\":2},{\"id\":3}]");
        json("/entities?arr=gt.{3}&select=id", "[]");
        json("/entities?arr=lte.{2,1}&select=id", "[{\"id\":1},{\"id\":2},{\"id\":3}]");
        json("/entities?arr=lte.{1,2,3}&select=id", "[{\"id\":1},{\"id\":2},{\"id\":3}]");
        json("/entities?arr=lte.{1,2}&select=id", "[{\"id\":1},{\"id\":2}]");
        json("/entities?arr=cs.{1,2}&select=id", "[{\"id\":2},{\"id\":3}]");
        json("/entities?arr=cd.{1,2,6}&select=id", "[{\"id\":1},{\"id\":2}]");
        json("/entities?arr=ov.{3}&select=id", "[{\"id\":3}]");
        json("/entities?arr=ov.{2,3}&select=id", "[{\"id\":2},{\"id\":3}]");
        json("/entities?arr=isdistinct.{1,2}&select=id", "[{\"id\":1},{\"id\":3},{\"id\":4}]");
    }

    // operators with not

    @Test
    void eqCsLikeNegated() {
        json("/entities?and=(arr.not.cs.{1,2,3},and(id.not.eq.2,name.not.like.*3))&select=id", "[{\"id\":1}]");
    }

    @Test
    void inIsFtsNegated() {
        json("/entities?and=(id.not.in.(1,3),and(name.not.is.null,text_search_vector.not.fts.foo))&select=id", "[{\"id\":2}]");
    }

    @Test
    void ltGteCdNegated() {
        json("/entities?and=(arr.not.cd.{1},or(id.not.lt.1,id.not.gte.3))&select=id", "[{\"id\":2},{\"id\":3}]");
    }

    @Test
    void gtLteIlikeNegated() {
        json("/entities?and=(name.not.ilike.*ITY2,or(id.not.gt.4,id.not.lte.1))&select=id", "[{\"id\":1},{\"id\":2},{\"id\":3}]");
    }

    @Test
    void isdistinctNegated() {
        json("/entities?and=(id.not.eq.2,arr.not.isdistinct.{1,2,3})&select=id", "[{\"id\":3}]");
    }

    // quotes

    @Test
    void eqWithQuotes() {
        json("/grandchild_entities?or=(name.eq.\"(grandchild,entity,4)\",name.eq.\"(grandchild,entity,5)\")&select=id",
                "[{\"id\":4},{\"id\":5}]");
    }

    @Test
    void likeAndIlikeWithQuotes() {
        json("/grandchild_entities?or=(name.like.\"*ity,4*\",name.ilike.\"*ITY,5)\")&select=id", "[{\"id\":4},{\"id\":5}]");
    }

    @Test
    void inWithQuotes() {
        json("/grandchild_entities?or=(id.in.(\"1\",\"2\"),id.in.(\"3\",\"4\"))&select=id",
                "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]");
    }

    @Test
    void whitespace() {
        json("/entities?and=( and ( id.in.( 1, 2, 3 ) , id.eq.3 ) , or ( id.eq.2 , id.eq.3 ) )&select=id", "[{\"id\":3}]");
    }

    // multiple conditions

    @Test
    void zeroConditionsAreRefused() {
        api.get("/entities?or=()").is(400, "{\"details\":\"unexpected \\\")\\\" expecting field name (* or [a..z0..9_$]), "
                        + "negation operator (not) or logic operator (and, or)\","
                        + "\"message\":\"\\\"failed to parse logic tree (())\\\" (line 1, column 4)\",\"code\":\"PGRST100\",\"hint\":null}")
                .header("Content-Type", JSON_TYPE);
    }

    @Test
    void oneCondition() {
        json("/entities?or=(id.eq.1)&select=id", "[{\"id\":1}]");
        json("/entities?and=(id.eq.1)&select=id", "[{\"id\":1}]");
    }

    @Test
    void threeConditions() {
        json("/grandchild_entities?or=(id.eq.1, id.eq.2, id.eq.3)&select=id", "[{\"id\":1},{\"id\":2},{\"id\":3}]");
        json("/grandchild_entities?and=(id.in.(1,2), id.in.(3,1), id.in.(1,4))&select=id", "[{\"id\":1}]");
    }

    @Test
    void fourConditionsCombined() {
        json("/grandchild_entities?or=( id.eq.1, id.eq.2, and(id.in.(1,3), id.in.(2,3)), id.eq.4 )&select=id",
                "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4}]");
        json("/grandchild_entities?and=( id.eq.1, not.or(id.eq.2, id.eq.3), id.in.(1,4), or(id.eq.1, id.eq.4) )&select=id",
                "[{\"id\":1}]");
    }

    // writes

    @Test
    void postEmbedsWithFilters() {
        api.post("/child_entities?select=id,entities(id)&entities.or=(id.eq.2,id.eq.3)&entities.order=id",
                "[{\"id\":7,\"name\":\"entity 4\",\"parent_id\":1},{\"id\":8,\"name\":\"entity 5\",\"parent_id\":2},"
                        + "{\"id\":9,\"name\":\"entity 6\",\"parent_id\":3}]", "Prefer", REPRESENTATION)
                .is(201, "[{\"id\":7,\"entities\":null},{\"id\":8,\"entities\":{\"id\":2}},{\"id\":9,\"entities\":{\"id\":3}}]");
    }

    @Test
    void patchWithAndOr() {
        api.patch("/grandchild_entities?or=(id.eq.1,id.eq.2)&select=id,name", "{ \"name\" : \"updated grandchild entity\"}",
                        "Prefer", REPRESENTATION)
                .is(200, "[{\"id\":1,\"name\":\"updated grandchild entity\"},{\"id\":2,\"name\":\"updated grandchild entity\"}]")
                .header("Content-Type", JSON_TYPE);
    }

    @Test
    void patchOfTheFilteredColumn() {
        api.patch("/entities?select=id,name&or=(name.is.null,name.like.*test*)", "{ \"name\" : \"updated entity\" }",
                "Prefer", REPRESENTATION).is(200, "[{\"id\":4,\"name\":\"updated entity\"}]").header("Content-Type", JSON_TYPE);
    }

    @Test
    void patchWithoutTheFilteredColumnInTheRepresentation() {
        api.patch("/entities?select=id&or=(name.is.null,name.like.*test*)", "{ \"name\" : \"updated entity\" }",
                "Prefer", REPRESENTATION).is(200, "[{\"id\":4}]").header("Content-Type", JSON_TYPE);
    }

    @Test
    void deleteWithAndOr() {
        api.delete("/grandchild_entities?or=(id.eq.1,id.eq.2)&select=id,name", "Prefer", REPRESENTATION)
                .is(200, "[{\"id\":1,\"name\":\"grandchild entity 1\"},{\"id\":2,\"name\":\"grandchild entity 2\"}]");
    }

    @Test
    void deleteWithoutTheFilteredColumnInTheRepresentation() {
        api.delete("/entities?select=id&or=(name.is.null,name.like.*test*)", "Prefer", REPRESENTATION).is(200, "[{\"id\":4}]");
    }

    @Test
    void columnsStartingWithAndOr() {
        api.get("/grandchild_entities?or=(and_starting_col.eq.smth, or_starting_col.eq.smth)").status(200);
    }
}
