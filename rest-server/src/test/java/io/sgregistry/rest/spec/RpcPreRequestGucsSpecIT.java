package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST's RpcPreRequestGucsSpec.hs, ported whole: a pre-request function ({@code db.pre_request},
 * here unqualified, so the request schema's) reads {@code request.method}, {@code request.path} and
 * {@code request.headers} and sets {@code response.headers} for every method, Content-Type included.
 */
@Spec(preRequest = "custom_headers")
class RpcPreRequestGucsSpecIT {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private final SpecClient api;

    RpcPreRequestGucsSpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void setsTheHeadersOnPost() {
        api.post("/items", "[{\"id\": 11111}]").status(201).body("").header("Content-Type", null)
                .header("X-Custom-Header", "mykey=myval");
    }

    @Test
    void setsTheHeadersOnGetAndHead() {
        api.get("/items?id=eq.1", "User-Agent", "MSIE 6.0").is(200, "[{\"id\": 1}]")
                .header("Cache-Control", "no-cache, no-store, must-revalidate");
        api.request("HEAD", "/items?id=eq.1", null, "User-Agent", "MSIE 7.0").status(200).body("")
                .header("Content-Type", JSON_TYPE).header("Cache-Control", "no-cache, no-store, must-revalidate");
        api.request("HEAD", "/projects", null, "Accept", "text/csv").status(200).body("")
                .header("Content-Type", "text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=projects.csv");
    }

    @Test
    void setsTheHeadersOnPatch() {
        api.patch("/items?id=eq.1", "[{\"id\": 11111}]").status(204).body("").header("Content-Type", null)
                .header("Content-Length", null).header("X-Custom-Header", "mykey=myval");
    }

    @Test
    void setsTheHeadersOnPut() {
        api.put("/items?id=eq.1", "[{\"id\": 1}]").status(204).body("").header("Content-Type", null)
                .header("Content-Length", null).header("X-Custom-Header", "mykey=myval");
    }

    @Test
    void setsTheHeadersOnDelete() {
        api.delete("/items?id=eq.1").status(204).body("").header("Content-Type", null)
                .header("Content-Length", null).header("X-Custom-Header", "mykey=myval");
    }

    @Test
    void canOverrideTheContentType() {
        api.request("HEAD", "/clients?id=eq.1", null).status(200).header("Content-Type", "application/custom+json");
        api.request("HEAD", "/rpc/getallprojects", null).status(200).header("Content-Type", "application/custom+json");
    }
}
