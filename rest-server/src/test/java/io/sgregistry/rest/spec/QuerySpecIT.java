package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/** Cases of PostgREST's test/spec/Feature/Query/QuerySpec.hs (filters, operators, select), ported. */
@Spec
class QuerySpecIT {
    private static final String ALL_ITEMS = "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5},{\"id\":6},{\"id\":7},"
            + "{\"id\":8},{\"id\":9},{\"id\":10},{\"id\":11},{\"id\":12},{\"id\":13},{\"id\":14},{\"id\":15}]";
    private final SpecClient api;

    QuerySpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void isNullNotNullAndDistinct() {
        api.get("/no_pk?a=is.not_null").is(200, "[{\"a\":\"1\",\"b\":\"0\"},{\"a\":\"2\",\"b\":\"0\"}]");
        api.get("/no_pk?a=not.is.not_null").is(200, "[{\"a\":null,\"b\":null}]");
        api.get("/no_pk?a=is.NULL").is(200, "[{\"a\":null,\"b\":null}]");
        api.get("/no_pk?a=is.Not_Null").is(200, "[{\"a\":\"1\",\"b\":\"0\"},{\"a\":\"2\",\"b\":\"0\"}]");
        api.get("/no_pk?select=a&a=isdistinct.2").is(200, "[{\"a\":null},{\"a\":\"1\"}]");
        api.get("/no_pk?select=a&a=not.isdistinct.2").is(200, "[{\"a\":\"2\"}]");
    }

    @Test
    void arrayContainmentAndOverlap() {
        api.get("/complex_items?select=id&arr_data=cs.{2}").is(200, "[{\"id\":2},{\"id\":3}]");
        api.get("/complex_items?select=id&arr_data=cd.{1,2,4}").is(200, "[{\"id\":1},{\"id\":2}]");
        api.get("/entities?select=id&arr=ov.{1,3}&order=id").is(200, "[{\"id\":1},{\"id\":2},{\"id\":3}]");
        api.get("/entities?select=id&arr=ov.{3}").is(200, "[{\"id\":3}]");
        api.get("/entities?select=id&arr=not.cs.{1,2}&order=id").is(200, "[{\"id\":1}]");
        api.get("/jsonb_test?select=id&data=cs.{\"a\":{\"b\":2}}").is(200, "[{\"id\":1}]");
        api.get("/jsonb_test?select=id&data=cd.{\"e\":1,\"x\":2}").is(200, "[{\"id\":4}]");
    }

    @Test
    void rangeOperators() {
        api.get("/ranges?select=id&range=sl.[6,9]").is(200, "[{\"id\":1}]");
        api.get("/ranges?select=id&range=sr.[3,6]").is(200, "[{\"id\":4}]");
        // nxl: does not extend to the left of (&>), nxr: to the right of (&<), as PostgREST maps them.
        api.get("/ranges?select=id&range=nxl.[3,6]&order=id").is(200, "[{\"id\":2},{\"id\":3},{\"id\":4}]");
        api.get("/ranges?select=id&range=nxr.[3,6]&order=id").is(200, "[{\"id\":1},{\"id\":2}]");
        api.get("/ranges?select=id&range=adj.(3,6)&order=id").is(200, "[{\"id\":1},{\"id\":3}]");
        api.get("/ranges?select=id&range=ov.[3,4]&order=id").is(200, "[{\"id\":1},{\"id\":2}]");
        api.get("/ranges?select=id&range=cs.[4,5]").is(200, "[{\"id\":2}]");
        api.get("/ranges?select=id&range=cd.[1,7]&order=id").is(200, "[{\"id\":1},{\"id\":2}]");
    }

