package io.sgregistry.mounter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.mounter.auth.Caller;
import io.sgregistry.mounter.mount.Mount;
import io.sgregistry.mounter.mount.MountException;
import io.sgregistry.mounter.mount.MountRequest;
import io.sgregistry.mounter.mount.MountService;
import io.sgregistry.service.auth.TokenVerifier;
import io.sgregistry.service.http.ErrorBody;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /mount {namespace, repository, tag_or_hash}} -> {@code {schema, image_hash}}; errors in
 * PostgREST's shape {@code {code, message, details, hint}}, which the gateway relays. The caller's
 * {@code Authorization} (passed on by the gateway) decides private repositories. {@code GET /healthz}
 * answers when rest-engine does.
 */
public final class MountHandler extends Handler.Abstract {
    private static final Logger LOG = Logger.getLogger(MountHandler.class.getName());
    private static final int MAX_BODY = 4096;

    private final MountService mounts;
    private final TokenVerifier tokens;
    private final DataSource restPool;
    private final ObjectMapper json = new ObjectMapper();

    public MountHandler(MountService mounts, TokenVerifier tokens, DataSource restPool) {
        this.mounts = mounts;
        this.tokens = tokens;
        this.restPool = restPool;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // Mounting blocks (pull, COPY); Jetty's thread pool is sized for it.
        String path = request.getHttpURI().getPath();
        if ("/healthz".equals(path)) {
            boolean ok = ready();
            response.setStatus(ok ? 200 : 503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            Content.Sink.write(response, true, ok ? "ok\n" : "rest-engine not reachable\n", callback);
            return true;
        }
        if (!"/mount".equals(path)) {
            return error(response, callback, new MountException(404, "NOT_FOUND", "no resource " + path, "POST /mount"));
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return error(response, callback, new MountException(405, "METHOD_NOT_ALLOWED", "only POST /mount", null));
        }
        MountRequest mr;
        Caller caller;
        try {
            mr = parse(request);
            // The gateway passes the client's Authorization header on.
            caller = Caller.of(tokens, request.getHeaders().get(HttpHeader.AUTHORIZATION));
        } catch (MountException e) {
            return error(response, callback, e);
        }
        try {
            Mount m = mounts.mount(mr, caller);
            ObjectNode body = json.createObjectNode().put("schema", m.schema()).put("image_hash", m.imageHash());
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, body.toString(), callback);
        } catch (MountException e) {
            return error(response, callback, e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "mount of " + mr.repositoryName() + ":" + mr.tagOrHash() + " failed", e);
            return error(response, callback, new MountException(503, "MOUNT_FAILED", "mounting failed", "see the mounter's logs"));
        }
        return true;
    }

    private MountRequest parse(Request request) {
        JsonNode doc;
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw MountException.badRequest("the request body is larger than " + MAX_BODY + " bytes", null);
            }
            doc = json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw MountException.badRequest("the request body is not JSON", "send {\"namespace\", \"repository\", \"tag_or_hash\"}");
        }
        if (doc == null || !doc.isObject()) {
            throw MountException.badRequest("the request body must be a JSON object", "send {\"namespace\", \"repository\", \"tag_or_hash\"}");
        }
        return new MountRequest(text(doc, "namespace"), text(doc, "repository"), text(doc, "tag_or_hash"));
    }

    private static String text(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private boolean error(Response response, Callback callback, MountException e) {
        ErrorBody.write(response, callback, e.status(), e.code(), e.getMessage(), null, e.hint(), java.util.Map.of());
        return true;
    }

    private boolean ready() {
        try (Connection c = restPool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
