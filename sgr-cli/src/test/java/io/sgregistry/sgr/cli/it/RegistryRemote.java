package io.sgregistry.sgr.cli.it;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new registry user as the remote "registry" of the client engine's sgr: push, clone into other
 * databases of the client engine, publish, and read images through the REST API. Rows are compared
 * as texts (the multiset, sorted) and as JSON (REST against {@code json_agg} on an engine).
 */
final class RegistryRemote {
    /** The alias of a whole row in queries: a name no test table has as a column (a column x would shadow "x"). */
    static final String ROW = "sg_row";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final Stack stack;
    private final ClientEngine engine;
    private final TestUser user;
    private final Map<String, String> env;
    private final OkHttpClient http;

    RegistryRemote(Stack stack, ClientEngine engine, Path dir, String prefix) throws Exception {
        this.stack = stack;
        this.engine = engine;
        this.user = new RegistryUsers(stack).create(prefix);
        List<String> lines = new ArrayList<>(Files.readAllLines(engine.configFile()));
        lines.addAll(List.of("[remote: registry]", "SG_ENGINE_HOST = " + stack.host(), "SG_ENGINE_PORT = " + stack.config().port("postgres"),
                "SG_ENGINE_USER = " + user.apiKey(), "SG_ENGINE_PWD = " + user.apiSecret(), "SG_ENGINE_DB_NAME = splitgraph",
                "SG_IS_REGISTRY = true"));
        this.env = Map.of("SG_CONFIG_FILE", Files.write(dir.resolve(prefix + ".sgconfig"), lines).toString());
        // The first request on an image mounts it: seconds, more on a loaded machine.
        this.http = HttpsClients.trusting(stack.caCertificate()).newBuilder()
                .readTimeout(Duration.ofSeconds(120)).callTimeout(Duration.ofSeconds(150)).build();
    }

    String namespace() {
        return user.namespace();
    }

    /** A database of the client engine named for this user and {@code suffix} (sgr init creates it). */
    String database(String suffix) {
        return "sg" + suffix + "_" + user.namespace().toLowerCase(Locale.ROOT);
    }

    /** sgr with this remote configured; requires success and returns stdout. */
    String sgr(String... args) {
        ClientEngine.Run r = engine.sgrWith(env, args);
        assertThat(r.code()).as("sgr %s: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    ClientEngine.Run run(String... args) {
        return engine.sgrWith(env, args);
    }

    void push(String localRepo, String remoteRepo) {
        sgr("push", "-r", "registry", localRepo, remoteRepo);
    }

    /** Inits {@code database} on the client engine and clones {@code remoteRepo} there (metadata only, or every object). */
    void cloneInto(String database, String remoteRepo, boolean downloadAll) {
        sgr("--engine-db", database, "init");
        if (downloadAll) {
            sgr("--engine-db", database, "clone", "--download-all", "-r", "registry", remoteRepo);
        } else {
            sgr("--engine-db", database, "clone", "-r", "registry", remoteRepo);
        }
    }

    /** Makes the repository public, so that the REST API answers anonymous requests for every image. */
    void publish(String repository) throws SQLException {
        String url = "jdbc:postgresql://" + stack.host() + ":" + stack.config().port("postgres") + "/splitgraph?connectTimeout=10&socketTimeout=60";
        try (Connection c = DriverManager.getConnection(url, user.apiKey(), user.apiSecret());
             PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"set_repository_public\"(?, ?, true)")) {
            q.setString(1, user.namespace());
            q.setString(2, repository);
            q.execute();
        }
    }

    /** The REST API's rows of {@code table} at {@code image} of this user's {@code repository}, as sorted JSON texts. */
    List<String> restRows(String repository, String image, String table, String filters) throws Exception {
        HttpUrl.Builder ub = HttpUrl.get(stack.https().toString()).newBuilder().addPathSegment(user.namespace()).addPathSegment(repository)
                .addPathSegment(image).addPathSegment("-").addPathSegment("rest").addPathSegment(table);
        for (String f : filters.isEmpty() ? new String[0] : filters.split("&")) {
            ub.addQueryParameter(f.substring(0, f.indexOf('=')), f.substring(f.indexOf('=') + 1));
        }
        HttpUrl u = ub.build();
        try (Response res = http.newCall(new Request.Builder().url(u).build()).execute()) {
            String body = res.body() == null ? "" : res.body().string();
            assertThat(res.code()).as("GET %s: %s", u, body).isEqualTo(200);
            return sortedRows(body);
        }
    }

    /** What the engine's {@code json_agg} makes of the rows of {@code table} in {@code database}: sorted JSON texts. */
    List<String> jsonRows(String database, String schema, String table, String where) throws Exception {
        try (Connection c = engine.endpoint().withDatabase(database).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(json_agg(" + ROW + "), '[]')::text FROM \"" + schema + "\".\"" + table + "\" AS " + ROW + " WHERE " + where)) {
            rs.next();
            return sortedRows(rs.getString(1));
        }
    }

    static List<String> sortedRows(String jsonArray) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode row : JSON.readTree(jsonArray)) {
            out.add(JSON.writeValueAsString(row));
        }
        out.sort(null);
        return out;
    }

    /** Every row of {@code schema.table} in {@code database} as its text, sorted (a multiset). */
    static List<String> rowTexts(ClientEngine engine, String database, String schema, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = engine.endpoint().withDatabase(database).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + ROW + "::text FROM \"" + schema + "\".\"" + table + "\" AS " + ROW + " ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Whether every table of {@code image} is mounted in place (layered) by the REST engine. */
    boolean mountedInPlace(String image) throws SQLException {
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT bool_and(\"layered\") FROM \"mounter\".\"mounts\" WHERE \"image_hash\" = ?")) {
            q.setString(1, image);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
