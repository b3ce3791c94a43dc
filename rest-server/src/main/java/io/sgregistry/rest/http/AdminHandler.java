package io.sgregistry.rest.http;

import io.sgregistry.service.metrics.ServiceMetrics;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.sql.DataSource;
import java.util.function.Supplier;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The admin port, as PostgREST's admin server: {@code /live} (process), {@code /ready} (database), and
 * {@code /metrics} (Prometheus' text format). Internal: neither HAProxy nor the gateway routes here.
 */
public final class AdminHandler extends Handler.Abstract {
    private final DataSource pool;
    private final Supplier<String> metrics;

    public AdminHandler(DataSource pool, Supplier<String> metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (path.equals("/metrics")) {
            response.getHeaders().put("Content-Type", ServiceMetrics.CONTENT_TYPE);
            Content.Sink.write(response, true, metrics.get(), callback);
            return true;
        }
        int status;
        if (path.equals("/live")) {
            status = 200;
        } else if (path.equals("/ready")) {
            status = ready() ? 200 : 503;
        } else {
            status = 404;
        }
        response.setStatus(status);
        Content.Sink.write(response, true, status == 200 ? "ok\n" : "not ready\n", callback);
        return true;
    }

    private boolean ready() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
