package io.sgregistry.sgr.cli.it;

import io.sgregistry.sgr.cli.Env;
import io.sgregistry.sgr.cli.Sgr;
import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.fixtures.Stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The test stack's client-engine and an in-process sgr configured for it through a .sgconfig file. */
final class ClientEngine {
    private final Stack stack;
    private final Path dir;

    ClientEngine(Stack stack, Path dir) {
        this.stack = stack;
        this.dir = dir;
    }

    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    Endpoint endpoint() {
        return new Endpoint(stack.host(), stack.config().port("client_engine"), "splitgraph", "postgres",
                stack.secret("password.engine.client"));
    }

    /** A .sgconfig for the client-engine (password read fresh from the stack's state). */
    Path configFile() throws IOException {
        Endpoint e = endpoint();
        return Files.write(dir.resolve("sgconfig.ini"), List.of("[defaults]", "SG_ENGINE_HOST = " + e.host(),
                "SG_ENGINE_PORT = " + e.port(), "SG_ENGINE_USER = " + e.user(), "SG_ENGINE_PWD = " + e.password(),
                "SG_ENGINE_DB_NAME = " + e.database()));
    }

    Run sgr(String... args) throws IOException {
        return sgrWith(Map.of("SG_CONFIG_FILE", configFile().toString()), args);
    }

    Run sgrWith(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Sgr.run(new Env(env, dir, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs sgr and requires success; returns stdout. */
    String ok(String... args) throws IOException {
        Run r = sgr(args);
        if (r.code() != 0) {
            throw new AssertionError("sgr " + String.join(" ", args) + " exited " + r.code() + ": " + r.err() + r.out());
        }
        return r.out();
    }

    /** One value from a query on the client-engine. */
    String value(String sql) throws IOException {
        return ok("sql", sql).strip();
    }

    static String uniqueNamespace() {
        return "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