    @Test
    void fullTextSearch() {
        String impossible = "{\"text_search_vector\": \"'fun':5 'imposs':9 'kind':3\"}";
        String possible = "{\"text_search_vector\": \"'also':2 'fun':3 'possibl':8\"}";
        String rats = "{\"text_search_vector\": \"'ate':3 'cat':2 'fat':1 'rat':4\"}";
        String french = "{\"text_search_vector\": \"'amus':5 'fair':7 'impossibl':9 'peu':4\"}";
        String german = "{\"text_search_vector\": \"'art':4 'spass':5 'unmog':7\"}";
        api.get("/tsearch?text_search_vector=fts.impossible").is(200, "[" + impossible + "]");
        api.get("/tsearch?text_search_vector=fts.fun%26possible").is(200, "[" + possible + "]");
        api.get("/tsearch?text_search_vector=fts.impossible%7Cpossible").is(200, "[" + impossible + "," + possible + "]");
        api.get("/tsearch?text_search_vector=fts.fun%26!possible").is(200, "[" + impossible + "]");
        api.get("/tsearch?text_search_vector=plfts.The%20Fat%20Rats").is(200, "[" + rats + "]");
        api.get("/tsearch?text_search_vector=wfts.The%20Fat%20Rats").is(200, "[" + rats + "]");
        api.get("/tsearch?text_search_vector=wfts.fun%20and%20possible").is(200, "[" + possible + "]");
        api.get("/tsearch?text_search_vector=wfts.impossible%20or%20possible").is(200, "[" + impossible + "," + possible + "]");
        api.get("/tsearch?text_search_vector=wfts.fun%20and%20-possible").is(200, "[" + impossible + "]");
        api.get("/tsearch?text_search_vector=fts(french).amusant").is(200, "[" + french + "]");
        api.get("/tsearch?text_search_vector=plfts(french).amusant%20impossible").is(200, "[" + french + "]");
        api.get("/tsearch?text_search_vector=wfts(french).amusant%20impossible").is(200, "[" + french + "]");
        api.get("/tsearch?text_search_vector=not.fts.impossible%7Cfat%7Cfun").is(200, "[" + french + "," + german + "]");
        api.get("/tsearch?text_search_vector=not.fts(english).impossible%7Cfat%7Cfun").is(200, "[" + french + "," + german + "]");
        api.get("/tsearch?text_search_vector=not.plfts.The%20Fat%20Rats")
                .is(200, "[" + impossible + "," + possible + "," + french + "," + german + "]");
        api.get("/tsearch?text_search_vector=phfts.The%20Fat%20Cats").is(200, "[" + rats + "]");
        api.get("/tsearch?text_search_vector=phfts(german).Art%20Spass").is(200, "[" + german + "]");
        api.get("/tsearch?or=(text_search_vector.phfts(german).Art%20Spass,%20text_search_vector.phfts(french).amusant,"
                + "%20text_search_vector.fts(english).impossible)").is(200, "[" + impossible + "," + french + "," + german + "]");
    }

    @Test
    void anyAllQuantifiers() {
        api.get("/projects?id=eq(any).{3,4,5}&order=id").is(200, "[{\"id\":3,\"name\":\"IOS\",\"client_id\":2},"
                + "{\"id\":4,\"name\":\"OSX\",\"client_id\":2},{\"id\":5,\"name\":\"Orphan\",\"client_id\":null}]");
        api.get("/projects?id=gt(all).{4,3}").is(200, "[{\"id\":5,\"name\":\"Orphan\",\"client_id\":null}]");
        api.get("/projects?id=gte(all).{4,3}&order=id").is(200, "[{\"id\":4,\"name\":\"OSX\",\"client_id\":2},"
                + "{\"id\":5,\"name\":\"Orphan\",\"client_id\":null}]");
        api.get("/projects?id=lt(all).{4,3}&order=id").is(200, "[{\"id\":1,\"name\":\"Windows 7\",\"client_id\":1},"
                + "{\"id\":2,\"name\":\"Windows 10\",\"client_id\":1}]");
        api.get("/projects?select=id&name=like(any).{*7,*OS*}&order=id").is(200, "[{\"id\":1},{\"id\":3},{\"id\":4}]");
        api.get("/projects?select=id&name=ilike(all).{win*,*10}").is(200, "[{\"id\":2}]");
        api.get("/projects?select=id&name=match(any).{^IO,^Or}&order=id").is(200, "[{\"id\":3},{\"id\":5}]");
        api.get("/projects?select=id&name=imatch(any).{^io,^osx}&order=id").is(200, "[{\"id\":3},{\"id\":4}]");
        api.get("/projects?select=id&id=not.eq(any).{1,2,3,4}").is(200, "[{\"id\":5}]");
    }

    @Test
    void inAndNotInWithEmptySets() {
        api.get("/items?id=in.()").is(200, "[]");
        api.get("/items?id=in.(    )").is(200, "[]");
        api.get("/items?id=not.in.()&order=id").is(200, ALL_ITEMS);
        api.get("/items?id=in.(%20,3,4)").is(400, "{\"hint\":null,\"details\":null,\"code\":\"22P02\","
                + "\"message\":\"invalid input syntax for type bigint: \\\"\\\"\"}");
    }

    @Test
    void computedColumns() {
        api.get("/items?always_true=eq.true&order=id.asc").is(200, ALL_ITEMS);
        api.get("/items?order=anti_id.desc").is(200, ALL_ITEMS);
        api.get("/items?select=id,anti_id&id=lt.3&order=id").is(200, "[{\"id\":1,\"anti_id\":-1},{\"id\":2,\"anti_id\":-2}]");
        api.get("/clients?select=id,label:full_name&full_name=like.*Apple*").is(200, "[{\"id\":2,\"label\":\"Apple (2)\"}]");
        api.get("/items?always_false=is.false").status(400);
    }

