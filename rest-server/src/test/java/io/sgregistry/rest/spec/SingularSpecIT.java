package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/** Cases of PostgREST's test/spec/Feature/Query/SingularSpec.hs, ported (addresses has 4 rows here too). */
@Spec
class SingularSpecIT {
    private static final String SINGULAR = "application/vnd.pgrst.object+json";
    private final SpecClient api;

    SingularSpecIT(SpecClient api) {
        this.api = api;
    }

    private static String coerce(int rows) {
        return "{\"details\":\"The result contains " + rows + " rows\",\"message\":\"Cannot coerce the result to a single JSON object\","
                + "\"code\":\"PGRST116\",\"hint\":null}";
    }

    @Test
    void reads() {
        api.get("/items?id=gt.0&id=lt.0", "Accept", SINGULAR).status(406);
        api.get("/items?id=eq.5", "Accept", SINGULAR).is(200, "{\"id\":5}");
        api.get("/items?id=eq.5", "Accept", SINGULAR, "Prefer", "count=none").is(200, "{\"id\":5}");
        api.get("/projects?id=eq.1&select=id,name,clients(*),tasks(id,name)&tasks.order=id", "Accept", SINGULAR)
                .is(200, "{\"id\":1,\"name\":\"Windows 7\",\"clients\":{\"id\":1,\"name\":\"Microsoft\"},"
                        + "\"tasks\":[{\"id\":1,\"name\":\"Design w7\"},{\"id\":2,\"name\":\"Code w7\"}]}");
    }

    @Test
    void updates() {
        api.patch("/addresses?id=eq.1", "{ \"address\": \"B Street\" }", "Prefer", "return=representation", "Accept", SINGULAR)
                .is(200, "{\"id\":1,\"address\":\"B Street\"}");
        api.patch("/addresses?id=eq.1", "{ \"address\": \"C Street\" }", "Prefer", "return=minimal", "Accept", SINGULAR)
                .status(204).body("");
        api.patch("/addresses", "{ \"address\": \"zzz\" }", "Accept", SINGULAR).is(406, coerce(4));
        api.patch("/addresses", "{ \"address\": \"zzz\" }", "Prefer", "return=representation", "Accept", SINGULAR)
                .is(406, coerce(4));
        api.get("/addresses?id=eq.1").is(200, "[{\"id\":1,\"address\":\"address 1\"}]");
        api.patch("/items?id=gt.0&id=lt.0", "{\"id\":1}", "Accept", SINGULAR).is(406, coerce(0));
        api.patch("/items?id=gt.0&id=lt.0", "{\"id\":1}", "Prefer", "return=representation", "Accept", SINGULAR).is(406, coerce(0));
    }

    @Test
    void inserts() {
        api.post("/addresses", "[ { \"id\": 102, \"address\": \"xxx\" } ]", "Prefer", "return=representation", "Accept", SINGULAR)
                .is(201, "{\"id\":102,\"address\":\"xxx\"}");
        api.post("/addresses", "[ { \"id\": 103, \"address\": \"xxx\" } ]", "Prefer", "return=minimal", "Accept", SINGULAR)
                .status(201).body("");
        api.post("/addresses", "[ { \"id\": 200, \"address\": \"xxx\" }, { \"id\": 201, \"address\": \"yyy\" } ]",
                "Accept", SINGULAR).is(406, coerce(2));
        api.post("/addresses", "[ { \"id\": 202, \"address\": \"xxx\" }, { \"id\": 203, \"address\": \"yyy\" } ]",
                "Prefer", "return=representation", "Accept", SINGULAR).is(406, coerce(2));
    }

    @Test
    void deletesAndCalls() {
        // addresses 4 is an order's shipping address: the key refuses the delete.
        api.delete("/addresses?id=eq.4", "Prefer", "return=representation", "Accept", SINGULAR).error(409, "23503");
        api.delete("/items?id=eq.11", "Prefer", "return=representation", "Accept", SINGULAR).is(200, "{\"id\":11}");
        api.delete("/items?id=gt.5", "Prefer", "return=representation", "Accept", SINGULAR).is(406, coerce(10));
        api.post("/rpc/getitemrange", "{\"min\":2,\"max\":4}", "Accept", SINGULAR).is(406, coerce(2));
        api.post("/rpc/getitemrange", "{\"min\":2,\"max\":3}", "Accept", SINGULAR).is(200, "{\"id\":3}");
    }
}
