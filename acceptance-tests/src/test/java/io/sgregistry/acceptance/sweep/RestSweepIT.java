package io.sgregistry.acceptance.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.RawHttps;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.sgr.Datasets;
import io.sgregistry.fixtures.sgr.SgrUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST half of the malformed-input sweep: 1 000 seeded requests ({@link RestCases}) sent byte for
 * byte to the front door ({@code https://127.0.0.1:<https port>/{ns}/{repo}/{ref}/-/rest/{table}?...},
 * HAProxy -> Varnish -> gateway -> mounter -> data-api), every 4th one that an HTTP client can send also
 * over HTTP/2 with the JDK client. What every answer must be: no 5xx (the documented 503s are for
 * services that are down, and none is here), an error is JSON with {@code code} and {@code message}, a
 * case that carries invalid input is refused (4xx), and no stack trace, Java class name or SQL of the
 * implementation in the body or the headers. Replay with {@code -Dsweep.seed=N}; {@code -Dsweep.cases=N}
 * changes the count, {@code -Dsweep.only=3,17} runs only those cases.
 *
 * <p>Positive controls first (valid queries answer the expected rows), so the sweep cannot pass by
 * refusing everything, and the status histogram must hold both 2xx and 4xx.
 */
@RegistryStackTest
class RestSweepIT {
    private static final long DEFAULT_SEED = 20_261_202L;
    private static final int CASES = 1_000;
    private static final int THREADS = 4;
    private static final int HTTP2_EVERY = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ITEMS = 30;
    private static final int EVENTS = 12;
    private static final String TAG = "v1";

    /** The implementation's own SQL: names rest-server gives its statement's parts, and parser errors. */
    private static final List<String> SQL_INTERNALS = List.of("pgrst_source", "pgrst_t", "pgrst_body", "json_agg(",
            "json_populate", "set_config(", "syntax error at or near", "parameter $", "SELECT ", "WITH pgrst");

    /**
     * HAProxy 2.6's HTTP/1 parser answers a request it cannot read at all (a space or control character
     * in the request line, a header line without a colon, too many or too large headers) with this
     * built-in page before any configuration applies: no errorfile or http-error replaces it (haproxy
     * issue #3032). Such answers are counted apart (they are refusals and leak nothing); any other
     * non-JSON error fails the sweep.
     */
    static final String HAPROXY_PARSER_400 = "<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n";
    /** Above this request head size HAProxy cannot hold an HTTP/2 header block (16 KiB buffer, 1 KiB kept for rewrites). */
    static final int HTTP2_HEAD_LIMIT = 14 * 1024;
    /** HAProxy holds at most 101 header fields (tune.http.maxhdr), pseudo-headers and the client's own included. */
    static final int HTTP2_HEADER_LIMIT = 95;

    @TempDir
    Path dir;

    /** One answer; {@code note} names an answer counted apart (a known limitation), else null. */
    record Outcome(RestCases.Case c, String via, int status, String head, String body, List<String> problems, String note) {
        Outcome(RestCases.Case c, String via, int status, String head, String body, List<String> problems) {
            this(c, via, status, head, body, problems, null);
        }

        String report() {
            return c + "\n    -> " + via + ": " + (status < 0 ? "no answer" : "HTTP " + status) + ": " + String.join("; ", problems)
                    + (head.isEmpty() ? "" : "\n    head: " + Quoting.excerpt(head.replace("\r\n", " | "), 400))
                    + (body.isEmpty() ? "" : "\n    body: " + Quoting.excerpt(body.strip(), 400));
        }
    }

    @Test
    void malformedRequestsGetA4xxJsonErrorNeverA5xxOrTheImplementation(Stack stack) throws Exception {
        long seed = Long.getLong("sweep.seed", DEFAULT_SEED);
        int count = Integer.getInteger("sweep.cases", CASES);
        System.out.println("REST sweep: seed " + seed + " (replay with -Dsweep.seed=" + seed + ")");

        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        tables.put(Datasets.TABLE, columns("id", "integer", "name", "text", "grp", "integer", "price", "double precision"));
        tables.put("events", columns("id", "bigint", "day", "date", "at", "timestamp with time zone", "ok", "boolean",
                "amount", "numeric(10,2)", "tags", "text[]", "doc", "jsonb", "note", "text"));
        // The generator's inputs name no Java class or SQL internal (checked before the set-up, which takes a while).
        inputsAreClean(new RestCases("ns", "repo", TAG, "ab".repeat(32), "private", tables, "eyJh.eyJz.c2ln").generate(seed, count));

        // Set-up as a user does it: an account, a public dataset of two tables (one tag), a private one.
        SgrUser owner = Datasets.owner(stack, dir, "rsweep");
        Datasets.Table events = events(owner);
        String hash = Datasets.push(owner, dir, "catalogue", ITEMS, TAG, events);
        owner.setPublic("catalogue");
        Datasets.push(owner, dir, "hidden", 5, TAG);
        RestCases gen = new RestCases(owner.namespace(), "catalogue", TAG, hash, "hidden", tables, owner.user().accessToken());
        RawHttps raw = new RawHttps(stack);
        String base = "/" + owner.namespace() + "/catalogue/";

        long start = System.nanoTime();
        positiveControls(raw, owner, base, hash);
        long controlsMs = (System.nanoTime() - start) / 1_000_000;

        List<RestCases.Case> cases = gen.generate(seed, count);
        String only = System.getProperty("sweep.only", "");
        if (!only.isBlank()) {
            Set<Integer> wanted = Arrays.stream(only.split(",")).map(String::trim).map(Integer::valueOf).collect(Collectors.toSet());
            cases = cases.stream().filter(c -> wanted.contains(c.number())).toList();
        }
        inputsAreClean(cases);

        HttpClient h2 = http2Client(stack);
        List<Outcome> outcomes = new ArrayList<>();
        long sweepStart = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<Outcome>>> futures = new ArrayList<>();
            for (RestCases.Case c : cases) {
                futures.add(pool.submit(() -> {
                    List<Outcome> mine = new ArrayList<>();
                    mine.add(viaRaw(raw, c));
                    if (c.number() % HTTP2_EVERY == 0) {
                        Outcome o = viaHttp2(h2, stack, c);
                        if (o != null) {
                            mine.add(o);
                        }
                    }
                    return mine;
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    outcomes.addAll(futures.get(i).get(120, TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    futures.get(i).cancel(true);
                    outcomes.add(new Outcome(cases.get(i), "raw HTTP/1.1", -1, "", "", List.of("no answer within 120 s")));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long sweepMs = (System.nanoTime() - sweepStart) / 1_000_000;

        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> categories = new TreeMap<>();
        outcomes.forEach(o -> statuses.merge(o.status(), 1, Integer::sum));
        cases.forEach(c -> categories.merge(c.category().replaceAll(" \\+.*", ""), 1, Integer::sum));
        long http2 = outcomes.stream().filter(o -> o.via().startsWith("HTTP/2")).count();
        long mustFail = cases.stream().filter(RestCases.Case::mustFail).count();
        List<Outcome> bad = outcomes.stream().filter(o -> !o.problems().isEmpty()).toList();
        Map<String, Long> notes = outcomes.stream().filter(o -> o.note() != null)
                .collect(Collectors.groupingBy(Outcome::note, TreeMap::new, Collectors.counting()));
        System.out.println("REST sweep: " + cases.size() + " cases (" + mustFail + " must fail), " + outcomes.size()
                + " requests (" + http2 + " also over HTTP/2) in " + sweepMs + " ms (controls " + controlsMs + " ms), "
                + THREADS + " threads; statuses " + statuses + "; cases per kind " + categories + "; counted apart " + notes
                + "; violations " + bad.size());

        assertThat(bad).as("%d of %d answers (seed %d) broke the rules:\n%s", bad.size(), outcomes.size(), seed,
                bad.stream().map(Outcome::report).collect(Collectors.joining("\n"))).isEmpty();
        if (only.isBlank()) {
            assertThat(cases).hasSizeGreaterThanOrEqualTo(count);
            long ok = outcomes.stream().filter(o -> o.status() >= 200 && o.status() < 300).count();
            long refused = outcomes.stream().filter(o -> o.status() >= 400 && o.status() < 500).count();
            assertThat(ok).as("answers with rows (2xx): the sweep must not only refuse").isGreaterThan(count / 10);
            assertThat(refused).as("refusals (4xx)").isGreaterThan(count / 3);
            assertThat(mustFail).as("cases with invalid input").isGreaterThan(count / 3);
            assertThat(http2).as("cases also sent over HTTP/2").isGreaterThan(count / 8);
        }
    }

    /** The inputs themselves name no Java class or SQL internal: a marker in an answer came from the stack. */
    private static void inputsAreClean(List<RestCases.Case> cases) {
        for (RestCases.Case c : cases) {
            assertThat(Leaks.in(c.sent())).as("generated input %s", c).isEmpty();
            assertThat(sqlInternals(c.sent())).as("generated input %s", c).isEmpty();
        }
    }

    // ---- fixtures -----------------------------------------------------------------------------

    private static Map<String, String> columns(String... nameType) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameType.length; i += 2) {
            m.put(nameType[i], nameType[i + 1]);
        }
        return m;
    }

    /** Table events: dates, times, booleans, numerics, arrays, JSON and NULLs (every 5th row). */
    static Datasets.Table events(SgrUser owner) {
        List<String> lines = new ArrayList<>();
        lines.add("id,day,at,ok,amount,tags,doc,note");
        for (int id = 1; id <= EVENTS; id++) {
            boolean nulls = id % 5 == 0;
            lines.add(id + "," + (nulls ? "" : "2024-01-" + two(id)) + "," + (nulls ? "" : "2024-01-" + two(id) + "T" + two(id) + ":00:00Z")
                    + "," + (nulls ? "" : okOf(id)) + "," + (nulls ? "" : amountOf(id)) + "," + (nulls ? "" : "\"{t" + (id % 3) + ",x}\"")
                    + "," + (nulls ? "" : "\"{\"\"n\"\": " + id + "}\"") + "," + owner.namespace() + "-event-" + id);
        }
        return new Datasets.Table("events", lines, List.of("id"), Map.of("id", "bigint", "day", "date", "at",
                "timestamp with time zone", "ok", "boolean", "amount", "numeric(10,2)", "tags", "text[]", "doc", "jsonb"));
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static boolean okOf(int id) {
        return id % 2 == 0;
    }

    private static String amountOf(int id) {
        return String.format(Locale.ROOT, "%.2f", id * 1.25);
    }

    /** Valid requests that must answer the rows the fixtures hold: the sweep below is not vacuous. */
    private static void positiveControls(RawHttps raw, SgrUser owner, String base, String hash) throws IOException {
        for (String ref : List.of(TAG, hash, "latest")) {
            JsonNode rows = rows(raw, base + ref + "/-/rest/items?select=id,name&id=in.(1,2,3)&order=id", Map.of());
            assertThat(ids(rows)).as(ref).containsExactly(1, 2, 3);
            assertThat(rows.get(1).path("name").asText()).isEqualTo(Datasets.name(owner, 2));
        }
        List<Integer> okAndMore = IntStream.rangeClosed(1, EVENTS).filter(id -> id % 5 != 0 && okOf(id) && id * 1.25 > 5)
                .boxed().sorted((a, b) -> b - a).toList();
        assertThat(ids(rows(raw, base + TAG + "/-/rest/events?select=id,ok,amount&ok=is.true&amount=gt.5&order=id.desc", Map.of())))
                .isEqualTo(okAndMore);
        assertThat(ids(rows(raw, base + TAG + "/-/rest/events?select=id&day=eq.2024-01-03", Map.of()))).containsExactly(3);
        assertThat(ids(rows(raw, base + TAG + "/-/rest/events?select=id&doc=eq.%7B%22n%22:4%7D", Map.of()))).containsExactly(4);
        assertThat(ids(rows(raw, base + TAG + "/-/rest/events?select=id&day=is.null&order=id", Map.of()))).containsExactly(5, 10);
        assertThat(ids(rows(raw, base + TAG + "/-/rest/events?select=id&or=(id.lt.2,note.like.*-event-12)&order=id", Map.of())))
                .containsExactly(1, 12);
        JsonNode one = rows(raw, base + TAG + "/-/rest/events?id=eq.4", Map.of("Accept", "application/vnd.pgrst.object+json"));
        assertThat(one.path("tags").toString()).isEqualTo("[\"t1\",\"x\"]");
        assertThat(one.path("amount").asDouble()).isEqualTo(5.0);
        assertThat(one.path("ok").asBoolean()).isTrue();

        RawHttps.Response csv = raw.get(base + TAG + "/-/rest/items?select=id,grp&id=lte.2&order=id", Map.of("Accept", "text/csv"));
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.body().trim()).isEqualTo("id,grp\n1,1\n2,2");
        RawHttps.Response api = raw.get(base + TAG + "/-/rest/", Map.of());
        assertThat(api.status()).isEqualTo(200);
        assertThat(JSON.readTree(api.body()).path("paths").has("/events")).isTrue();
        RawHttps.Response head = raw.request("HEAD", base + TAG + "/-/rest/items?id=eq.1", Map.of());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        RawHttps.Response hidden = raw.get("/" + owner.namespace() + "/hidden/" + TAG + "/-/rest/items", Map.of());
        assertThat(hidden.status()).as("the private repository is not served: %s", hidden.body()).isEqualTo(404);
        assertThat(hidden.body()).doesNotContain(Datasets.name(owner, 1));
    }

    private static JsonNode rows(RawHttps raw, String target, Map<String, String> headers) throws IOException {
        RawHttps.Response r = raw.get(target, headers);
        assertThat(r.status()).as(target + " -> " + r.body()).isIn(200, 206);
        return JSON.readTree(r.body());
    }

    private static List<Integer> ids(JsonNode rows) {
        List<Integer> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.path("id").asInt()));
        return out;
    }

    // ---- sending ------------------------------------------------------------------------------

    private static Outcome viaRaw(RawHttps raw, RestCases.Case c) {
        try {
            RawHttps.Response r = raw.request(c.method(), c.target(), c.headers(), c.body());
            return judge(c, "raw HTTP/1.1", r.status(), r.head(), r.header("Content-Type"), r.body());
        } catch (IOException e) {
            return new Outcome(c, "raw HTTP/1.1", -1, "", "", List.of("no HTTP answer: " + e.getMessage()));
        }
    }

    /** The JDK client over HTTP/2, for the cases it can send as they are (a valid URI, no restricted header); else null. */
    private static Outcome viaHttp2(HttpClient client, Stack stack, RestCases.Case c) {
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.https() + c.target()))
                    .timeout(Duration.ofSeconds(20))
                    .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            for (Map.Entry<String, String> h : c.headers()) {
                if (h.getValue() == null || h.getKey().isEmpty()) {
                    return null;
                }
                b.header(h.getKey(), h.getValue());
            }
            request = b.build();
        } catch (IllegalArgumentException e) {
            return null;
        }
        // The JDK client sends a path as it is, but resolves nothing: what it sends must still be the case.
        if (!request.uri().getRawPath().equals(URI.create(stack.https() + c.target()).getRawPath())) {
            return null;
        }
        int headSize = c.target().length() + c.headers().stream().mapToInt(h -> h.getKey().length() + h.getValue().length() + 4).sum();
        boolean oversize = headSize > HTTP2_HEAD_LIMIT || c.headers().size() > HTTP2_HEADER_LIMIT;
        // HTTP/2 has no status for a header block the server cannot hold: HAProxy ends the connection with
        // GOAWAY (COMPRESSION_ERROR), so such a case gets a client of its own (its neighbours keep theirs).
        HttpClient use = oversize ? http2Client(client) : client;
        try {
            HttpResponse<String> r = use.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String head = r.version() + " " + r.statusCode() + "\n" + r.headers().map().entrySet().stream()
                    .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).collect(Collectors.joining("\n"));
            return judge(c, "HTTP/2 (JDK client, " + r.version() + ")", r.statusCode(), head,
                    r.headers().firstValue("content-type").orElse(null), r.body());
        } catch (IOException e) {
            if (oversize && String.valueOf(e.getMessage()).contains("GOAWAY")) {
                return new Outcome(c, "HTTP/2 (JDK client)", 0, "", "", List.of(),
                        "HTTP/2 header block over HAProxy's limits: GOAWAY");
            }
            return new Outcome(c, "HTTP/2 (JDK client)", -1, "", "", List.of("no HTTP answer: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(c, "HTTP/2 (JDK client)", -1, "", "", List.of("interrupted"));
        }
    }

    private static HttpClient http2Client(Stack stack) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[]{HttpsClients.trustManager(stack.caCertificate())}, null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A new client like {@code like} (same trust), with connections of its own. */
    private static HttpClient http2Client(HttpClient like) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(like.sslContext())
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    // ---- judging ------------------------------------------------------------------------------

    /** What every answer must be; the problems found, empty when it is fine. */
    static Outcome judge(RestCases.Case c, String via, int status, String head, String contentType, String body) {
        List<String> problems = new ArrayList<>();
        boolean headRequest = c.method().equals("HEAD");
        if (status >= 500) {
            problems.add("server error " + status);
        } else if (status < 200 || (status >= 300 && status < 400)) {
            problems.add("unexpected status " + status);
        }
        if (c.mustFail() && status < 400) {
            problems.add("invalid input (" + c.category() + ") accepted with " + status);
        }
        String note = null;
        if (status == 400 && via.startsWith("raw") && body.equals(HAPROXY_PARSER_400)) {
            note = "HAProxy 2.6 parser's HTML 400";
        } else if (status >= 400 && !headRequest) {
            String why = jsonError(contentType, body);
            if (why != null) {
                problems.add("error is not PostgREST's JSON: " + why);
            }
        } else if (status >= 200 && status < 300 && !headRequest && contentType != null && contentType.contains("json")) {
            try {
                JSON.readTree(body);
            } catch (IOException e) {
                problems.add("answer says " + contentType + " but is not JSON");
            }
        }
        String text = head + "\n" + body;
        Leaks.in(text).forEach(l -> problems.add("answer " + l));
        sqlInternals(text).forEach(l -> problems.add("answer " + l));
        return new Outcome(c, via, status, head, body, problems, note);
    }

    /** Null when the body is {@code {code, message, ...}} with a JSON content type, else why not. */
    static String jsonError(String contentType, String body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return "Content-Type " + contentType;
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (IOException e) {
            return "body does not parse";
        }
        if (doc == null || !doc.isObject()) {
            return "body is no JSON object";
        }
        if (!doc.path("code").isTextual() || doc.path("code").asText().isBlank()) {
            return "no code";
        }
        if (!doc.path("message").isTextual() || doc.path("message").asText().isBlank()) {
            return "no message";
        }
        return null;
    }

    static List<String> sqlInternals(String text) {
        return SQL_INTERNALS.stream().filter(text::contains).map(m -> "shows the implementation's SQL: '" + m + "'").toList();
    }
}
