package io.sgregistry.acceptance.sweep;

import io.sgregistry.sgr.cli.Env;
import io.sgregistry.sgr.cli.Sgr;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.sgr.SgrUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8: 1 000 generated malformed {@code sgr} argument vectors (seeded; {@code -Dsweep.seed=N}
 * replays a run) fail cleanly: exit 1 (failure) or 2 (bad usage), an {@code error:} and a
 * {@code what to do:} line, and nothing of Java shows (no stack trace, no class names).
 * Most run in this JVM through {@link Sgr#run} (the same entry point as the launcher's main, with
 * its own streams): a JVM per case would take half an hour on two cores. A sample runs through the
 * real launcher {@code sgr-cli/bin/sgr} as a user would, which also sees what only a process shows
 * (JVM warnings, java.util.logging output on the real stderr, an interactive prompt on empty stdin).
 * Every case has a valid local engine configuration, so its failure comes from the input.
 */
@RegistryStackTest
class CliSweepIT {
    private static final long DEFAULT_SEED = 8_042_026L;
    private static final int CASES = 1_000;
    /** Every 50th case also runs through the launcher (20 processes, plus 4 fixed ones): a JVM start costs ~2 s of CPU here. */
    private static final int LAUNCHER_EVERY = 50;
    private static final int THREADS = 4;

    @TempDir
    Path dir;

    record Outcome(CliCases.Case c, String how, int code, String out, String err, List<String> problems) {
        String report() {
            return c + " (" + how + ")\n    -> exit " + code + ": " + String.join("; ", problems)
                    + "\n    stderr: " + Quoting.excerpt(err.strip(), 600).replace("\\n", "\n            ")
                    + (out.isBlank() ? "" : "\n    stdout: " + Quoting.excerpt(out.strip(), 300));
        }
    }

