package io.sgregistry.configurator.check;

import io.sgregistry.configurator.process.Processes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks rendered files with the real programs ({@code haproxy -c}, {@code varnishd -C}, ...) inside
 * their images: {@code docker run --rm --network none}, the rendered folder mounted read-only.
 */
public final class ConfigCheck {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Programs checked at once. */
    private static final int PARALLEL = 4;
    /** varnishd -C prints the whole generated C program on success; keep reports readable. */
    private static final int MAX_SUCCESS_OUTPUT = 2000;
    /**
     * Compose service names that rendered files name as backends. The check runs without a network,
     * and varnishd -C resolves its backend's host name, so these resolve to a placeholder address.
     */
    private static final List<String> SERVICE_HOSTS = List.of("engine", "haproxy", "cache", "gateway", "mounter",
            "data-api", "rest-engine", "prometheus");

    private final String imageTag;
    private final List<Program> programs;

    public ConfigCheck(String imageTag, List<Program> programs) {
        this.imageTag = imageTag;
        this.programs = programs;
    }

    public ConfigCheck(String imageTag) {
        this(imageTag, Program.ALL);
    }

    /** One program's verdict with its own output. */
    public record Outcome(Program program, boolean passed, String output) {
    }

    /**
     * Runs the programs side by side (each is a short container start: mostly waiting on the Docker
     * daemon), and answers their verdicts in the order of {@link #programs}.
     */
    public List<Outcome> run(Path renderedDir) {
        List<Program> present = programs.stream()
                .filter(p -> Files.isDirectory(renderedDir.toAbsolutePath().resolve(p.service()))).toList();
        if (present.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, present.size()));
        try {
            List<Future<Outcome>> running = new ArrayList<>();
            for (Program p : present) {
                running.add(pool.submit(() -> check(p, renderedDir.toAbsolutePath().resolve(p.service()))));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : running) {
                outcomes.add(f.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + renderedDir, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome check(Program p, Path folder) {
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "--rm", "--pull", "never", "--network", "none",
                "-v", folder + ":" + p.mountAt() + ":ro"));
        for (String host : SERVICE_HOSTS) {
            cmd.addAll(List.of("--add-host", host + ":127.0.0.1"));
        }
        cmd.addAll(List.of("--entrypoint", p.command().get(0), "sgregistry/" + p.image() + ":" + imageTag));
        cmd.addAll(p.command().subList(1, p.command().size()));
        Processes.Result r = Processes.run(cmd, TIMEOUT);
        String out = r.output().strip();
        if (r.ok() && out.length() > MAX_SUCCESS_OUTPUT) {
            out = "(" + out.length() + " characters of output)";
        }
        return new Outcome(p, r.ok(), out);
    }
}
