package io.sgregistry.rest.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code @supabase/postgrest-js} (installed from the npm registry by
 * {@link PostgrestJsProject}) against the spec server: {@code src/test/postgrest-js/client-cases.mjs}
 * runs each case through the client's builder (contains, overlaps, textSearch, embedding, filters,
 * order, range, single, writes, rpc) and prints what the client returned; each is compared here,
 * whole, with PostgREST's answer on the same fixtures.
 */
@Spec
class PostgrestJsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String IMPOSSIBLE = "{\"text_search_vector\":\"'fun':5 'imposs':9 'kind':3\"}";
    private static final String POSSIBLE = "{\"text_search_vector\":\"'also':2 'fun':3 'possibl':8\"}";
    private static final String RATS = "{\"text_search_vector\":\"'ate':3 'cat':2 'fat':1 'rat':4\"}";
    private static final String FRENCH = "{\"text_search_vector\":\"'amus':5 'fair':7 'impossibl':9 'peu':4\"}";
    private static final String GERMAN = "{\"text_search_vector\":\"'art':4 'spass':5 'unmog':7\"}";
    private static JsonNode results;

    @BeforeAll
    static void runTheClient(SpecClient api) throws IOException, InterruptedException {
        PostgrestJsProject.installed();
        String jwt = api.token(Map.of("role", SpecServer.USER)).substring("Bearer ".length());
        results = MAPPER.readTree(PostgrestJsProject.node("client-cases.mjs", api.baseUrl(), jwt));
    }

    /** The client's answer to {@code name}: its status, count, data and error code, exactly. */
    private static void expect(String name, int status, Integer count, String data, String errorCode) {
        JsonNode got = results.path(name);
        assertThat(got.isMissingNode()).as("case %s in %s", name, results).isFalse();
        assertThat(got.path("thrown").isMissingNode()).as("the client threw in %s: %s", name, got).isTrue();
        JsonNode expected;
        try {
            expected = MAPPER.readTree("{\"status\":" + status + ",\"count\":" + count + ",\"data\":" + data + ",\"error\":"
                    + (errorCode == null ? "null" : "{\"code\":\"" + errorCode + "\"}") + "}");
        } catch (IOException e) {
            throw new AssertionError("the expectation of " + name + " is not JSON", e);
        }
        assertThat(got).as("case %s", name).isEqualTo(expected);
    }

    private static void ok(String name, String data) {
        expect(name, 200, null, data, null);
    }

    @Test
    void everyCaseOfTheScriptIsAsserted() {
        TreeSet<String> names = new TreeSet<>();
        results.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("containsArray", "containsJsonObject", "containsRange", "containedByArray",
                "notContains", "overlapsArray", "overlapsArrayOne", "overlapsRange", "textSearch", "textSearchOperators",
                "textSearchPlain", "textSearchPlainFrench", "textSearchPhrase", "textSearchPhraseGerman", "textSearchWebsearch",
                "textSearchWebsearchOr", "embedStar", "embedToOneAndToMany", "embedManyToMany", "embedNested", "embedLimited",
                "embedInner", "embedHintsAndAliases", "embedAmbiguous", "embedUnknown", "filters", "filtersCompare",
                "filtersIlike", "filtersIsNull", "filterMatch", "orderNullsFirst", "rangeWithCount", "headCount", "single",
                "singleOfMany", "maybeSingleNone", "insertWithEmbedding", "updateReturning", "deleteReturning", "upsert",
                "rpcSetOf", "rpcScalarGet", "rpcEmbedding");
    }

    @Test
    void contains() {
        ok("containsArray", "[{\"id\":2},{\"id\":3}]");
        ok("containsJsonObject", "[{\"id\":1}]");
        ok("containsRange", "[{\"id\":2}]");
        ok("containedByArray", "[{\"id\":1},{\"id\":2}]");
        ok("notContains", "[{\"id\":1}]");
    }

    @Test
    void overlaps() {
        ok("overlapsArray", "[{\"id\":1},{\"id\":2},{\"id\":3}]");
        ok("overlapsArrayOne", "[{\"id\":3}]");
        ok("overlapsRange", "[{\"id\":1},{\"id\":2}]");
    }

    @Test
    void textSearch() {
        ok("textSearch", "[" + IMPOSSIBLE + "]");
        ok("textSearchOperators", "[" + RATS + "]");
        ok("textSearchPlain", "[" + RATS + "]");
        ok("textSearchPlainFrench", "[" + FRENCH + "]");
        ok("textSearchPhrase", "[" + RATS + "]");
        ok("textSearchPhraseGerman", "[" + GERMAN + "]");
        ok("textSearchWebsearch", "[" + IMPOSSIBLE + "]");
        ok("textSearchWebsearchOr", "[" + IMPOSSIBLE + "," + POSSIBLE + "]");
    }

    @Test
    void embedding() {
        ok("embedStar", "[{\"id\":1,\"name\":\"Windows 7\",\"client_id\":1,\"clients\":{\"id\":1,\"name\":\"Microsoft\"}}]");
        ok("embedToOneAndToMany", "[{\"id\":1,\"name\":\"Windows 7\",\"clients\":{\"name\":\"Microsoft\"},"
                + "\"tasks\":[{\"id\":1,\"name\":\"Design w7\"},{\"id\":2,\"name\":\"Code w7\"}]},"
                + "{\"id\":5,\"name\":\"Orphan\",\"clients\":null,\"tasks\":[]}]");
        ok("embedManyToMany", "[{\"name\":\"Angela Martin\",\"tasks\":[{\"name\":\"Design w7\"},{\"name\":\"Code w7\"},"
                + "{\"name\":\"Design w10\"},{\"name\":\"Code w10\"}]}]");
        ok("embedNested", "[{\"id\":1,\"projects\":[{\"id\":1,\"tasks\":[{\"id\":1,\"name\":\"Design w7\"}]},{\"id\":2,\"tasks\":"
                + "[{\"id\":3,\"name\":\"Design w10\"}]}]},{\"id\":2,\"projects\":[{\"id\":3,\"tasks\":[{\"id\":5,"
                + "\"name\":\"Design IOS\"}]},{\"id\":4,\"tasks\":[{\"id\":7,\"name\":\"Design OSX\"}]}]}]");
        ok("embedLimited", "[{\"id\":1,\"projects\":[{\"id\":2}]},{\"id\":2,\"projects\":[{\"id\":4}]}]");
        ok("embedInner", "[{\"id\":3,\"clients\":{\"name\":\"Apple\"}},{\"id\":4,\"clients\":{\"name\":\"Apple\"}}]");
        ok("embedHintsAndAliases", "[{\"id\":1,\"billing\":{\"address\":\"address 1\"},\"shipping\":{\"address\":\"address 2\"}}]");
        expect("embedAmbiguous", 300, null, "null", "PGRST201");
        expect("embedUnknown", 400, null, "null", "PGRST200");
    }

    @Test
    void filtersOrderRangeAndSingular() {
        ok("filters", "[{\"id\":4},{\"id\":5}]");
        ok("filtersCompare", "[{\"id\":5},{\"id\":3}]");
        ok("filtersIlike", "[{\"id\":1,\"name\":\"Windows 7\"},{\"id\":2,\"name\":\"Windows 10\"}]");
        ok("filtersIsNull", "[{\"id\":5}]");
        ok("filterMatch", "[{\"id\":3}]");
        ok("orderNullsFirst", "[{\"id\":5,\"client_id\":null},{\"id\":3,\"client_id\":2},{\"id\":4,\"client_id\":2},"
                + "{\"id\":1,\"client_id\":1},{\"id\":2,\"client_id\":1}]");
        // PostgREST: a page of a counted result that is not all of it is 206 Partial Content.
        expect("rangeWithCount", 206, 15, "[{\"id\":3},{\"id\":4},{\"id\":5}]", null);
        expect("headCount", 200, 15, "null", null);
        ok("single", "{\"id\":5}");
        expect("singleOfMany", 406, null, "null", "PGRST116");
        ok("maybeSingleNone", "null");
    }

    @Test
    void writesAndCalls() {
        expect("insertWithEmbedding", 201, null, "[{\"id\":6,\"clients\":{\"name\":\"Apple\"}}]", null);
        ok("updateReturning", "[{\"id\":1,\"address\":\"B Street\"}]");
        ok("deleteReturning", "[{\"id\":11}]");
        expect("upsert", 201, null, "[{\"name\":\"Go\",\"rank\":9},{\"name\":\"Java\",\"rank\":3}]", null);
        ok("rpcSetOf", "[{\"id\":3},{\"id\":4}]");
        ok("rpcScalarGet", "\"Hello, world\"");
        ok("rpcEmbedding", "[{\"id\":1,\"clients\":{\"name\":\"Microsoft\"}},{\"id\":2,\"clients\":{\"name\":\"Microsoft\"}}]");
    }
}
