package io.sgregistry.mounter;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.sgr.meta.MetaSchema;
import io.sgregistry.mounter.auth.AccessTokens;
import io.sgregistry.mounter.config.MounterConfig;
import io.sgregistry.mounter.feed.FeedFollower;
import io.sgregistry.mounter.feed.FeedFreshness;
import io.sgregistry.mounter.http.MountHandler;
import io.sgregistry.mounter.metrics.MounterMetrics;
import io.sgregistry.mounter.mount.MountService;
import io.sgregistry.mounter.mount.RestEngine;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

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
        FeedFollower feed = new FeedFollower(config.registry(), new RestEngine(restPool), service, config.cacheBanUrl(), freshness);
        Thread feedThread = new Thread(feed, "change-feed");
        feedThread.setDaemon(true);
        feedThread.start();
        // Changes made while the mounter was away are applied before it answers (a while at most: without
        // the feed, every request is resolved at the registry, which is right but slower).
        awaitFirstRead(freshness, Duration.ofSeconds(30));

        QueuedThreadPool threads = new QueuedThreadPool(64);
        threads.setName("http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(config.port());
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        // Prometheus scrapes its own port, which no one routes to from outside.
        ServerConnector metricsConnector = new ServerConnector(server, new HttpConnectionFactory(http));
        metricsConnector.setPort(config.metricsPort());
        metricsConnector.setIdleTimeout(10_000);
        server.addConnector(metricsConnector);
        Handler mounts = metrics.timed(new MountHandler(service, new AccessTokens(config.jwtSecret(), Clock.systemUTC()), restPool));
        Handler scrape = metrics.endpoint();
        int metricsPort = config.metricsPort();
        // On SIGTERM: stop accepting (the gateway asks again until the new process answers) and let
        // the requests in flight finish within the stop timeout.
        server.setHandler(new GracefulHandler(new Handler.Wrapper(mounts) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (Request.getLocalPort(request) == metricsPort) {
                    return scrape.handle(request, response, callback);
                }
                return super.handle(request, response, callback);
            }
        }));
        server.addBean(scrape);
        server.setStopTimeout(5_000);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                feed.stop();
                server.stop();
            } catch (Exception ignored) {
                // Shutting down anyway.
            } finally {
                workers.shutdownNow();
                registryPool.close();
                delegatePool.close();
                restPool.close();
            }
        }, "shutdown"));
        server.start();
        LOG.info("mounter listening on " + config.port() + ", " + existing + " mounts kept from before, " + config);
        server.join();
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
                new RestEngine(restPool).prepare(config.restEngine().database(), config.dataApiPassword(), config.registryReader());
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

    private static HikariDataSource pool(String name, Endpoint e, int size, MounterMetrics metrics) {
        HikariConfig hc = new HikariConfig();
        hc.setMetricsTrackerFactory(metrics.pools());
        hc.setJdbcUrl(e.jdbcUrl());
        hc.setUsername(e.user());
        hc.setPassword(e.password());
        hc.setMaximumPoolSize(size);
        hc.setConnectionTimeout(10_000);
        hc.setPoolName(name);
        // Connect and socket time-outs on every statement: a big COPY stays under ten minutes.
        hc.addDataSourceProperty("connectTimeout", "10");
        hc.addDataSourceProperty("socketTimeout", "600");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("ApplicationName", "mounter");
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }
}
