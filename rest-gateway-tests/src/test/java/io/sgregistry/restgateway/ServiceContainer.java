package io.sgregistry.restgateway;

import io.sgregistry.fixtures.Stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One service's container of the test stack, as Docker sees it: when it started and whether it is healthy. */
final class ServiceContainer {
    /** {@code startedAt} changes with every start, whoever started it (compose or the restart policy). */
    record State(String startedAt, String status, String health, int restarts) {
        boolean healthy() {
            return "running".equals(status) && "healthy".equals(health);
        }
    }

    private final Stack stack;
    private final String service;

    ServiceContainer(Stack stack, String service) {
        this.stack = stack;
        this.service = service;
    }

    State state() throws IOException, InterruptedException {
        String id = stack.compose(Duration.ofSeconds(30), "ps", "-a", "-q", service).requireSuccess("find " + service)
                .output().trim();
        Process p = new ProcessBuilder(List.of("docker", "inspect", "-f",
                "{{.State.StartedAt}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.RestartCount}}",
                id)).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("docker inspect " + service + " timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String[] f = out.split(" ");
        if (p.exitValue() != 0 || f.length != 4) {
            throw new IOException("docker inspect " + service + ": " + out);
        }
        return new State(f[0], f[1], f[2], Integer.parseInt(f[3]));
    }

    /** Waits until the container started after {@code before} is healthy; returns its state. */
    State awaitHealthyAfter(State before, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        State now = state();
        while (!(now.healthy() && !now.startedAt().equals(before.startedAt()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " did not come back healthy within " + limit + ": " + now);
            }
            Thread.sleep(200);
            now = state();
        }
        return now;
    }
}
