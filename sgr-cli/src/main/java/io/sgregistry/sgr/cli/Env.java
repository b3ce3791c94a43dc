package io.sgregistry.sgr.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What the command line reads from its process: environment, directories, streams. Passed in, so tests control it. */
public record Env(Map<String, String> variables, Path cwd, Path home, PrintStream out, PrintStream err, boolean console) {
    public Env {
        variables = Map.copyOf(variables);
    }

    public static Env system() {
        return new Env(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")),
                System.out, System.err, System.console() != null);
    }
}
