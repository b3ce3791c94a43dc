package io.sgregistry.testpostgres;

import com.github.dockerjava.api.exception.NotFoundException;
import io.sgregistry.configurator.render.TemplateRenderer;
import io.sgregistry.configurator.state.ConfigState;
import io.sgregistry.configurator.state.SecretGenerator;
import io.sgregistry.fixtures.PgEndpoint;
import io.sgregistry.fixtures.StackLocation;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A disposable PostgreSQL 15 made from the project's own engine image ({@code sgregistry/engine:<tag>},
 * built by {@code make images}), configured from the engine's real templates with fresh random
 * secrets. For tests that need one database, not the Compose stack. Nothing is pulled: a missing
 * image is an error that says how to build it.
 */
public final class EngineContainer implements AutoCloseable {
    static final String CONFIG_DIR = "/run/config/engine";
    private static final int PORT = 5432;

    private final GenericContainer<?> container;
    private final ConfigState state;
    private final Path workDir;

    private EngineContainer(GenericContainer<?> container, ConfigState state, Path workDir) {
        this.container = container;
        this.state = state;
        this.workDir = workDir;
    }

    /**
     * The engine image for this checkout: {@code engine.image}, else {@code sgregistry/engine:$IMAGE_TAG},
     * else {@code dev-$STACK_ID} or {@code dev}, as the Makefile tags it.
     */
    public static String imageName() {
        String explicit = setting("engine.image", "ENGINE_IMAGE");
        if (explicit != null) {
            return explicit;
        }
        String tag = setting("image.tag", "IMAGE_TAG");
        if (tag == null) {
            String id = setting("registry.stack.id", "STACK_ID");
            tag = id == null ? "dev" : "dev-" + id.trim();
        }
        return "sgregistry/engine:" + tag;
    }

    /** Starts a new engine and waits until it accepts logins. */
    public static EngineContainer start() {
        String image = imageName();
        requireLocalImage(image);
        Path work;
        try {
            work = Files.createTempDirectory("engine-container-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigState state = ConfigState.load(work.resolve("config.json"), new SecretGenerator());
        state.applyDefaults(io.sgregistry.configurator.cli.StateOptions.defaults());
        Path rendered = renderEngineConfig(state, work);
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(PORT)
                .withStartupAttempts(1)
                .withTmpFs(java.util.Map.of("/var/lib/postgresql/data", "rw"))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 1)
                        .withStartupTimeout(Duration.ofSeconds(90)));
        for (String f : new String[]{"postgresql.conf", "pg_hba.conf", "superuser-password", "monitoring-password"}) {
            try {
                // Copied in before start, not bind-mounted: root-owned, mode 0600 for secrets, as the stack has them.
                c.withCopyToContainer(Transferable.of(Files.readAllBytes(rendered.resolve(f)), f.endsWith("password") ? 0600 : 0644),
                        CONFIG_DIR + "/" + f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            c.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the engine container (" + image + ") did not start: " + e.getMessage()
                    + "\nits log:\n" + safeLogs(c), e);
        }
        EngineContainer engine = new EngineContainer(c, state, work);
        engine.awaitLogin(Duration.ofSeconds(30));
        return engine;
    }

    /** Host and published port as seen from the test JVM. */
    public String host() {
        return container.getHost();
    }

    public int port() {
        return container.getMappedPort(PORT);
    }

    /** The superuser {@code postgres} on a database of this engine. */
    public PgEndpoint superuser(String database) {
        return new PgEndpoint(host(), port(), database, "postgres", secret("password.engine.postgres"));
    }

    /**
     * A secret of this engine's throw-away configuration (e.g. {@code password.engine.postgres}); one
     * not made yet is made now, as the configurator does, so a test names the secrets it needs.
     */
    public String secret(String dottedKey) {
        synchronized (state) {
            return state.secret(dottedKey);
        }
    }

    private void awaitLogin(Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try (Connection c = superuser("postgres").connect()) {
                return;
            } catch (SQLException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the engine container accepts no login: " + e.getMessage()
                            + "\nits log:\n" + safeLogs(container), e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }

    /** The engine's own templates (configurator/templates/engine), rendered with this state. */
    private static Path renderEngineConfig(ConfigState state, Path work) {
        Path templates = StackLocation.fromEnvironment().root().resolve("configurator/templates");
        Path only = work.resolve("templates");
        Path out = work.resolve("out");
        try {
            Files.createDirectories(only);
            copyTree(templates.resolve("engine"), only.resolve("engine"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the engine templates from " + templates, e);
        }
        new TemplateRenderer(only).render(state, out);
        return out.resolve("engine");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void requireLocalImage(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("the engine image " + image + " is not built on this machine; run 'make images"
                    + (System.getenv("STACK_ID") == null ? "" : " STACK_ID=" + System.getenv("STACK_ID"))
                    + "' first (images are never pulled)", e);
        }
    }

    private static String safeLogs(GenericContainer<?> c) {
        try {
            return c.getLogs();
        } catch (RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }

    @Override
    public void close() {
        container.stop();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
