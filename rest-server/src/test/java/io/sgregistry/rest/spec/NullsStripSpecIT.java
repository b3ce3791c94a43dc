package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST's test/spec/Feature/Query/NullsStripSpec.hs, ported whole (7 cases): {@code nulls=stripped}
 * on {@code application/vnd.pgrst.array[+json]} and {@code application/vnd.pgrst.object+json} leaves out
 * the keys whose value is null, in reads and in the representation of writes.
 */
@Spec
class NullsStripSpecIT {
    private static final String ARRAY_STRIP = "application/vnd.pgrst.array+json;nulls=stripped";
    private static final String OBJECT_STRIP = "application/vnd.pgrst.object+json;nulls=stripped";
    private static final String ARRAY_STRIP_TYPE = ARRAY_STRIP + "; charset=utf-8";
    private static final String OBJECT_STRIP_TYPE = OBJECT_STRIP + "; charset=utf-8";
    private static final String REPRESENTATION = "return=representation";
    private static final String ALL_STRIPPED = "[{\"id\":1,\"name\":\"Referee Org\",\"manager_id\":1},"
            + "{\"id\":2,\"name\":\"Auditor Org\",\"manager_id\":2},{\"id\":3,\"name\":\"Acme\",\"referee\":1,\"auditor\":2,\"manager_id\":3},"
            + "{\"id\":4,\"name\":\"Umbrella\",\"referee\":1,\"auditor\":2,\"manager_id\":4},"
            + "{\"id\":5,\"name\":\"Cyberdyne\",\"referee\":3,\"auditor\":4,\"manager_id\":5},"
            + "{\"id\":6,\"name\":\"Oscorp\",\"referee\":3,\"auditor\":4,\"manager_id\":6}]";
    private static final String NEW_ORG = "{\"id\":7,\"name\":\"John\",\"referee\":null,\"auditor\":null,\"manager_id\":6}";
    private final SpecClient api;

    NullsStripSpecIT(SpecClient api) {
        this.api = api;
    }

    // every column

    @Test
    void arrayJsonStripsReadsAndWrites() {
        api.get("/organizations?select=*", "Accept", ARRAY_STRIP).is(200, ALL_STRIPPED).header("Content-Type", ARRAY_STRIP_TYPE);
        api.post("/organizations?select=*", NEW_ORG, "Accept", ARRAY_STRIP, "Prefer", REPRESENTATION)
                .is(201, "[{\"id\":7,\"name\":\"John\",\"manager_id\":6}]").header("Content-Type", ARRAY_STRIP_TYPE);
        api.patch("/organizations?id=eq.3&select=*", "{\"name\":\"John\",\"referee\":null}", "Accept", ARRAY_STRIP,
                        "Prefer", REPRESENTATION)
                .is(200, "[{\"id\":3,\"name\":\"John\",\"auditor\":2,\"manager_id\":3}]").header("Content-Type", ARRAY_STRIP_TYPE);
    }

    @Test
    void arrayWithoutPlusJsonStrips() {
        api.get("/organizations?select=*", "Accept", "application/vnd.pgrst.array;nulls=stripped").is(200, ALL_STRIPPED)
                .header("Content-Type", ARRAY_STRIP_TYPE);
    }

    @Test
    void objectStrips() {
        api.get("/organizations?limit=1", "Accept", OBJECT_STRIP).is(200, "{\"id\":1,\"name\":\"Referee Org\",\"manager_id\":1}")
                .header("Content-Type", OBJECT_STRIP_TYPE);
    }

    @Test
    void objectOfManyRowsIsStillPgrst116() {
        api.get("/organizations?select=*", "Accept", OBJECT_STRIP).is(406, "{\"details\":\"The result contains 6 rows\","
                        + "\"message\":\"Cannot coerce the result to a single JSON object\",\"code\":\"PGRST116\",\"hint\":null}")
                .header("Content-Type", "application/json; charset=utf-8");
    }

    // columns selected by name are stripped too

    @Test
    void arrayJsonStripsSelectedColumns() {
        api.get("/organizations?select=id,referee,auditor", "Accept", ARRAY_STRIP)
                .is(200, "[{\"id\":1},{\"id\":2},{\"id\":3,\"referee\":1,\"auditor\":2},{\"id\":4,\"referee\":1,\"auditor\":2},"
                        + "{\"id\":5,\"referee\":3,\"auditor\":4},{\"id\":6,\"referee\":3,\"auditor\":4}]")
                .header("Content-Type", ARRAY_STRIP_TYPE);
        api.post("/organizations?select=id,referee,auditor", NEW_ORG, "Accept", ARRAY_STRIP, "Prefer", REPRESENTATION)
                .is(201, "[{\"id\":7}]").header("Content-Type", ARRAY_STRIP_TYPE);
        api.patch("/organizations?id=eq.3&select=id,name,referee,auditor", "{\"name\":\"John\",\"referee\":null}",
                        "Accept", ARRAY_STRIP, "Prefer", REPRESENTATION)
                .is(200, "[{\"id\":3,\"name\":\"John\",\"auditor\":2}]").header("Content-Type", ARRAY_STRIP_TYPE);
    }

    @Test
    void objectStripsSelectedColumns() {
        api.get("/organizations?select=id,referee,auditor&limit=1", "Accept", OBJECT_STRIP).is(200, "{\"id\":1}")
                .header("Content-Type", OBJECT_STRIP_TYPE);
    }

    // without the parameter

    @Test
    void theArrayTypeAloneKeepsNulls() {
        api.get("/organizations?select=id,referee,auditor", "Accept", "application/vnd.pgrst.array+json")
                .is(200, "[{\"id\":1,\"referee\":null,\"auditor\":null},{\"id\":2,\"referee\":null,\"auditor\":null},"
                        + "{\"id\":3,\"referee\":1,\"auditor\":2},{\"id\":4,\"referee\":1,\"auditor\":2},"
                        + "{\"id\":5,\"referee\":3,\"auditor\":4},{\"id\":6,\"referee\":3,\"auditor\":4}]")
                .header("Content-Type", "application/json; charset=utf-8");
    }
}
