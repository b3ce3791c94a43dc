package io.sgregistry.rest.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Health on the admin port, as PostgREST's admin server: {@code /live} (process) and {@code /ready} (database). */
public final class AdminHandler extends Handler.Abstract {
    private final DataSource pool;

    public AdminHandler(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
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
