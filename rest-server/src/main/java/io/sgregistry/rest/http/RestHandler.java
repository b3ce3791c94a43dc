package io.sgregistry.rest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.rest.auth.JwtVerifier;
import io.sgregistry.rest.auth.JwtVerifier.Session;
import io.sgregistry.rest.config.ServerConfig;
import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.SqlErrors;
import io.sgregistry.rest.query.Ast;
import io.sgregistry.rest.query.CastTypes;
import io.sgregistry.rest.query.QueryParser;
import io.sgregistry.rest.query.Sql;
import io.sgregistry.rest.query.SqlBuilder;
import io.sgregistry.rest.query.SqlBuilder.ArgValue;
import io.sgregistry.rest.schema.Catalog.Column;
import io.sgregistry.rest.schema.Catalog.Function;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.Catalog.Schema;
import io.sgregistry.rest.schema.SchemaCache;
import io.sgregistry.rest.schema.Visible;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The PostgREST dialect over Jetty's core Handler API: {@code /} (OpenAPI), {@code /<relation>} and
 * {@code /rpc/<function>}. Each request is one transaction as the token's role; PostgreSQL builds
 * the JSON and the handler writes it out.
 */
public final class RestHandler extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(RestHandler.class.getName());
    static final String JSON = "application/json; charset=utf-8";
    static final String OBJECT = "application/vnd.pgrst.object+json";
    static final String CSV = "text/csv";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ServerConfig config;
    private final DataSource pool;
    private final SchemaCache cache;
    private final JwtVerifier jwt;
    private final CastTypes casts;

    public RestHandler(ServerConfig config, DataSource pool, SchemaCache cache, JwtVerifier jwt) {
        this.config = config;
        this.pool = pool;
        this.cache = cache;
        this.jwt = jwt;
        this.casts = CastTypes.on(pool);
    }

    /** The query string parsed, its casts' type names resolved by PostgreSQL (see {@link CastTypes}). */
    private Ast.Query parse(List<Map.Entry<String, String>> params, Session session) {
        Ast.Query q = QueryParser.parse(params);
        try {
            return casts.resolve(q);
        } catch (SQLException e) {
            throw SqlErrors.toApiError(e, session.authenticated());
        }
    }

    /** What the caller accepts, reduced to the formats rest-server produces. */
    enum Format { JSON, OBJECT, CSV, OPENAPI }

    private record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Answer answer;
        try {
            answer = dispatch(request);
        } catch (ApiError e) {
            answer = error(e);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug: logged with its stack trace; the caller learns nothing of the implementation.
            LOG.log(Level.WARNING, "unexpected error on " + request.getMethod() + " " + request.getHttpURI().getPath(), e);
            answer = error(new ApiError(500, "PGRST000", "internal error", null, "see the server log"));
        }
        response.setStatus(answer.status());
        answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        boolean head = "HEAD".equals(request.getMethod());
        if (answer.body() == null || head) {
            if (answer.contentType() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
            }
            response.write(true, null, callback);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
            Content.Sink.write(response, true, answer.body(), callback);
        }
        return true;
    }

    private Answer dispatch(Request request) {
        String method = request.getMethod();
        String path = request.getHttpURI().getDecodedPath();
        List<Map.Entry<String, String>> params = queryParams(request.getHttpURI().getQuery());
        boolean reading = method.equals("GET") || method.equals("HEAD");
        String schemaName = schema(request, reading);
        Session session = jwt.session(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        Prefer prefer = Prefer.parse(request.getHeaders().getValuesList("Prefer"));
        if (path.equals("/") || path.isEmpty()) {
            if (!reading) {
                throw new ApiError(405, "PGRST117", "Unsupported HTTP method: " + method, null, null);
            }
            Schema schema = existing(schemaName);
            Visible visible = inTransaction(session, true, c -> Visible.of(c, schemaName));
            return new Answer(200, "application/openapi+json; charset=utf-8", OpenApi.document(schema, visible, request), Map.of());
        }
        if (path.startsWith("/rpc/")) {
            String fn = path.substring(5);
            if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
                throw new ApiError(405, "PGRST117", "Unsupported HTTP method: " + method, null, null);
            }
            return rpc(request, method, schemaName, fn, params, session, prefer);
        }
        String name = path.substring(1);
        if (name.contains("/")) {
            throw new ApiError(404, "PGRST125", "Invalid path specified in request URL", null, null);
        }
        Relation rel = relation(schemaName, name);
        return switch (method) {
            case "GET", "HEAD" -> read(request, rel, params, session, prefer);
            case "POST" -> write(request, rel, params, session, prefer, "POST");
            case "PATCH" -> write(request, rel, params, session, prefer, "PATCH");
            case "DELETE" -> write(request, rel, params, session, prefer, "DELETE");
            case "OPTIONS" -> new Answer(200, null, null, Map.of("Allow", "OPTIONS,GET,HEAD,POST,PATCH,DELETE"));
            default -> throw new ApiError(405, "PGRST117", "Unsupported HTTP method: " + method, null, null);
        };
    }

    // ---- schemas ------------------------------------------------------------------------------

    private String schema(Request request, boolean reading) {
        String header = request.getHeaders().get(reading ? "Accept-Profile" : "Content-Profile");
        if (header == null || header.isBlank()) {
            if (config.schemas().isEmpty()) {
                throw new ApiError(406, "PGRST106", "No schema given: this server needs the "
                        + (reading ? "Accept-Profile" : "Content-Profile") + " header", null, null);
            }
            return config.schemas().get(0);
        }
        String s = header.trim();
        boolean listed = config.schemas().contains(s);
        boolean matched = config.schemaPattern() != null && config.schemaPattern().matcher(s).matches();
        if (!listed && !matched) {
            throw new ApiError(406, "PGRST106", "The schema must be one of the following: "
                    + String.join(", ", config.schemas())
                    + (config.schemaPattern() == null ? "" : " or match " + config.schemaPattern().pattern()),
                    null, null);
        }
        return s;
    }

    private Schema existing(String name) {
        Schema schema = cache.get(name);
        if (!schema.exists() && !config.schemas().contains(name)) {
            throw new ApiError(406, "PGRST106", "The schema " + name + " does not exist", null, null);
        }
        return schema;
    }

    private Relation relation(String schemaName, String name) {
        Relation rel = existing(schemaName).relations().get(name);
        if (rel == null) {
            throw new ApiError(404, "PGRST205", "Could not find the table '" + schemaName + "." + name
                    + "' in the schema cache", null, null);
        }
        return rel;
    }

    // ---- read ---------------------------------------------------------------------------------

    private Answer read(Request request, Relation rel, List<Map.Entry<String, String>> params, Session session,
                        Prefer prefer) {
        Format format = format(request, false);
        Ast.Query q = parse(params, session);
        RangeHeader range = RangeHeader.parse(request.getHeaders().get("Range"));
        long offset = q.offset() == null ? 0 : q.offset();
        Long limit = q.limit();
        if (range != null) {
            offset = q.offset() == null ? range.from() : q.offset() + range.from();
            if (range.to() != null) {
                long size = range.to() - range.from() + 1;
                limit = limit == null ? size : Math.min(limit, size);
            }
        }
        limit = config.cappedLimit(limit);
        if (format == Format.CSV) {
            return csv(rel, q, limit, offset, session);
        }
        Sql sql = SqlBuilder.read(rel, q, limit, offset, prefer.countExact());
        Result r = run(sql, session, true);
        Map<String, String> headers = new LinkedHashMap<>();
        if (r.total() != null && offset > 0 && offset >= r.total() && !(offset == 0 && r.total() == 0)) {
            throw new ApiError(416, "PGRST103", "Requested range not satisfiable",
                    "An offset of " + offset + " was requested, but there are only " + r.total() + " rows.", null,
                    Map.of("Content-Range", "*/" + r.total()));
        }
        headers.put("Content-Range", RangeHeader.contentRange(offset, r.page(), r.total()));
        if (prefer.countExact()) {
            headers.put("Preference-Applied", "count=exact");
        }
        int status = r.total() != null && (offset > 0 || r.page() < r.total()) ? 206 : 200;
        if (format == Format.OBJECT) {
            return new Answer(200, OBJECT + "; charset=utf-8", singular(r), headers);
        }
        return new Answer(status, JSON, r.body(), headers);
    }

    private Answer csv(Relation rel, Ast.Query q, Long limit, long offset, Session session) {
        Sql sql = SqlBuilder.csv(rel, q, limit, offset);
        StringBuilder out = new StringBuilder();
        inTransaction(session, true, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.text())) {
                sql.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out.append(i > 1 ? "," : "").append(CsvFormat.field(md.getColumnLabel(i)));
                    }
                    out.append('\n');
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String v = rs.getString(i);
                            out.append(i > 1 ? "," : "").append(v == null ? "" : CsvFormat.field(v));
                        }
                        out.append('\n');
                    }
                }
            }
            return null;
        });
        return new Answer(200, "text/csv; charset=utf-8", out.toString(), Map.of());
    }

    // ---- write --------------------------------------------------------------------------------

    private Answer write(Request request, Relation rel, List<Map.Entry<String, String>> params, Session session,
                         Prefer prefer, String method) {
        Format format = format(request, false);
        if (format == Format.CSV) {
            throw new ApiError(406, "PGRST107", "None of these media types are available: text/csv", null, null);
        }
        Ast.Query q = parse(params, session);
        Sql sql;
        if (method.equals("DELETE")) {
            sql = SqlBuilder.delete(rel, q);
        } else {
            String body = body(request);
            JsonNode json = parseJson(body);
            List<String> keys = keys(json, method.equals("POST"));
            if (method.equals("POST")) {
                SqlBuilder.Upsert upsert = prefer.resolution() == null ? SqlBuilder.Upsert.NONE
                        : prefer.resolution().equals("merge-duplicates") ? SqlBuilder.Upsert.MERGE : SqlBuilder.Upsert.IGNORE;
                sql = SqlBuilder.insert(rel, q, body, keys, upsert);
            } else {
                if (!json.isObject()) {
                    throw new ApiError(400, "PGRST102", "Empty or invalid json", "PATCH expects one JSON object", null);
                }
                sql = SqlBuilder.update(rel, q, body, keys);
            }
        }
        boolean singular = format == Format.OBJECT;
        Result r = run(sql, session, false, singular);
        Map<String, String> headers = new LinkedHashMap<>();
        String applied = prefer.applied();
        if (applied != null) {
            headers.put("Preference-Applied", applied);
        }
        headers.put("Content-Range", r.page() == 0 ? "*/*" : "0-" + (r.page() - 1) + "/*");
        int status = method.equals("POST") ? 201 : (prefer.representation() ? 200 : 204);
        if (!prefer.representation()) {
            return new Answer(status, null, null, headers);
        }
        if (singular) {
            return new Answer(status, OBJECT + "; charset=utf-8", r.single(), headers);
        }
        return new Answer(status, JSON, r.body(), headers);
    }

    private static List<String> keys(JsonNode json, boolean arrayAllowed) {
        Set<String> keys = new LinkedHashSet<>();
        if (json.isObject()) {
            json.fieldNames().forEachRemaining(keys::add);
        } else if (json.isArray() && arrayAllowed) {
            for (JsonNode item : json) {
                if (!item.isObject()) {
                    throw new ApiError(400, "PGRST102", "Empty or invalid json", "every array item must be an object", null);
                }
                item.fieldNames().forEachRemaining(keys::add);
            }
        } else {
            throw new ApiError(400, "PGRST102", "Empty or invalid json", "expected a JSON object"
                    + (arrayAllowed ? " or an array of objects" : ""), null);
        }
        return List.copyOf(keys);
    }

    // ---- rpc ----------------------------------------------------------------------------------

    private Answer rpc(Request request, String method, String schemaName, String fnName,
                       List<Map.Entry<String, String>> params, Session session, Prefer prefer) {
        Schema schema = existing(schemaName);
        List<Function> candidates = schema.functions().getOrDefault(fnName, List.of());
        Map<String, ArgValue> args = new LinkedHashMap<>();
        List<Map.Entry<String, String>> rest = new ArrayList<>();
        Set<String> paramNames = new LinkedHashSet<>();
        candidates.forEach(f -> f.params().forEach(p -> paramNames.add(p.name())));
        if (method.equals("POST")) {
            String body = body(request);
            JsonNode json = body.isBlank() ? MAPPER.createObjectNode() : parseJson(body);
            if (!json.isObject()) {
                throw new ApiError(400, "PGRST102", "Empty or invalid json", "RPC arguments must be a JSON object", null);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                args.put(e.getKey(), v.isNull() ? new ArgValue(null, false)
                        : new ArgValue(v.isValueNode() ? v.asText() : v.toString(), v.isArray()));
            }
            rest.addAll(params);
        } else {
            for (Map.Entry<String, String> p : params) {
                if (paramNames.contains(p.getKey()) && !QueryParser.RESERVED.contains(p.getKey())) {
                    args.put(p.getKey(), new ArgValue(p.getValue(), false));
                } else {
                    rest.add(p);
                }
            }
        }
        Function f = candidates.stream()
                .filter(c -> c.params().stream().allMatch(p -> p.hasDefault() || args.containsKey(p.name())))
                .filter(c -> args.keySet().stream().allMatch(k -> c.params().stream().anyMatch(p -> p.name().equals(k))))
                .findFirst()
                .orElseThrow(() -> new ApiError(404, "PGRST202", "Could not find the function " + schemaName + "."
                        + fnName + "(" + String.join(", ", args.keySet()) + ") in the schema cache", null,
                        candidates.isEmpty() ? null : "the function exists with other arguments"));
        Ast.Query q = parse(rest, session);
        if (f.returnsSet()) {
            q = new Ast.Query(q.select(), q.where(), q.order(), config.cappedLimit(q.limit()), q.offset(),
                    q.onConflict(), q.columns());
        }
        Map<String, Column> resultColumns = new LinkedHashMap<>();
        f.resultColumns().forEach(n -> resultColumns.put(n, new Column(n, "unknown", true, false)));
        Sql sql = SqlBuilder.call(f, args, q, resultColumns);
        Format format = format(request, false);
        if (format == Format.CSV) {
            throw new ApiError(406, "PGRST107", "None of these media types are available: text/csv", null, null);
        }
        // GET runs read-only, as in PostgREST: a volatile function then fails with 25006 (405).
        Result r = run(sql, session, !method.equals("POST"), format == Format.OBJECT);
        Map<String, String> headers = new LinkedHashMap<>();
        if (f.returnsSet()) {
            headers.put("Content-Range", RangeHeader.contentRange(q.offset() == null ? 0 : q.offset(), r.page(), null));
        }
        if (format == Format.OBJECT) {
            return new Answer(200, OBJECT + "; charset=utf-8", r.single(), headers);
        }
        return new Answer(200, JSON, r.body() == null ? "null" : r.body(), headers);
    }

    // ---- running SQL --------------------------------------------------------------------------

    private record Result(Long total, long page, String body, String single) {
    }

    private Result run(Sql sql, Session session, boolean readOnly) {
        return run(sql, session, readOnly, false);
    }

    /** Runs one statement of the {@code total, page, body, single} shape; singular checks before commit. */
    private Result run(Sql sql, Session session, boolean readOnly, boolean singular) {
        return inTransaction(session, readOnly, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.text())) {
                sql.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long total = rs.getLong(1);
                    Long t = rs.wasNull() ? null : total;
                    Result r = new Result(t, rs.getLong(2), rs.getString(3), rs.getString(4));
                    if (singular && r.page() != 1) {
                        throw new ApiError(406, "PGRST116", "JSON object requested, multiple (or no) rows returned",
                                "The result contains " + r.page() + " rows", null);
                    }
                    return r;
                }
            }
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Session session, boolean readOnly, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(readOnly
                        ? "SET TRANSACTION READ ONLY" : "SET TRANSACTION READ WRITE")) {
                    ps.execute();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('role', ?, true), "
                        + "set_config('request.jwt.claims', ?, true), set_config('statement_timeout', ?, true)")) {
                    ps.setString(1, session.role());
                    ps.setString(2, session.claimsJson());
                    ps.setString(3, Long.toString(config.statementTimeout().toMillis()));
                    ps.execute();
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.toApiError(e, session.authenticated());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String singular(Result r) {
        if (r.page() != 1) {
            throw new ApiError(406, "PGRST116", "JSON object requested, multiple (or no) rows returned",
                    "The result contains " + r.page() + " rows", null);
        }
        return r.single();
    }

    private static Format format(Request request, boolean root) {
        return format(request.getHeaders().get(HttpHeader.ACCEPT), root);
    }

    /** The format an {@code Accept} header asks for (its first media type that rest-server produces), else a 406. */
    static Format format(String accept, boolean root) {
        if (accept == null || accept.isBlank()) {
            return Format.JSON;
        }
        for (String part : accept.split(",")) {
            int semicolon = part.indexOf(';');
            String type = (semicolon < 0 ? part : part.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
            switch (type) {
                case "application/json", "*/*", "application/*" -> {
                    return Format.JSON;
                }
                case OBJECT -> {
                    return Format.OBJECT;
                }
                case "text/csv" -> {
                    return Format.CSV;
                }
                case "application/openapi+json" -> {
                    if (root) {
                        return Format.OPENAPI;
                    }
                }
                default -> {
                }
            }
        }
        throw new ApiError(406, "PGRST107", "None of these media types are available: " + accept, null, null);
    }

    private String body(Request request) {
        long declared = request.getLength();
        if (declared > config.maxBodyBytes()) {
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] data = in.readNBytes(config.maxBodyBytes() + 1);
            if (data.length > config.maxBodyBytes()) {
                throw tooLarge();
            }
            return new String(data, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ApiError(400, "PGRST102", "Cannot read the request body: " + e.getMessage(), null, null);
        }
    }

    private ApiError tooLarge() {
        return new ApiError(413, "PGRST413", "Request body too large", "the limit is " + config.maxBodyBytes()
                + " bytes", "send fewer rows per request");
    }

    private static JsonNode parseJson(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiError(400, "PGRST102", "Empty or invalid json", "the body is empty", null);
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiError(400, "PGRST102", "Empty or invalid json", e.getOriginalMessage(), null);
        }
    }

    static List<Map.Entry<String, String>> queryParams(String raw) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.add(new AbstractMap.SimpleImmutableEntry<>(URLDecoder.decode(k, StandardCharsets.UTF_8),
                        URLDecoder.decode(v, StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                throw ApiError.parse("\"failed to parse query string\"", "bad percent-encoding in '" + pair + "'");
            }
        }
        return out;
    }

    private static Answer error(ApiError e) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("code", e.code());
        body.put("details", e.details());
        body.put("hint", e.hint());
        body.put("message", e.getMessage());
        return new Answer(e.status(), JSON, body.toString(), e.headers());
    }
}
