package io.sgregistry.rest.http;

import io.sgregistry.service.http.ErrorBody;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The errors Jetty answers itself (a request it cannot parse, an ambiguous URI, an exception that
 * escaped the handler) in PostgREST's JSON shape {@code {code, message, details, hint}}, like every
 * other error of rest-server. Jetty's default is an HTML page that names the exception's class.
 * Never a stack trace or a class name: a cause is logged, not answered.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final Logger LOG = Logger.getLogger(JsonErrorHandler.class.getName());
    /** Jetty's reason for a refused request is shown; one that names Java (an exception's text) is not. */
    private static final Pattern JAVA = Pattern.compile("(?i)exception|error|java\\.|\\bat [a-z]|\\$|\\w\\.\\w+\\.");

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        if (status < 400) {
            status = 500;
        }
        // A refused request (4xx) is the caller's mistake, not worth a stack trace in the log.
        if (status >= 500 && request.getAttribute(ERROR_EXCEPTION) instanceof Throwable t) {
            LOG.log(Level.WARNING, "error " + status + " on " + request.getMethod() + " " + request.getHttpURI().getPath(), t);
        }
        String message = request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : null;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, RestHandler.JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            response.write(true, null, callback);
        } else {
            Content.Sink.write(response, true, body(status, message), callback);
        }
        return true;
    }

    /** An HTTP/1 request Jetty could not parse (no request exists yet): the same JSON. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, RestHandler.JSON);
        return BufferUtil.toBuffer(body(status, reason), StandardCharsets.UTF_8);
    }

    /**
     * {@code {code, details, hint, message}}: the code from the status's reason phrase (PGRSTX00 for a
     * server error), Jetty's reason as details only for a refused request and only when it names no Java.
     */
    static String body(int status, String reason) {
        String phrase = HttpStatus.getMessage(status);
        boolean showReason = status < 500 && reason != null && !reason.isBlank() && reason.length() <= 200
                && !reason.equals(phrase) && !JAVA.matcher(reason).find();
        return ErrorBody.json(status >= 500 ? io.sgregistry.rest.error.ErrorCode.INTERNAL.code()
                        : phrase.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_"),
                status >= 500 ? "internal error" : phrase, showReason ? reason : null, status >= 500 ? "see the server log" : null);
    }
}
