package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * PostgREST's test/spec/Feature/CorsSpec.hs, ported whole (7 cases): preflights, the headers exposed
 * to a request from an origin, OPTIONS with CORS headers present, and (in {@link AllowedOrigins}) a
 * server allowing only some origins. Its last section, allowed origins configured empty, is the
 * default server's: any origin.
 */
@Spec
class CorsSpecIT {
    private static final String EXPOSED = "Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, "
            + "Transfer-Encoding, Range-Unit";
    private final SpecClient api;

    CorsSpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void aPreflightIsAnsweredNaivelyAndPermissively() {
        api.request("OPTIONS", "/", null, "Accept", "*/*", "Origin", "http://example.com", "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "Foo,Bar")
                .status(200).body("").header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD")
                .header("Access-Control-Allow-Headers", "Authorization, Foo, Bar, Accept, Accept-Language, Content-Language")
                .header("Access-Control-Max-Age", "86400");
    }

    @Test
    void aRequestFromAnOriginSeesTheHeadersItNeeds() {
        api.get("/items", "Origin", "http://example.com").status(200).header("Access-Control-Expose-Headers", EXPOSED);
    }

    @Test
    void optionsWithCorsHeadersButNoPreflightIsAnsweredAsOptions() {
        api.request("OPTIONS", "/items", null, "Host", "localhost:3000",
                        "User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9; rv:32.0) Gecko/20100101 Firefox/32.0",
                        "Origin", "http://localhost:8000", "Accept", "text/csv, */*; q=0.01", "Accept-Language", "en-US,en;q=0.5",
                        "Accept-Encoding", "gzip, deflate", "Referer", "http://localhost:8000/", "Connection", "keep-alive")
                .status(200).body("").header("Access-Control-Allow-Origin", "*");
        api.request("OPTIONS", "/items", null, "Accept", "application/json").status(200).body("")
                .header("Access-Control-Allow-Origin", "*");
        api.request("OPTIONS", "/shops", null, "Accept", "application/geo+json").status(200).body("")
                .header("Access-Control-Allow-Origin", "*");
    }

    @Test
    void withNoOriginsConfiguredAPreflightAllowsAnyOrigin() {
        SpecClient.Reply r = api.request("OPTIONS", "/items", null, "Accept", "*/*", "Origin", "http://anyorigin.com",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "Content-Type");
        r.status(200).header("Access-Control-Allow-Origin", "*");
        org.assertj.core.api.Assertions.assertThat(r.header("Access-Control-Allow-Methods")).contains("POST");
    }

    @Nested
    @Spec(corsAllowedOrigins = {"http://example.com", "http://example2.com"})
    class AllowedOrigins {
        private final SpecClient api;

        AllowedOrigins(SpecClient api) {
            this.api = api;
        }

        @Test
        void aPreflightFromAnAllowedOriginGetsItBack() {
            api.request("OPTIONS", "/items", null, "Accept", "*/*", "Origin", "http://example.com",
                            "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "Content-Type")
                    .status(200).header("Access-Control-Allow-Origin", "http://example.com")
                    .header("Access-Control-Allow-Credentials", "true");
        }

        @Test
        void aRequestFromAnAllowedOriginGetsItBack() {
            api.get("/items", "Accept", "*/*", "Origin", "http://example.com").status(200)
                    .header("Access-Control-Allow-Origin", "http://example.com");
        }

        @Test
        void aRequestFromAnotherOriginGetsNoCorsHeaders() {
            api.get("/items", "Accept", "*/*", "Origin", "http://invalid.com").status(200).header("Access-Control-Allow-Origin", null);
        }
    }
}