    @Test
    void overloadedComputedColumns() {
        api.get("/items?id=eq.1&select=id,computed_overload").is(200, "[{\"id\":1,\"computed_overload\":true}]");
        api.get("/items2?id=eq.1&select=id,computed_overload").is(200, "[{\"id\":1,\"computed_overload\":true}]");
        api.get("/rpc/search?id=1&select=id,computed_overload").is(200, "[{\"id\":1,\"computed_overload\":true}]");
    }

    @Test
    void shapingWithSelect() {
        api.get("/complex_items?id=eq.3").is(200, "[{\"id\":3,\"name\":\"Three\",\"settings\":{\"foo\":{\"int\":1,\"bar\":\"baz\"}},"
                + "\"arr_data\":[1,2,3],\"field-with_sep\":3}]");
        api.get("/complex_items?id=eq.3&select=id,field-with_sep").is(200, "[{\"id\":3,\"field-with_sep\":3}]");
        api.get("/complex_items?select=id&order=id").is(200, "[{\"id\":1},{\"id\":2},{\"id\":3}]");
        api.get("/complex_items?id=eq.1&select=myId:id").is(200, "[{\"myId\":1}]");
        api.get("/complex_items?select=id::text&order=id").is(200, "[{\"id\":\"1\"},{\"id\":\"2\"},{\"id\":\"3\"}]");
        api.get("/complex_items?id=eq.1&select=myId:id::text").is(200, "[{\"myId\":\"1\"}]");
        api.get("/complex_items?select=id,banana").is(400, "{\"code\":\"42703\",\"details\":null,"
                + "\"hint\":\"check the column names of complex_items\",\"message\":\"column complex_items.banana does not exist\"}");
    }

    @Test
    void anEmptySelectGivesAllColumns() {
        api.get("/projects?select=&order=id").is(200, "[{\"id\":1,\"name\":\"Windows 7\",\"client_id\":1},"
                + "{\"id\":2,\"name\":\"Windows 10\",\"client_id\":1},{\"id\":3,\"name\":\"IOS\",\"client_id\":2},"
                + "{\"id\":4,\"name\":\"OSX\",\"client_id\":2},{\"id\":5,\"name\":\"Orphan\",\"client_id\":null}]");
        api.get("/rpc/getitemrange?min=13&max=15&select=&order=id").is(200, "[{\"id\":14},{\"id\":15}]");
    }

    @Test
    void filtersOnEmbeddingsThatAreNotSelectedArePgrst108() {
        api.get("/clients?select=*&non_existent_projects.name=like.*NonExistent*")
                .is(400, "{\"hint\":\"Verify that 'non_existent_projects' is included in the 'select' query parameter.\","
                        + "\"details\":null,\"code\":\"PGRST108\","
                        + "\"message\":\"'non_existent_projects' is not an embedded resource in this request\"}");
        api.get("/clients?select=*,amiga_projects:projects(*)&amiga_projectsss.name=ilike.*Amiga*").error(400, "PGRST108");
        api.get("/clients?select=id,projects(id,tasks(id,name))&projects.tasks2.name=like.Design*")
                .is(400, "{\"hint\":\"Verify that 'tasks2' is included in the 'select' query parameter.\",\"details\":null,"
                        + "\"code\":\"PGRST108\",\"message\":\"'tasks2' is not an embedded resource in this request\"}");
    }

    @Test
    void singularObjectWithoutPlusJson() {
        api.get("/items?id=eq.4", "Accept", "application/vnd.pgrst.object").is(200, "{\"id\":4}")
                .header("Content-Type", "application/vnd.pgrst.object+json; charset=utf-8");
        api.get("/items?id=gt.4", "Accept", "application/vnd.pgrst.object").error(406, "PGRST116");
    }

    // Accept headers

    @Test
    void anUnknownAcceptTypeIs406() {
        api.get("/simple_pk", "Accept", "text/unknowntype")
                .is(406, "{\"message\":\"None of these media types are available: text/unknowntype\",\"code\":\"PGRST107\","
                        + "\"details\":null,\"hint\":null}")
                .header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void anyTypeIsAnsweredAndRescuesAnUnknownType() {
        api.get("/simple_pk", "Accept", "*/*").status(200);
        api.get("/simple_pk", "Accept", "text/unknowntype, */*").status(200);
    }

    @Test
    void theClientsPreferenceIsHonored() {
        api.get("/simple_pk", "Accept", "text/csv, */*").status(200).header("Content-Type", "text/csv; charset=utf-8");
        api.get("/simple_pk", "Accept", "text/csv, application/json").status(200).header("Content-Type", "text/csv; charset=utf-8");
        api.get("/simple_pk", "Accept", "text/unknowntype, text/csv").status(200);
    }

    @Test
    void csvForTextCsvWithParameters() {
        api.get("/simple_pk", "Accept", "text/csv; version=1").status(200).body("k,extra\nxyyx,u\nxYYx,v")
                .header("Content-Type", "text/csv; charset=utf-8");
    }
}
