package io.sgregistry.sgr.cli.cloud;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** A failed HTTP call in the user's words: what went wrong, never a Java class name. */
public final class HttpFailures {
    private HttpFailures() {
    }

    public static String describe(IOException e) {
        if (e instanceof SSLHandshakeException) {
            return "its TLS certificate is not trusted (no trusted CA signed it)";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof InterruptedIOException) {
            return "no answer in time";
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        // pgjdbc/JSSE messages may embed exception class names: keep only the words after the last one.
        m = m.replaceAll("(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error):\\s*", "");
        return m.isBlank() ? "the connection failed" : m;
    }

    /** The hint for a failed call to the registry's HTTPS front door. */
    public static final String TRUST_HINT = "check the URL; for the registry's local CA pass "
            + "SGR_JAVA_OPTS=-Djavax.net.ssl.trustStore=<a trust store with .state/tls/rootCA.pem>";
}
