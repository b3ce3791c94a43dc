package io.sgregistry.mounter.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bans against a cache that behaves as Varnish does at its idle timeout: it closes a kept-alive
 * connection just as the next ban is sent on it.
 */
class CacheBansTest {
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        later.shutdownNow();
        if (server != null) {
            server.close();
        }
        for (Socket s : open) {
            s.close();
        }
    }

    @Test
    void aBanSentOnAConnectionTheCacheClosesIsSentAgainOnANewOne() throws Exception {
        List<Received> received = serve(200, true);
        CacheBans bans = new CacheBans(uri(), Duration.ofHours(1), later);

        bans.tagUrls("alice/weather");
        bans.everyUrl("alice/weather");

        assertThat(received).extracting(Received::connection, Received::banHeader).containsExactly(
                tuple(1, "X-Ban-Repository: alice/weather"),
                tuple(1, "X-Ban-Url: ^/alice/weather/"),
                tuple(2, "X-Ban-Url: ^/alice/weather/"));
        // No h2c upgrade: Varnish accepts it, and its HTTP/2 streams are what got cancelled at the idle timeout.
        assertThat(received).allSatisfy(r -> assertThat(r.headers()).noneMatch(h -> h.toLowerCase().startsWith("upgrade:")));
    }

    @Test
    void aBanTheCacheRefusesIsNotSentAgainAndSaysWhy() throws Exception {
        List<Received> received = serve(403, false);
        CacheBans bans = new CacheBans(uri(), Duration.ofHours(1), later);

        assertThatThrownBy(() -> bans.tagUrls("alice/weather")).isInstanceOf(IOException.class)
                .hasMessageContaining("the cache refused the ban of alice/weather: HTTP 403");
        assertThat(received).hasSize(1);
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    private record Received(int connection, String banHeader, List<String> headers) {
    }

    /**
     * A cache on a loopback port. With {@code dropSecond}, the first connection answers its first request
     * and closes on its second without an answer; every later connection answers one request.
     */
    private List<Received> serve(int status, boolean dropSecond) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        List<Received> received = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            int connection = 0;
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    open.add(s);
                    connection++;
                    s.setSoTimeout(10_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    OutputStream out = s.getOutputStream();
                    for (int request = 1; ; request++) {
                        List<String> headers = readHeaders(in);
                        if (headers.isEmpty()) {
                            break;
                        }
                        String ban = headers.stream().filter(h -> h.startsWith("X-Ban-")).findFirst().orElse("");
                        received.add(new Received(connection, ban, headers));
                        if (dropSecond && connection == 1 && request == 2) {
                            break;
                        }
                        String body = status == 200 ? "" : "not allowed";
                        out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        if (connection > 1 || !dropSecond) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    // the server socket was closed by the test
                }
            }
        }, "cache");
        t.setDaemon(true);
        t.start();
        return received;
    }

    private static List<String> readHeaders(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            lines.add(line);
        }
        return lines;
    }
}
