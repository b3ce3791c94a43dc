package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * PostgREST's HttpHeaderSpec.hs, ported whole: every answer that is not an error says
 * {@code Vary: Accept, Prefer, Range}, unless {@code response.headers} names a Vary of its own (here
 * set by a pre-request function, {@code db.pre_request}).
 */
class HttpHeaderSpecIT {
    @Nested
    @Spec(preRequest = "test.custom_vary_hdr")
    class CustomHeader {
        private final SpecClient api;

        CustomHeader(SpecClient api) {
            this.api = api;
        }

        @Test
        void theDefaultVaryIsOverriddenByThePreRequestFunction() {
            api.get("/projects").status(200).header("Vary", "X-Test-Accept");
        }
    }

    @Nested
    @Spec
    class DefaultHeader {
        private final SpecClient api;

        DefaultHeader(SpecClient api) {
            this.api = api;
        }

        @Test
        void theDefaultVaryNamesAcceptPreferAndRange() {
            api.get("/projects").status(200).header("Vary", "Accept, Prefer, Range");
        }
    }
}
