package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST's test/spec/Feature/Query/SingularSpec.hs, ported whole (28 cases). The cases with
 * {@code Prefer: tx=commit} check that a refused singular write rolls back even when the request
 * asked to commit.
 */
@Spec
class SingularSpecIT {
    private static final String ACCEPT = "Accept";
    private static final String SINGULAR = "application/vnd.pgrst.object+json";
    private static final String SINGULAR_TYPE = "application/vnd.pgrst.object+json; charset=utf-8";
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String PREFER = "Prefer";
    private static final String REPRESENTATION = "return=representation";
    private final SpecClient api;

    SingularSpecIT(SpecClient api) {
        this.api = api;
    }

    private static String coerce(int rows) {
        return "{\"details\":\"The result contains " + rows + " rows\",\"message\":\"Cannot coerce the result to a single JSON object\","
                + "\"code\":\"PGRST116\",\"hint\":null}";
    }

    // GET

    @Test
    void getOfZeroRowsIs406() {
        api.get("/items?id=gt.0&id=lt.0", ACCEPT, SINGULAR).status(406);
    }

    @Test
    void getOfOneRowIsAnObjectWithOrWithoutPlusJson() {
        api.get("/items?id=eq.5", ACCEPT, SINGULAR).is(200, "{\"id\":5}").header("Content-Type", SINGULAR_TYPE);
        api.get("/items?id=eq.5", ACCEPT, "application/vnd.pgrst.object").is(200, "{\"id\":5}").header("Content-Type", SINGULAR_TYPE);
    }

    @Test
    void preferencesCombine() {
        api.get("/items?id=eq.5", ACCEPT, SINGULAR, PREFER, "count=none").is(200, "{\"id\":5}").header("Content-Type", SINGULAR_TYPE);
    }

    @Test
    void aViewsObjectIsShapedWithEmbeddings() {
        api.get("/projects_view?id=eq.1&select=id,name,clients(*),tasks(id,name)", ACCEPT, SINGULAR)
                .is(200, "{\"id\":1,\"name\":\"Windows 7\",\"clients\":{\"id\":1,\"name\":\"Microsoft\"},"
                        + "\"tasks\":[{\"id\":1,\"name\":\"Design w7\"},{\"id\":2,\"name\":\"Code w7\"}]}")
                .header("Content-Type", SINGULAR_TYPE);
    }

    // PATCH

    @Test
    void updateOfOneRowWithRepresentation() {
        api.patch("/addresses?id=eq.1", "{ \"address\": \"B Street\" }", PREFER, REPRESENTATION, ACCEPT, SINGULAR)
                .is(200, "{\"id\":1,\"address\":\"B Street\"}").header("Content-Type", SINGULAR_TYPE);
    }

    @Test
    void updateOfOneRowWithoutRepresentation() {
        api.patch("/addresses?id=eq.1", "{ \"address\": \"C Street\" }", PREFER, "return=minimal", ACCEPT, SINGULAR)
                .status(204).body("").header("Content-Type", null).header("Preference-Applied", "return=minimal");
    }

    @Test
    void updateOfManyRowsIsRefusedAndRolledBack() {
        api.patch("/addresses", "{ \"address\": \"zzz\" }", PREFER, "tx=commit", ACCEPT, SINGULAR).is(406, coerce(4))
                .header("Content-Type", JSON_TYPE);
        api.get("/addresses?id=eq.1").is(200, "[{\"id\":1,\"address\":\"address 1\"}]");
    }

    @Test
    void updateOfManyRowsWithRepresentationIsRefusedAndRolledBack() {
        api.patch("/addresses", "{ \"address\": \"zzz\" }", PREFER, "tx=commit", PREFER, REPRESENTATION, ACCEPT, SINGULAR)
                .is(406, coerce(4)).header("Content-Type", JSON_TYPE);
        api.get("/addresses?id=eq.1").is(200, "[{\"id\":1,\"address\":\"address 1\"}]");
    }

    @Test
    void updateOfZeroRowsIsRefused() {
        api.patch("/items?id=gt.0&id=lt.0", "{\"id\":1}", ACCEPT, SINGULAR).is(406, coerce(0)).header("Content-Type", JSON_TYPE);
    }

    @Test
    void updateOfZeroRowsWithRepresentationIsRefused() {
        api.patch("/items?id=gt.0&id=lt.0", "{\"id\":1}", PREFER, REPRESENTATION, ACCEPT, SINGULAR).is(406, coerce(0))
                .header("Content-Type", JSON_TYPE);
    }

    // POST

    @Test
    void insertOfOneRowWithRepresentation() {
        api.post("/addresses", "[ { \"id\": 102, \"address\": \"xxx\" } ]", PREFER, REPRESENTATION, ACCEPT, SINGULAR)
                .is(201, "{\"id\":102,\"address\":\"xxx\"}").header("Content-Type", SINGULAR_TYPE);
    }

    @Test
    void insertOfOneRowWithoutRepresentation() {
        api.post("/addresses", "[ { \"id\": 103, \"address\": \"xxx\" } ]", PREFER, "return=minimal", ACCEPT, SINGULAR)
                .status(201).body("").header("Content-Type", null).header("Content-Range", "*/*")
                .header("Preference-Applied", "return=minimal");
    }

