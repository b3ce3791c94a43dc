package io.sgregistry.mounter.mount;

import io.sgregistry.client.engine.Endpoint;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Keeps the REST cache honest after a push: the registry NOTIFYs {@code registry_tags} with
 * {@code ns/repo} when a tag is set or deleted (splitgraph_api.tag_image/delete_tag, delivered at
 * commit), and this sends Varnish a {@code BAN} of that repository's tag URLs (hash URLs never change).
 * The BAN endpoint answers only inside the Compose network, where the mounter is. When a repository
 * turns public or private ({@code registry_access}, from set_repository_public) every URL of it goes,
 * hash ones too: a cached answer must not outlive the right to read it. After every (re)connection it
 * bans every tag URL once, because notifications sent while it was away are lost.
 */
public final class TagBanner implements Runnable {
    private static final Logger LOG = Logger.getLogger(TagBanner.class.getName());
    public static final String CHANNEL = "registry_tags";
    public static final String ACCESS_CHANNEL = "registry_access";
    private static final Pattern REPOSITORY = Pattern.compile("[-A-Za-z0-9_]{1,64}/[-A-Za-z0-9_]{1,64}");
    private static final String EVERY_TAG_URL = "^/[^/]+/[^/]+/(?![0-9a-f]{64}/)";

    private final Endpoint registry;
    private final URI cache;
    private final Consumer<String> accessChanged;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private volatile boolean running = true;

    /** @param accessChanged told {@code ns/repo} when a repository turned public or private, before the ban */
    public TagBanner(Endpoint registry, URI cache, Consumer<String> accessChanged) {
        this.registry = registry;
        this.cache = cache;
        this.accessChanged = accessChanged;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try (Connection c = registry.connect()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + CHANNEL + "\"");
                    s.execute("LISTEN \"" + ACCESS_CHANNEL + "\"");
                }
                LOG.info("listening for tag and access changes on the registry (" + CHANNEL + ", " + ACCESS_CHANNEL + ")");
                ban("X-Ban-Url", EVERY_TAG_URL);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] got = pg.getNotifications(10_000);
                    if (got == null) {
                        continue;
                    }
                    for (PGNotification n : got) {
                        if (!REPOSITORY.matcher(n.getParameter()).matches()) {
                            continue;
                        }
                        if (ACCESS_CHANNEL.equals(n.getName())) {
                            accessChanged.accept(n.getParameter());
                            // The name's characters are none of a regular expression's specials.
                            ban("X-Ban-Url", "^/" + n.getParameter() + "/");
                        } else {
                            ban("X-Ban-Repository", n.getParameter());
                        }
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warning("tag listener lost the registry (" + e.getMessage() + "); reconnecting in 2 s");
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void ban(String header, String value) {
        HttpRequest ban = HttpRequest.newBuilder(cache).timeout(Duration.ofSeconds(5)).header(header, value)
                .method("BAN", HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> r = http.send(ban, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                LOG.info("cache: banned " + (header.equals("X-Ban-Repository") ? "tag URLs of " + value : "URLs matching " + value));
            } else {
                LOG.warning("cache refused the ban of " + value + ": HTTP " + r.statusCode() + " " + r.body());
            }
        } catch (java.io.IOException e) {
            LOG.warning("cache unreachable for the ban of " + value + " (" + e.getMessage() + "); tag URLs expire by their TTL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
