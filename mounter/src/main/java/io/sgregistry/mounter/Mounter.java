package io.sgregistry.mounter;

import com.zaxxer.hikari.HikariDataSource;
import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.sgr.meta.MetaSchema;
import io.sgregistry.mounter.config.MounterConfig;
import io.sgregistry.mounter.feed.FeedFollower;
import io.sgregistry.mounter.feed.FeedFreshness;
import io.sgregistry.mounter.http.MountHandler;
import io.sgregistry.mounter.metrics.MounterMetrics;
import io.sgregistry.mounter.mount.MountService;
import io.sgregistry.mounter.mount.MountBook;
import io.sgregistry.service.auth.TokenVerifier;
import io.sgregistry.service.db.ConnectionPools;
import io.sgregistry.service.http.HttpService;
import org.eclipse.jetty.server.Handler;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/** Entry point: {@code java -jar mounter.jar <mounter.properties>}. */
public final class Mounter {
    private static final Logger LOG = Logger.getLogger(Mounter.class.getName());

    private Mounter() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        if (args.length != 1) {
            System.err.println("usage: mounter <mounter.properties>");
            System.exit(2);
        }
        MounterConfig config;
        try {
            config = MounterConfig.load(Path.of(args[0]));
        } catch (IllegalArgumentException e) {
            System.err.println("mounter: " + e.getMessage());
            System.exit(2);
            return;
        }
        MounterMetrics metrics = new MounterMetrics();
        HikariDataSource restPool = pool("rest-engine", config.restEngine(), 6, metrics);
        HikariDataSource registryPool = pool("registry", config.registry(), 6, metrics);
        HikariDataSource delegatePool = pool("registry-delegate", config.registryDelegate(), 4, metrics);
        prepare(config, restPool);
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mount");
            t.setDaemon(true);
            return t;
        });
        FeedFreshness freshness = new FeedFreshness(FeedFollower.STALE_AFTER);
        MountService service = new MountService(registryPool, delegatePool, restPool,
                new MountService.Limits(config.maxMounts(), config.maxBytes(), config.mountTimeout(), config.notifyChannel()),
                workers, Clock.systemUTC(), freshness::isCurrent, metrics);
        metrics.mounts(service::mountCount);
        int existing = service.loadExisting();
        FeedFollower feed = new FeedFollower(config.registry(), new MountBook(restPool), service, config.cacheBanUrl(), freshness);
        feed.start();
        // Changes made while the mounter was away are applied before it answers (a while at most: without
        // the feed, every request is resolved at the registry, which is right but slower).
        awaitFirstRead(freshness, Duration.ofSeconds(30));

        TokenVerifier tokens = new TokenVerifier(config.jwtSecret(), MountBook.ANON, null, Clock.systemUTC());
        Handler mounts = metrics.timed(new MountHandler(service, tokens, restPool));
        // Mounting blocks (pull, COPY): a thread per request. Prometheus scrapes the internal port.
        HttpService http = HttpService.start(new HttpService.Spec("mounter", config.port(), config.metricsPort(), 64,
                Duration.ofSeconds(60), 8 * 1024), mounts, metrics.endpoint(), null);
        http.closing(feed::stop).closing(workers::shutdownNow).closing(registryPool).closing(delegatePool).closing(restPool);
        LOG.info("mounter listening on " + config.port() + ", " + existing + " mounts kept from before, " + config);
        http.runUntilStopped();
    }

    private static void awaitFirstRead(FeedFreshness freshness, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!freshness.isCurrent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (!freshness.isCurrent()) {
            LOG.warning("the registry's change feed was not read within " + limit.toSeconds()
                    + " s; serving anyway, every mount is checked with the registry until it is");
        }
    }

    /** rest-engine may still be starting: retry its preparation for a minute before giving up. */
    private static void prepare(MounterConfig config, HikariDataSource restPool) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                MetaSchema.init(config.restEngine());
                new MountBook(restPool).prepare(config.restEngine().database(), config.dataApiPassword(), config.registryReader());
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warning("rest-engine not ready yet (" + e.getMessage() + "); retrying");
                Thread.sleep(2_000);
            }
        }
    }

    /** Connect and socket time-outs on every statement: a big COPY stays under ten minutes. */
    private static HikariDataSource pool(String name, Endpoint e, int size, MounterMetrics metrics) {
        return ConnectionPools.open(new ConnectionPools.Spec(name, "mounter", e.jdbcUrl(), e.user(), e.password(), size,
                Duration.ofMinutes(10), true), metrics.pools());
    }
}
