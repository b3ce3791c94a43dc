package io.sgregistry.mounter.feed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * BANs in the REST cache (Varnish, whose BAN endpoint answers only inside the Compose network). Every
 * ban is sent twice: now, and again {@code repeatAfter} later, because an answer the backend was
 * still computing when the first ban arrived is stored after it, and a ban spares what comes after it.
 *
 * <p>Bans speak HTTP/1.1: the JDK client would otherwise upgrade to h2c, which Varnish accepts, and then
 * reuse an idle HTTP/2 connection just as Varnish closes it ({@code timeout_idle}, 5 s, the same as the
 * repeat), which cancels the stream. A ban is idempotent, so one that fails on a reused connection is
 * sent once more on a new one.
 */
final class CacheBans {
    private static final Logger LOG = Logger.getLogger(CacheBans.class.getName());
    /** What the registry allows as namespace/repository: none of a regular expression's specials. */
    private static final Pattern REPOSITORY = Pattern.compile("[-A-Za-z0-9_]{1,64}/[-A-Za-z0-9_]{1,64}");

    private final URI cache;
    private final Duration repeatAfter;
    private final ScheduledExecutorService later;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    CacheBans(URI cache, Duration repeatAfter, ScheduledExecutorService later) {
        this.cache = cache;
        this.repeatAfter = repeatAfter;
        this.later = later;
    }

    /** The tag URLs of a repository (its hash URLs name content that did not change). */
    void tagUrls(String repositoryName) throws IOException {
        send("X-Ban-Repository", checked(repositoryName));
    }

    /** Every URL of a repository, hash ones too: a right to read it was taken away. */
    void everyUrl(String repositoryName) throws IOException {
        send("X-Ban-Url", "^/" + checked(repositoryName) + "/");
    }

    /** Every URL of every repository: used when the feed had a gap, so what changed is unknown. */
    void everything() throws IOException {
        send("X-Ban-Url", "^/");
    }

    private static String checked(String repositoryName) {
        if (!REPOSITORY.matcher(repositoryName).matches()) {
            throw new IllegalArgumentException("not a repository name: " + repositoryName);
        }
        return repositoryName;
    }

    private void send(String header, String value) throws IOException {
        banOnce(header, value);
        later.schedule(() -> {
            try {
                banOnce(header, value);
            } catch (IOException e) {
                LOG.warning("cache unreachable for the repeated ban of " + value + " (" + e.getMessage() + ")");
            }
        }, repeatAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void banOnce(String header, String value) throws IOException {
        try {
            banOnWire(header, value);
        } catch (BanRefused refused) {
            throw refused;
        } catch (IOException first) {
            // The cache may have closed the kept-alive connection as the ban was sent on it: once more, anew.
            LOG.info(() -> "cache: ban of " + value + " failed (" + first.getMessage() + "), sending it again");
            try {
                banOnWire(header, value);
            } catch (IOException second) {
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    private void banOnWire(String header, String value) throws IOException {
        HttpRequest ban = HttpRequest.newBuilder(cache).timeout(Duration.ofSeconds(5)).header(header, value)
                .method("BAN", HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> r = http.send(ban, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new BanRefused("the cache refused the ban of " + value + ": HTTP " + r.statusCode() + " " + r.body().strip());
            }
            LOG.info(() -> "cache: banned " + (header.equals("X-Ban-Repository") ? "tag URLs of " + value : "URLs matching " + value));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while banning " + value, e);
        }
    }

    /** The cache answered, and said no: sending the same ban again would not change its answer. */
    private static final class BanRefused extends IOException {
        BanRefused(String message) {
            super(message);
        }
    }
}
