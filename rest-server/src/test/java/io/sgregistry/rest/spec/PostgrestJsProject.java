package io.sgregistry.rest.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node project of {@code src/test/postgrest-js} (package.json, package-lock.json, scripts),
 * copied under {@code target/} and installed there with {@code npm ci} from the npm registry, so
 * the real {@code @supabase/postgrest-js} runs against rest-server. The registry is needed once: later
 * installs come from npm's cache. Nothing is skipped: without node, npm or (on a first install) the
 * registry the test that needs this fails and says which.
 */
final class PostgrestJsProject {
    private static final Path SOURCE = Path.of("src/test/postgrest-js");
    private static final Path WORK = Path.of("target/postgrest-js");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "client-cases.mjs");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    private PostgrestJsProject() {
    }

    /** The project copied and installed: {@code npm ci} runs unless this lock file is installed already. */
    static Path installed() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        for (String f : FILES) {
            Path from = SOURCE.resolve(f);
            if (!Files.isRegularFile(from)) {
                throw new AssertionError("missing " + from.toAbsolutePath() + " (the postgrest-js project of rest-server's tests)");
            }
            Files.copy(from, WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        String lock = sha256(Files.readAllBytes(WORK.resolve("package-lock.json")));
        Path marker = WORK.resolve("node_modules/.installed-lock");
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(lock)) {
            return WORK;
        }
        // --prefer-offline: after the first install npm's cache (~/.npm) serves the locked tarballs, so a
        // clean target/ installs again without the registry.
        Result npm = run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"), INSTALL_TIMEOUT);
        if (npm.exit != 0) {
            throw new AssertionError("npm ci could not install @supabase/postgrest-js (exit " + npm.exit + "): the test needs "
                    + "node >= 20, npm and the npm registry (registry.npmjs.org or the configured mirror); check that `npm ping` "
                    + "answers.\n" + tail(npm.stderr) + tail(npm.stdout));
        }
        Files.writeString(marker, lock);
        return WORK;
    }

    /** Runs {@code node <script> args...} in the installed project; fails on a non-zero exit or a time-out. */
    static String node(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(List.of(args));
        Result r = run(cmd, RUN_TIMEOUT);
        if (r.exit != 0) {
            throw new AssertionError("node " + script + " failed (exit " + r.exit + "):\n" + tail(r.stderr) + tail(r.stdout));
        }
        return r.stdout;
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile(WORK.toAbsolutePath(), "out", ".txt");
        Path err = Files.createTempFile(WORK.toAbsolutePath(), "err", ".txt");
        try {
            Process p;
            try {
                p = new ProcessBuilder(cmd).directory(WORK.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            } catch (IOException e) {
                throw new AssertionError("cannot start " + cmd.get(0) + " (" + e.getMessage() + "): node >= 20 and npm must be on the PATH", e);
            }
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout.toSeconds() + " s:\n"
                        + tail(Files.readString(err)) + tail(Files.readString(out)));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "…" + s.substring(s.length() - 4000);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
