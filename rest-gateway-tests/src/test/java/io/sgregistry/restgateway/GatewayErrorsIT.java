package io.sgregistry.restgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.ComposeCli;
import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.RawHttps;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST path's errors through the real front door (HTTPS on HAProxy, the mkcert CA) -> Varnish ->
 * gateway (nginx + Lua): every bad path is a 4xx JSON answered by the gateway's parser before any
 * mount, and with the mounter stopped a well-formed path is the documented JSON 503 "mounter
 * unavailable". Nothing on this path answers any other 5xx.
 */
@RegistryStackTest
// Alone: it stops the mounter, and counts Varnish's cache lookups exactly.
@Isolated
class GatewayErrorsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = "0123456789abcdef".repeat(4);

    @BeforeAll
    static void theStackHasTheRestPath(Stack stack) {
        assertThat(stack.config().flag("gateway.enabled")).as("gateway.enabled in the test flags").isTrue();
        ComposeCli.Result services = stack.compose(Duration.ofSeconds(60), "ps", "--services", "--status", "running")
                .requireSuccess("list the stack's services");
        assertThat(services.output().lines().map(String::trim).toList()).contains("gateway", "mounter", "data-api");
    }

    private static RawHttps.Response get(Stack stack, String target, Map<String, String> headers) throws IOException {
        return new RawHttps(stack.https(), stack.caCertificate()).get(target, headers);
    }

    private static JsonNode jsonError(RawHttps.Response r, String target) throws IOException {
        assertThat(r.header("Content-Type")).as(target).contains("application/json");
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.path("code").isTextual()).as(target + ": " + r.body()).isTrue();
        assertThat(doc.path("message").asText()).as(target).isNotBlank();
        assertThat(doc.has("details")).as(target).isTrue();
        assertThat(doc.has("hint")).as(target).isTrue();
        return doc;
    }

    @Test
    void hostilePathsGetA4xxJsonFromTheGatewayNeverA5xx(Stack stack) throws IOException {
        // Dot segments (encoded too) are resolved by nginx before location matching, so those paths
        // leave the REST shape and get nginx's JSON 404; the Lua parser refuses them too (Busted tests).
        Map<String, Integer> cases = Map.ofEntries(
                Map.entry("/ns/repo/latest/-/rest/a%00b", 400),
                Map.entry("/ns/repo/latest/-/rest/%2e%2e", 404),
                Map.entry("/ns/repo/latest/-/rest/..%2F..%2Fetc%2Fpasswd", 404),
                Map.entry("/ns/repo/latest/-/rest/a%2Fb", 400),
                Map.entry("/ns/repo/%2E%2E/-/rest/t", 404),
                Map.entry("/ns/repo/latest/-/rest/a%zz", 400),
                Map.entry("/ns/repo/latest/-/rest/%C0%AF", 400),
                Map.entry("/n%C3%A9/repo/latest/-/rest/t", 400),
                Map.entry("/ns/re.po/latest/-/rest/t", 400),
                Map.entry("/ns/repo/la%20test/-/rest/t", 400),
                Map.entry("/ns/repo/latest/-/rest/" + "x".repeat(64), 400),
                Map.entry("/ns/repo/latest/-/rest/" + "x".repeat(1100), 414),
                Map.entry("/ns/repo/latest/-/rest/t/extra", 404),
                Map.entry("/ns/repo/latest/-/rest/t/", 404));
        for (var c : cases.entrySet()) {
            RawHttps.Response r = get(stack, c.getKey(), Map.of());
            assertThat(r.status()).as(c.getKey() + " -> " + r.body()).isEqualTo(c.getValue());
            // Through Varnish (it marks what it delivers) and answered by the gateway: its Lua parser, or
            // nginx's own request parser (it refuses %00 and malformed escapes first: BAD_REQUEST).
            assertThat(r.header("X-Cache")).as(c.getKey()).isNotNull();
            assertThat(jsonError(r, c.getKey()).path("code").asText()).as(c.getKey())
                    .isIn("BAD_PATH", "PATH_TOO_LONG", "NOT_FOUND", "BAD_REQUEST");
        }
    }

    /**
     * Requests refused before any VCL or Lua runs are JSON too (found by RestSweepIT): Varnish's bare
     * status lines for a control character in a header or a bad Expect are replaced at the front door,
     * and a header line over nginx's 8 KiB reaches nginx (Varnish's limits are above HAProxy's buffer).
     */
    @Test
    void requestsRefusedBeforeTheGatewayRunsGetJsonToo(Stack stack) throws IOException {
        RawHttps raw = new RawHttps(stack);
        Map<String, Map<String, String>> cases = new java.util.LinkedHashMap<>();
        cases.put("BAD_REQUEST", Map.of("X-Ctl", "a\u0001b"));
        cases.put("EXPECTATION_FAILED", Map.of("Expect", "something-else"));
        cases.put("REQUEST_TOO_LARGE", Map.of("X-Long", "x".repeat(9_000)));
        for (var c : cases.entrySet()) {
            RawHttps.Response r = raw.get("/ns/repo/latest/-/rest/t", c.getValue());
            assertThat(r.status()).as(c.getKey() + ": " + r.head()).isBetween(400, 499);
            assertThat(jsonError(r, c.getKey()).path("code").asText()).isEqualTo(c.getKey());
        }
    }

    @Test
    void onlyGetAndHeadReachTheGatewayOtherMethodsGetAJson405(Stack stack) throws IOException {
        RawHttps raw = new RawHttps(stack.https(), stack.caCertificate());
        RawHttps.Response r = raw.request("DELETE", "/ns/repo/latest/-/rest/t", Map.of());
        assertThat(r.status()).isEqualTo(405);
        assertThat(jsonError(r, "DELETE").path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void aWellFormedPathWithTheMounterDownIsTheJson503(Stack stack) throws IOException {
        stack.compose(Duration.ofSeconds(120), "stop", "mounter").requireSuccess("stop the mounter");
        try {
            outageOutlastsTheRetryBudget(stack);
            mounterDownAnswers(stack);
        } finally {
            // Back for the other tests; its book of mounts on rest-engine survives the restart.
            stack.compose(Duration.ofSeconds(180), "up", "-d", "--wait", "mounter").requireSuccess("start the mounter again");
        }
    }

    /**
     * The gateway waits for a restarting mounter, but not for one that stays down: the first request
     * waits out the retry budget and gets the JSON 503; afterwards requests get it at once.
     */
    private static void outageOutlastsTheRetryBudget(Stack stack) throws IOException {
        int budget = stack.config().node("gateway.retry.seconds").asInt();
        assertThat(budget).as("gateway.retry.seconds").isPositive();
        OkHttpClient patient = HttpsClients.trusting(stack.caCertificate()).newBuilder()
                .readTimeout(Duration.ofSeconds(budget + 30)).callTimeout(Duration.ofSeconds(budget + 40)).build();
        long start = System.nanoTime();
        try (Response r = patient.newCall(new Request.Builder()
                .url(stack.https().resolve("/someone/some-repo/latest/-/rest/t?first=1").toString()).build()).execute()) {
            double waited = (System.nanoTime() - start) / 1e9;
            ResponseBody body = r.body();
            assertThat(r.code()).as(body == null ? "" : body.string()).isEqualTo(503);
            assertThat(waited).as("bounded by the retry budget").isLessThan(budget + 15);
        }
        long again = System.nanoTime();
        RawHttps.Response r = get(stack, "/someone/some-repo/latest/-/rest/t?second=1", Map.of());
        assertThat(r.status()).isEqualTo(503);
        assertThat((System.nanoTime() - again) / 1e9).as("once the outage is older than the budget").isLessThan(5.0);
    }

    private static void mounterDownAnswers(Stack stack) throws IOException {
        for (String target : List.of("/someone/some-repo/latest/-/rest/some_table?select=a,b&a=eq.1",
                "/someone/some-repo/" + HASH + "/-/rest/t", "/someone/some-repo/v1/-/rest/", "/someone/some-repo/v1/-/rest")) {
            RawHttps.Response r = get(stack, target, Map.of());
            assertThat(r.status()).as(target + " -> " + r.body()).isEqualTo(503);
            JsonNode doc = jsonError(r, target);
            assertThat(doc.path("code").asText()).isEqualTo("MOUNTER_UNAVAILABLE");
            assertThat(doc.path("message").asText()).contains("mounter unavailable");
            assertThat(doc.path("hint").asText()).contains("mounter service");
            // Not cached: the next request asks the mounter again.
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        }
    }

    @Test
    void gatewayErrorsAreNotCachedSoTheNextRequestAsksAgain(Stack stack) throws IOException {
        String target = "/ns/repo/latest/-/rest/t/" + System.nanoTime();
        for (int i = 0; i < 2; i++) {
            RawHttps.Response r = get(stack, target, Map.of());
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.header("X-Cache")).as("request " + (i + 1)).isEqualTo("MISS");
        }
    }

    @Test
    void aRequestWithAuthorizationIsPassedByVarnishNeverLookedUpOrCached(Stack stack) throws IOException {
        long passesBefore = varnishCounter(stack, "MAIN.s_pass");
        long lookupsBefore = varnishCounter(stack, "MAIN.cache_miss") + varnishCounter(stack, "MAIN.cache_hit");
        String target = "/someone/private-repo/latest/-/rest/t?limit=1";
        for (int i = 0; i < 2; i++) {
            RawHttps.Response r = get(stack, target, Map.of("Authorization", "Bearer not-a-real-token"));
            // The mounter checks the token before anything else: not a JWT is a 401, as data-api would say.
            assertThat(r.status()).as(r.body()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(r.header("X-Cache")).isEqualTo("MISS");
        }
        assertThat(varnishCounter(stack, "MAIN.s_pass") - passesBefore).isGreaterThanOrEqualTo(2);
        // No other class runs beside this one (@Isolated), so no other request looks anything up meanwhile.
        assertThat(varnishCounter(stack, "MAIN.cache_miss") + varnishCounter(stack, "MAIN.cache_hit"))
                .as("cache lookups for Authorization requests").isEqualTo(lookupsBefore);
    }

    /** A Varnish counter read inside the cache container (varnishstat on its working directory). */
    static long varnishCounter(Stack stack, String name) {
        ComposeCli.Result r = stack.compose(Duration.ofSeconds(60), "exec", "-T", "cache",
                "varnishstat", "-n", "/var/lib/varnish/cache", "-1", "-f", name).requireSuccess("read " + name);
        for (String line : r.output().lines().toList()) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 2 && cols[0].equals(name)) {
                return Long.parseLong(cols[1]);
            }
        }
        throw new AssertionError("no " + name + " in varnishstat output:\n" + r.output());
    }
}
