package io.sgregistry.service.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stopping server serves no new connection, and the request already in it is answered, not cut or refused. */
class InFlightRequestsTest {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private Server server;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRequestInFlightIsAnsweredWhileNewConnectionsAreNotServed() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        InFlightRequests inFlight = new InFlightRequests(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                entered.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                response.setStatus(200);
                Content.Sink.write(response, true, "done", callback);
                return true;
            }
        });
        server.setHandler(inFlight);
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/slow");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight.count()).isEqualTo(1);

        // Its future ends only when the open connections close: not waited for, as in RestServer.
        connector.shutdown();
        assertThat(inFlight.awaitIdle(Duration.ofMillis(200))).as("still running").isFalse();
        assertThatThrownBy(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()))
                .as("a new connection after the stop began").isInstanceOf(IOException.class);

        release.countDown();
        assertThat(inFlight.awaitIdle(Duration.ofSeconds(10))).isTrue();
        HttpResponse<String> answer = slow.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("done");
        assertThat(inFlight.count()).isZero();
    }
}
