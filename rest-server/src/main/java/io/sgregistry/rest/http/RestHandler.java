package io.sgregistry.rest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.service.auth.TokenRejected;
import io.sgregistry.service.auth.TokenVerifier;
import io.sgregistry.service.auth.VerifiedToken;
import io.sgregistry.rest.config.ServerConfig;
import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.ErrorCode;
import io.sgregistry.rest.plan.Plan;
import io.sgregistry.rest.plan.Planner;
import io.sgregistry.rest.query.CastTypes;
import io.sgregistry.rest.query.QueryResult;
import io.sgregistry.rest.query.QueryRunner;
import io.sgregistry.rest.request.Action;
import io.sgregistry.rest.request.ApiRequest;
import io.sgregistry.rest.request.Prefer;
import io.sgregistry.rest.request.Profiles;
import io.sgregistry.rest.request.QueryString;
import io.sgregistry.rest.request.RangeHeader;
import io.sgregistry.rest.request.RequestBody;
import io.sgregistry.rest.request.Target;
import io.sgregistry.rest.response.Answer;
import io.sgregistry.rest.response.Cors;
import io.sgregistry.rest.response.Responses;
import io.sgregistry.rest.response.StreamedRows;
import io.sgregistry.rest.schema.SchemaCache;
import io.sgregistry.rest.schema.Visible;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.sql.DataSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The PostgREST dialect over Jetty's core Handler API, in PostgREST's stages: the request
 * ({@link ApiRequest}: path, method, profile, Prefer, Range, body), the plan ({@link Planner}: read,
 * mutate, call), the query ({@link QueryRunner}: one transaction as the token's role) and the
 * response ({@link Responses}). This class only adapts Jetty to them.
 */
public final class RestHandler extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(RestHandler.class.getName());
    static final String JSON = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ServerConfig config;
    private final TokenVerifier jwt;
    private final Planner planner;
    private final QueryRunner runner;
    private final SchemaCache cache;
    private final Cors cors;

    public RestHandler(ServerConfig config, DataSource pool, SchemaCache cache, TokenVerifier jwt) {
        this.config = config;
        this.cors = new Cors(config.corsAllowedOrigins());
        this.jwt = jwt;
        this.cache = cache;
        this.planner = new Planner(config, cache, CastTypes.on(pool));
        this.runner = new QueryRunner(pool, config.statementTimeout(), config.preRequest());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        Answer answer = Cors.preflight(request.getMethod(), origin, request.getHeaders().get("Access-Control-Request-Method"))
                ? cors.preflightAnswer(origin, request.getHeaders().get("Access-Control-Request-Headers")) : null;
        if (answer == null) {
            answer = answer(request, response, callback);
            if (answer == null) {
                // Streamed: answered, or failed, already.
                return true;
            }
            answer = cors.actual(origin, answer);
        }
        writeHead(response, answer);
        if (answer.body() == null || "HEAD".equals(request.getMethod())) {
            response.write(true, null, callback);
        } else {
            response.write(true, java.nio.ByteBuffer.wrap(answer.body()), callback);
        }
        return true;
    }

    /** The status, headers and content type of an answer, whole or streamed. */
    private static void writeHead(Response response, Answer answer) {
        response.setStatus(answer.status());
        answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        if (answer.contentType() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        }
    }

    /** The answer to write, or null when the request was answered by streaming. */
    private Answer answer(Request request, Response response, Callback callback) {
        try {
            return dispatch(request, response, callback);
        } catch (ApiError e) {
            return Responses.error(e);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug: logged with its stack trace; the caller learns nothing of the implementation.
            LOG.log(Level.WARNING, "unexpected error on " + request.getMethod() + " " + request.getHttpURI().getPath(), e);
            return Responses.error(ErrorCode.INTERNAL.error(null, "see the server log"));
        }
    }

    private Answer dispatch(Request jetty, Response response, Callback callback) {
        ApiRequest req = request(jetty);
        try {
            return dispatch(jetty, req, response, callback);
        } catch (ApiError e) {
            // data-api's mounts are internal schemas (img_...): an answer never names them.
            throw Profiles.internal(config, req.schema()) ? e.hiding(req.schema(), "the dataset") : e;
        }
    }

    private Answer dispatch(Request jetty, ApiRequest req, Response response, Callback callback) {
        VerifiedToken session = session(jetty.getHeaders().get(HttpHeader.AUTHORIZATION));
        Plan plan = planner.plan(req, session);
        boolean rollback = config.rollsBack(req.prefer().tx());
        boolean txApplied = config.txOverridable() && req.prefer().tx() != null;
        QueryRunner.Context ctx = new QueryRunner.Context(session, req.action().reads(), rollback, req.schema(), req.method(),
                jetty.getHttpURI().getDecodedPath(), json(req.headers()), json(req.cookies()), req.prefer().timezone());
        if (plan instanceof Plan.Info info) {
            Visible visible = runner.inTransaction(ctx, c -> Visible.of(c, req.schema()));
            return Responses.profiled(Responses.info(OpenApi.document(info.schema(), visible, jetty)), req.contentProfile());
        }
        if (plan instanceof Plan.Options o) {
            return Responses.options(o.allow());
        }
        if (plan instanceof Plan.Read read && read.media().explain() != null) {
            return Responses.profiled(Responses.plan(read.media(), runner.explain(read.sql(), ctx)), req.contentProfile());
        }
        if (plan instanceof Plan.Mutate m && m.media().explain() != null) {
            return Responses.profiled(Responses.plan(m.media(), runner.explain(m.sql(), ctx)), req.contentProfile());
        }
        if (plan instanceof Plan.Read read && read.streamed()) {
            stream(jetty, response, callback, read, ctx, req, txApplied);
            return null;
        }
        if (plan instanceof Plan.Read read) {
            QueryResult r = runner.run(read.sql(), read.counting(), ctx, res -> Responses.checkSingular(read.media(), res));
            return Responses.profiled(Responses.read(read, r, req.prefer(), txApplied), req.contentProfile());
        }
        if (plan instanceof Plan.Mutate m) {
            QueryResult r = runner.run(m.sql(), ctx, res -> {
                Responses.checkSingular(m.media(), res);
                if (m.action() == Action.UPDATE || m.action() == Action.DELETE) {
                    Responses.checkMaxAffected(req.prefer(), res);
                }
            });
            return Responses.profiled(Responses.mutate(m, r, req.prefer(), txApplied), req.contentProfile());
        }
        Plan.Call call = (Plan.Call) plan;
        if (req.prefer().strictMaxAffected() != null && !call.function().returnsSet()) {
            throw ErrorCode.MAX_AFFECTED_RPC.error(null, null);
        }
        QueryRunner.Context callCtx = new QueryRunner.Context(session, call.readOnly(), rollback, req.schema(), req.method(),
                ctx.path(), ctx.headersJson(), ctx.cookiesJson(), ctx.timezone());
        if (call.media().explain() != null) {
            return Responses.profiled(Responses.plan(call.media(), runner.explain(call.sql(), callCtx)), req.contentProfile());
        }
        QueryResult r = runner.run(call.sql(), callCtx, res -> {
            if (call.function().returnsSet() || call.function().composite()) {
                Responses.checkSingular(call.media(), res);
            }
            Responses.checkMaxAffected(req.prefer(), res);
        });
        return Responses.profiled(Responses.call(call, r, req.prefer(), txApplied), req.contentProfile());
    }

    /**
     * A streamed read: the status and headers go out with the first rows, once the database has counted
     * them (so an error of the query is still an error answer); an error after that can only cut the
     * response short, which the client sees as a broken transfer, never as a complete answer.
     */
    private void stream(Request jetty, Response response, Callback callback, Plan.Read read, QueryRunner.Context ctx,
                        ApiRequest req, boolean txApplied) {
        String origin = jetty.getHeaders().get(HttpHeader.ORIGIN);
        boolean head = "HEAD".equals(jetty.getMethod());
        StreamedRows rows = new StreamedRows(read.media().builtin(), r -> {
            Answer a = cors.actual(origin, Responses.profiled(Responses.read(read, r, req.prefer(), txApplied), req.contentProfile()));
            writeHead(response, a);
            OutputStream body = head ? OutputStream.nullOutputStream() : Content.Sink.asOutputStream(response);
            return new BufferedOutputStream(body, STREAM_BUFFER_BYTES);
        });
        try {
            runner.stream(read.sql(), ctx, rows);
        } catch (RuntimeException e) {
            // An ApiError too: before the head it is answered as any error.
            if (!rows.started()) {
                throw e;
            }
            LOG.log(Level.FINE, "streamed answer cut short on " + jetty.getHttpURI().getPath(), e);
            callback.failed(e);
            return;
        }
        if (head) {
            response.write(true, null, callback);
        } else {
            callback.succeeded();
        }
    }

    /** Bytes of a streamed answer written to the connection at a time. */
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;

    /** The request's role and claims from its bearer token (service-runtime's {@link TokenVerifier} policy). */
    private VerifiedToken session(String authorization) {
        try {
            return jwt.verify(authorization);
        } catch (TokenRejected e) {
            ErrorCode code = switch (e.code()) {
                case TokenRejected.NO_KEY -> ErrorCode.JWT_SECRET;
                case TokenRejected.CLAIMS -> ErrorCode.JWT_CLAIMS;
                default -> ErrorCode.JWT_INVALID;
            };
            if (code == ErrorCode.JWT_SECRET) {
                throw code.error(null, null);
            }
            throw code.withMessage(e.getMessage(), null, null).withHeaders(java.util.Map.of("WWW-Authenticate", e.wwwAuthenticate()));
        }
    }

    /** The request stage: everything PostgREST reads from the HTTP request, the body on demand. */
    private ApiRequest request(Request jetty) {
        String method = jetty.getMethod();
        Target target = Target.of(jetty.getHttpURI().getDecodedPath());
        Action action = Action.of(method, target);
        String profile = jetty.getHeaders().get(action.reads() ? "Accept-Profile" : "Content-Profile");
        Profiles.Chosen schema = Profiles.choose(config, profile, action.reads());
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField f : jetty.getHeaders()) {
            String name = f.getName().toLowerCase(Locale.ROOT);
            // Repeated headers are joined as HTTP allows; the token is never exposed twice (it is in the claims).
            headers.merge(name, f.getValue(), (a, b) -> a + ", " + b);
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        List<HttpCookie> parsed = Request.getCookies(jetty);
        if (parsed != null) {
            parsed.forEach(c -> cookies.put(c.getName(), c.getValue()));
        }
        RequestBody body = new RequestBody(() -> body(jetty));
        return new ApiRequest(method, target, action, schema.schema(), schema.negotiated(), QueryString.params(jetty.getHttpURI().getQuery()),
                Prefer.parse(jetty.getHeaders().getValuesList("Prefer")),
                RangeHeader.parse(jetty.getHeaders().get("Range")), jetty.getHeaders().get(HttpHeader.ACCEPT),
                jetty.getHeaders().get(HttpHeader.CONTENT_TYPE), body, Map.copyOf(headers), Map.copyOf(cookies));
    }

    private static String json(Map<String, String> map) {
        ObjectNode o = MAPPER.createObjectNode();
        map.forEach(o::put);
        return o.toString();
    }

    private byte[] body(Request request) {
        long declared = request.getLength();
        if (declared > config.maxBodyBytes()) {
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] data = in.readNBytes(config.maxBodyBytes() + 1);
            if (data.length > config.maxBodyBytes()) {
                throw tooLarge();
            }
            return data;
        } catch (IOException e) {
            throw ErrorCode.INVALID_BODY.withMessage("Cannot read the request body: " + e.getMessage(), null, null);
        }
    }

    private ApiError tooLarge() {
        return ErrorCode.BODY_TOO_LARGE.error("the limit is " + config.maxBodyBytes() + " bytes", "send fewer rows per request");
    }

    /** The cache this handler plans with (for tests and the admin port). */
    SchemaCache cache() {
        return cache;
    }
}