    @Test
    void malformedArgumentsFailWithAMessageAndNoStackTrace(Stack stack) throws Exception {
        long seed = Long.getLong("sweep.seed", DEFAULT_SEED);
        System.out.println("CLI sweep: seed " + seed + " (replay with -Dsweep.seed=" + seed + ")");
        long start = System.nanoTime();

        SgrUser user = SgrUser.create(stack, new RegistryUsers(stack).create("sweep"), dir);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path goodCsv = Files.writeString(work.resolve("good.csv"), "id,name\n1,a\n2,b\n");
        List<String> badFiles = badFiles(work);
        // In this JVM the auth API is the HTTP front door (same routes as HTTPS): the test JVM does not
        // trust the stack's CA globally, and the launcher sample covers HTTPS with a trust store.
        Path inProcessConfig = Files.writeString(dir.resolve("inprocess.sgconfig"), user.sgconfigText()
                .replace(stack.https().resolve("/auth").toString(), stack.http().resolve("/auth").toString()));
        String repo = user.namespace() + "/base";
        Map<String, String> vars = Map.of("SG_CONFIG_FILE", inProcessConfig.toString());

        // A repository with one commit and a tag, so that references resolve until the input breaks them.
        for (List<String> setup : List.of(List.of("init", repo),
                List.of("csv", "import", "-f", goodCsv.toString(), "-k", "id", "-t", "id", "integer", repo, "t"),
                List.of("commit", "-m", "first", repo), List.of("tag", repo, CliCases.TAG))) {
            Outcome o = inProcess(new CliCases.Case(0, setup, "setup"), vars, work, user.home());
            assertThat(o.code()).as("setup step %s: %s", setup, o.err()).isZero();
        }

        List<CliCases.Case> cases = new CliCases(repo, goodCsv.toString(), badFiles).generate(seed, CASES);
        Map<String, Integer> perCommand = new TreeMap<>();
        cases.forEach(c -> perCommand.merge(c.category().replaceAll(":.*", "").replaceAll(" \\+.*", ""), 1, Integer::sum));

        List<Outcome> outcomes = new ArrayList<>();
        InputStream stdin = System.in;
        // picocli reads a prompted value (e.g. a missing password) from System.in when there is no console:
        // in this JVM that is Failsafe's channel, so it gets end-of-file instead, like the launcher's /dev/null.
        System.setIn(new ByteArrayInputStream(new byte[0]));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (CliCases.Case c : cases) {
                futures.add(pool.submit(() -> inProcess(c, vars, work, user.home())));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    outcomes.add(futures.get(i).get(60, TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    futures.get(i).cancel(true);
                    outcomes.add(new Outcome(cases.get(i), "in-process", -1, "", "", List.of("did not finish within 60 s")));
                }
            }
        } finally {
            pool.shutdownNow();
            System.setIn(stdin);
        }
        long inProcessMs = (System.nanoTime() - start) / 1_000_000;

        // The launcher sample: the same cases in real processes (their HOME's .sgconfig, HTTPS auth API),
        // plus inputs whose trouble only a process shows.
        List<CliCases.Case> sample = new ArrayList<>();
        for (CliCases.Case c : cases) {
            if (c.number() % LAUNCHER_EVERY == 7) {
                sample.add(c);
            }
        }
        sample.add(new CliCases.Case(CASES + 1, List.of("--engine-port", "99999", "sql", "SELECT 1"), "launcher: port out of range"));
        sample.add(new CliCases.Case(CASES + 2, List.of("cloud", "login", "-u", "nosuchuser", "-p"), "launcher: prompt on empty stdin"));
        sample.add(new CliCases.Case(CASES + 3, List.of("cloud", "register", "-u", "x", "-p", "short", "-e", "no-at"), "launcher: HTTPS auth API refuses"));
        sample.add(new CliCases.Case(CASES + 4, List.of("frobnicate"), "launcher: unknown command"));
        ExecutorService procs = Executors.newFixedThreadPool(3);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (CliCases.Case c : sample) {
                futures.add(procs.submit(() -> {
                    SgrUser.Run r = user.run(c.args().toArray(String[]::new));
                    return judge(c, "launcher", r.exitCode(), r.out(), r.err());
                }));
            }
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(6, TimeUnit.MINUTES));
            }
        } finally {
            procs.shutdownNow();
        }
        long totalMs = (System.nanoTime() - start) / 1_000_000;

        List<Outcome> bad = outcomes.stream().filter(o -> !o.problems().isEmpty()).toList();
        long exit1 = outcomes.stream().filter(o -> o.code() == 1).count();
        long exit2 = outcomes.stream().filter(o -> o.code() == 2).count();
        System.out.println("CLI sweep: " + cases.size() + " cases in-process + " + sample.size() + " through the launcher in "
                + totalMs + " ms (in-process part " + inProcessMs + " ms); exit 1: " + exit1 + ", exit 2: " + exit2
                + ", violations: " + bad.size() + "; cases per command: " + perCommand);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(CASES);
        assertThat(bad).as("%d of %d sgr runs (seed %d) did not fail cleanly:\n%s", bad.size(), outcomes.size(), seed,
                bad.stream().map(Outcome::report).collect(Collectors.joining("\n"))).isEmpty();
    }

    private static Outcome inProcess(CliCases.Case c, Map<String, String> vars, Path cwd, Path home) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Env env = new Env(vars, cwd, home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code;
        try {
            code = Sgr.run(env, c.args().toArray(String[]::new));
        } catch (Throwable t) {
            // Sgr.run must not throw: what escapes here would be a stack trace in the launcher.
            return new Outcome(c, "in-process", -1, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    List.of("Sgr.run threw " + t));
        }
        return judge(c, "in-process", code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What the README promises for a failure: exit 1, or 2 for bad usage; "error:" and "what to do:"; no Java. */
    static Outcome judge(CliCases.Case c, String how, int code, String out, String err) {
        List<String> problems = new ArrayList<>();
        if (code == 0) {
            problems.add("exit 0 on malformed input (" + c.category() + ")");
        } else if (code != 1 && code != 2) {
            problems.add("exit code " + code + ", not 1 or 2");
        }
        Leaks.in(out + "\n" + err).forEach(l -> problems.add("output " + l));
        if (code != 0 && err.lines().noneMatch(l -> l.startsWith("error: ") && l.length() > "error: ".length())) {
            problems.add("no 'error: ...' line on stderr");
        }
        if (code != 0 && err.lines().noneMatch(l -> l.startsWith("what to do: "))) {
            problems.add("no 'what to do: ...' line on stderr");
        }
        return new Outcome(c, how, code, out, err, problems);
    }

    /** Files that no CSV import accepts, each for a different reason. */
    private static List<String> badFiles(Path work) throws Exception {
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(work.resolve("empty.csv"), ""));
        files.add(Files.createDirectories(work.resolve("a-directory.csv")));
        files.add(work.resolve("does-not-exist.csv"));
        files.add(Files.writeString(work.resolve("duplicate-columns.csv"), "id,id\n1,2\n"));
        files.add(Files.writeString(work.resolve("empty-column-name.csv"), "id,,name\n1,2,3\n"));
        files.add(Files.writeString(work.resolve("ragged.csv"), "id,name\n1,a,extra,more\n"));
        files.add(Files.writeString(work.resolve("unterminated-quote.csv"), "id,name\n1,\"never closed\n2,b\n"));
        files.add(Files.writeString(work.resolve("long-column.csv"), "id," + "c".repeat(64) + "\n1,2\n"));
        files.add(Files.write(work.resolve("not-utf8.csv"), new byte[]{'i', 'd', ',', (byte) 0xC3, '(', '\n', '1', ',', '2', '\n'}));
        files.add(Files.writeString(work.resolve("only-blank-header.csv"), "   \n1,2\n"));
        return files.stream().map(Path::toString).toList();
    }
}
