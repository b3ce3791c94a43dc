package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * Writes: cases of PostgREST's InsertSpec.hs, UpdateSpec.hs and DeleteSpec.hs, ported (UpsertSpec.hs is
 * {@link UpsertSpecIT}, whole). Every request's transaction rolls back (the spec server's db.tx_end), so each case starts
 * from the fixtures.
 */
@Spec
class WriteSpecIT {
    private final SpecClient api;

    WriteSpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void insertRepresentationMinimalAndHeadersOnly() {
        api.post("/projects", "{\"id\":6,\"name\":\"New\",\"client_id\":2}", "Prefer", "return=representation")
                .is(201, "[{\"id\":6,\"name\":\"New\",\"client_id\":2}]").header("Content-Range", "*/*");
        api.post("/projects", "{\"id\":6,\"name\":\"New\",\"client_id\":2}").status(201).body("")
                .header("Content-Type", null);
        api.post("/projects", "{\"id\":6,\"name\":\"New\",\"client_id\":2}", "Prefer", "return=headers-only")
                .status(201).body("").header("Location", "/projects?id=eq.6");
        api.post("/employees", "{\"first_name\":\"A b\",\"last_name\":\"C\",\"salary\":\"1\",\"company\":\"x\",\"occupation\":\"y\"}",
                "Prefer", "return=headers-only").status(201).header("Location", "/employees?first_name=eq.A+b&last_name=eq.C");
    }

    @Test
    void anEmptyArrayInsertsNothing() {
        api.post("/projects", "[]", "Prefer", "return=representation").is(201, "[]").header("Content-Range", "*/*");
        api.post("/no_pk?select=a", "[]", "Prefer", "return=representation").is(201, "[]");
    }

    @Test
    void bulkInsertsNeedTheSameKeysUnlessColumnsAreGiven() {
        api.post("/no_pk", "[{\"a\":\"x\"},{\"a\":\"y\",\"b\":\"z\"}]")
                .is(400, "{\"message\":\"All object keys must match\",\"code\":\"PGRST102\",\"details\":null,\"hint\":null}");
        api.post("/no_pk?columns=a,b", "[{\"a\":\"x\"},{\"a\":\"y\",\"b\":\"z\"}]", "Prefer", "return=representation")
                .is(201, "[{\"a\":\"x\",\"b\":null},{\"a\":\"y\",\"b\":\"z\"}]");
        api.post("/no_pk?columns=a", "[{\"a\":\"x\",\"b\":\"ignored\"}]", "Prefer", "return=representation")
                .is(201, "[{\"a\":\"x\",\"b\":null}]");
        api.post("/no_pk?columns=a,nope", "[{\"a\":\"x\"}]").error(400, "PGRST204");
    }

    @Test
    void missingKeysTakeTheDefaultWhenAsked() {
        api.post("/defaults?select=label,amount,note&columns=label,amount,note", "[{\"note\":\"a\"},{\"label\":\"named\",\"amount\":null,\"note\":\"b\"}]",
                        "Prefer", "return=representation, missing=default")
                .is(201, "[{\"label\":\"unnamed\",\"amount\":10,\"note\":\"a\"},{\"label\":\"named\",\"amount\":null,\"note\":\"b\"}]")
                .header("Preference-Applied", "missing=default, return=representation");
        api.post("/defaults?select=label,amount,note&columns=label,amount,note", "[{\"note\":\"a\"}]", "Prefer", "return=representation")
                .is(201, "[{\"label\":null,\"amount\":null,\"note\":\"a\"}]");
        // A sequence default is evaluated per row (sequences do not roll back, so only their difference is known).
        var ids = api.post("/defaults?select=id&columns=id,note", "[{\"note\":\"a\"},{\"note\":\"b\"}]",
                "Prefer", "return=representation,missing=default").status(201).json();
        org.assertj.core.api.Assertions.assertThat(ids.get(1).get("id").asInt()).isEqualTo(ids.get(0).get("id").asInt() + 1);
    }