    @Test
    void insertOfManyRowsIsRefusedAndRolledBack() {
        api.post("/addresses", "[ { \"id\": 200, \"address\": \"xxx\" }, { \"id\": 201, \"address\": \"yyy\" } ]",
                PREFER, "tx=commit", ACCEPT, SINGULAR).is(406, coerce(2)).header("Content-Type", JSON_TYPE);
        api.get("/addresses?id=eq.200").status(200).body("[]");
    }

    @Test
    void insertOfManyRowsWithRepresentationIsRefusedAndRolledBack() {
        api.post("/addresses", "[ { \"id\": 202, \"address\": \"xxx\" }, { \"id\": 203, \"address\": \"yyy\" } ]",
                PREFER, "tx=commit", PREFER, REPRESENTATION, ACCEPT, SINGULAR).is(406, coerce(2)).header("Content-Type", JSON_TYPE);
        api.get("/addresses?id=eq.202").status(200).body("[]");
    }

    @Test
    void insertOfManyRowsIsRefusedWhateverTheReturn() {
        api.post("/addresses", "[ { \"id\": 204, \"address\": \"xxx\" }, { \"id\": 205, \"address\": \"yyy\" } ]",
                PREFER, "tx=commit", PREFER, "return=minimal", ACCEPT, SINGULAR).is(406, coerce(2)).header("Content-Type", JSON_TYPE);
        api.get("/addresses?id=eq.204").status(200).body("[]");
    }

    @Test
    void insertOfZeroRowsIsRefused() {
        api.post("/addresses", "[ ]", ACCEPT, SINGULAR).is(406, coerce(0)).header("Content-Type", JSON_TYPE);
    }

    @Test
    void insertOfZeroRowsWithRepresentationIsRefused() {
        api.post("/addresses", "[ ]", PREFER, REPRESENTATION, ACCEPT, SINGULAR).is(406, coerce(0)).header("Content-Type", JSON_TYPE);
    }

    // DELETE

    @Test
    void deleteOfOneRowWithRepresentation() {
        api.delete("/items?id=eq.11", PREFER, REPRESENTATION, ACCEPT, SINGULAR).is(200, "{\"id\":11}");
    }

    @Test
    void deleteOfOneRowWithoutRepresentation() {
        api.delete("/items?id=eq.12", PREFER, "return=minimal", ACCEPT, SINGULAR).body("");
    }

    @Test
    void deleteOfManyRowsIsRefusedAndRolledBack() {
        api.delete("/items?id=gt.0&id=lt.6", PREFER, "tx=commit", ACCEPT, SINGULAR).is(406, coerce(5))
                .header("Content-Type", JSON_TYPE);
        api.get("/items?id=gt.0&id=lt.6&order=id").is(200, "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5}]")
                .header("Content-Range", "0-4/*");
    }

    @Test
    void deleteOfManyRowsWithRepresentationIsRefusedAndRolledBack() {
        api.delete("/items?id=gt.5&id=lt.11", PREFER, "tx=commit", PREFER, REPRESENTATION, ACCEPT, SINGULAR).is(406, coerce(5))
                .header("Content-Type", JSON_TYPE);
        api.get("/items?id=gt.5&id=lt.11").is(200, "[{\"id\":6},{\"id\":7},{\"id\":8},{\"id\":9},{\"id\":10}]")
                .header("Content-Range", "0-4/*");
    }

    @Test
    void deleteOfZeroRowsIsRefused() {
        api.delete("/items?id=lt.0", ACCEPT, SINGULAR).is(406, coerce(0)).header("Content-Type", JSON_TYPE);
    }

    @Test
    void deleteOfZeroRowsWithRepresentationIsRefused() {
        api.delete("/items?id=lt.0", PREFER, REPRESENTATION, ACCEPT, SINGULAR).is(406, coerce(0)).header("Content-Type", JSON_TYPE);
    }

    // RPC

    @Test
    void aCallOfZeroRowsIsRefused() {
        api.post("/rpc/getproject", "{ \"id\": 9999999}", ACCEPT, SINGULAR).is(406, coerce(0)).header("Content-Type", JSON_TYPE);
    }

    @Test
    void aScalarCallIsAccepted() {
        api.post("/rpc/sayhello", "{ \"name\": \"world\"}", ACCEPT, SINGULAR).status(200);
    }

    @Test
    void aCallOfOneRowIsAnObject() {
        api.post("/rpc/getproject", "{ \"id\": 1}", ACCEPT, SINGULAR).is(200, "{\"id\":1,\"name\":\"Windows 7\",\"client_id\":1}")
                .header("Content-Type", SINGULAR_TYPE);
    }

    @Test
    void aCallOfManyRowsIsRefused() {
        api.post("/rpc/getallprojects", "{}", ACCEPT, SINGULAR).is(406, coerce(5)).header("Content-Type", JSON_TYPE);
    }

    @Test
    void aCallOfManyRowsIsRefusedAndItsChangesRolledBack() {
        api.post("/rpc/getproject?select=id,name", "{\"id\": 1}").is(200, "[{\"id\":1,\"name\":\"Windows 7\"}]");
        api.post("/rpc/setprojects", "{\"id_l\": 1, \"id_h\": 2, \"name\": \"changed\"}", PREFER, "tx=commit", ACCEPT, SINGULAR)
                .is(406, coerce(2)).header("Content-Type", JSON_TYPE);
        api.post("/rpc/getproject?select=id,name", "{\"id\": 1}").is(200, "[{\"id\":1,\"name\":\"Windows 7\"}]");
    }
}
