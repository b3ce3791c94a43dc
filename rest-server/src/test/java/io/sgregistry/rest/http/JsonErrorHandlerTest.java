package io.sgregistry.rest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Jetty answers itself is PostgREST's JSON: the REST sweep found a StackOverflowError answered
 * with Jetty's HTML error page ("HTTP ERROR 500 java.lang.StackOverflowError", the URI, the class).
 */
class JsonErrorHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Server server;
    private LocalConnector connector;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(1024);
        connector = new LocalConnector(server, new HttpConnectionFactory(http));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (request.getHttpURI().getPath().startsWith("/overflow")) {
                    throw new StackOverflowError();
                }
                throw new IllegalStateException("a bug in io.sgregistry.rest.Something");
            }
        });
        server.setErrorHandler(new JsonErrorHandler());
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpTester.Response send(String request) throws Exception {
        return HttpTester.parseResponse(connector.getResponse(request));
    }

    private static JsonNode jsonError(HttpTester.Response r) throws Exception {
        assertThat(r.get("Content-Type")).startsWith("application/json");
        JsonNode doc = JSON.readTree(r.getContent());
        assertThat(doc.path("code").asText()).isNotBlank();
        assertThat(doc.path("message").asText()).isNotBlank();
        assertThat(doc.has("details")).isTrue();
        assertThat(doc.has("hint")).isTrue();
        assertThat(r.getContent()).doesNotContain("java.", "Exception", "Error", "io.sgregistry", "<html");
        return doc;
    }

    @Test
    void anErrorThatEscapesTheHandlerIsAJson500WithoutTheClass() throws Exception {
        for (String path : new String[]{"/overflow", "/bug"}) {
            for (String method : new String[]{"GET", "DELETE", "PUT"}) {
                HttpTester.Response r = send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(r.getStatus()).as(method + " " + path).isEqualTo(500);
                assertThat(jsonError(r).path("code").asText()).isEqualTo("PGRSTX00");
            }
        }
    }

    @Test
    void aRequestJettyRefusesIsA4xxJson() throws Exception {
        HttpTester.Response ambiguous = send("GET /a%2Fb/%2e%2e/c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(ambiguous.getStatus()).isEqualTo(400);
        assertThat(jsonError(ambiguous).path("code").asText()).isEqualTo("BAD_REQUEST");

        HttpTester.Response tooLarge = send("GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + "x".repeat(4000) + "\r\nConnection: close\r\n\r\n");
        assertThat(tooLarge.getStatus()).isEqualTo(431);
        jsonError(tooLarge);

        HttpTester.Response garbage = send("GARBAGE\r\n\r\n");
        assertThat(garbage.getStatus()).isBetween(400, 499);
        jsonError(garbage);
    }
}