    @Test
    void csvAndFormBodies() {
        api.post("/no_pk", "a,b\nbar,baz", "Content-Type", "text/csv", "Accept", "text/csv", "Prefer", "return=representation")
                .status(201).body("a,b\nbar,baz").header("Content-Type", "text/csv; charset=utf-8");
        api.post("/no_pk", "a,b\nNULL,foo", "Content-Type", "text/csv", "Accept", "text/csv", "Prefer", "return=representation")
                .status(201).body("a,b\n,foo");
        api.post("/projects?select=id", "id,name,client_id\n8,Xenix,1\n9,Windows NT,1", "Content-Type", "text/csv",
                "Accept", "text/csv", "Prefer", "return=representation").status(201).body("id\n8\n9").header("Content-Range", "*/*");
        api.post("/no_pk", "a,b\nfoo,bar\nbaz", "Content-Type", "text/csv")
                .is(400, "{\"message\":\"All lines must have same number of fields\",\"code\":\"PGRST102\",\"details\":null,\"hint\":null}");
        api.post("/menagerie", "integer=7&double=2.71828&varchar=forms+are+fun&boolean=false&date=1900-01-01&money=$3.99&enum=foo",
                "Content-Type", "application/x-www-form-urlencoded").status(201).body("").header("Content-Type", null);
    }

    @Test
    void patchHonoursColumnsSelectAndOrder() {
        api.patch("/projects?id=in.(1,2)&order=id.desc&select=id,name", "{\"name\":\"Renamed\"}", "Prefer", "return=representation")
                .is(200, "[{\"id\":2,\"name\":\"Renamed\"},{\"id\":1,\"name\":\"Renamed\"}]").header("Content-Range", "0-1/*");
        api.patch("/projects?id=eq.1&columns=name", "{\"name\":\"Only\",\"client_id\":2}", "Prefer", "return=representation")
                .is(200, "[{\"id\":1,\"name\":\"Only\",\"client_id\":1}]");
        api.patch("/projects?id=eq.99", "{\"name\":\"x\"}").status(204).header("Content-Range", "*/*");
        api.patch("/projects?id=eq.1", "{\"name\":\"x\"}").status(204).header("Content-Range", "0-0/*");
        api.patch("/projects?id=eq.1", "{\"nope\":\"x\"}").error(400, "PGRST204");
    }

    /** UpdateSpec: an empty array or an array of empty objects updates nothing; a one-object array is that object. */
    @Test
    void patchTakesAnArrayAsPostgrestDoes() {
        api.patch("/items", "[]").status(204).body("").header("Content-Range", "*/*");
        api.patch("/items", "[{}]").status(204).body("").header("Content-Range", "*/*");
        api.patch("/tiobe_pls?name=eq.Java", "[{\"rank\":19}]", "Prefer", "return=representation")
                .is(200, "[{\"name\":\"Java\",\"rank\":19}]");
    }

    @Test
    void deletes() {
        api.delete("/items?id=eq.1").status(204).header("Content-Range", "*/*");
        api.delete("/items?id=eq.1", "Prefer", "return=representation").is(200, "[{\"id\":1}]");
        api.delete("/projects?id=in.(3,4)&select=id&order=id.desc", "Prefer", "return=representation")
                .error(409, "23503");
        api.delete("/users_tasks?user_id=eq.2&select=task_id&order=task_id.desc", "Prefer", "return=representation")
                .is(200, "[{\"task_id\":7},{\"task_id\":6},{\"task_id\":5}]");
    }

    @Test
    void preferTxCommitIsHonouredAndReported() {
        api.post("/only_pk", "{\"id\":77}", "Prefer", "tx=rollback, return=representation").status(201)
                .header("Preference-Applied", "return=representation, tx=rollback");
        api.get("/only_pk?id=eq.77").is(200, "[]");
    }
}
