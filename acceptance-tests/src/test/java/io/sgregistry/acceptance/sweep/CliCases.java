package io.sgregistry.acceptance.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Malformed and hostile {@code sgr} argument vectors, generated from a seed (same seed, same cases).
 * Every case carries at least one "poison": an input that is invalid whatever else the case holds
 * (a bad repository name, a repository or tag that does not exist, an unknown option, a missing
 * value...). So a case that exits 0 is a bug, not a lucky valid input.
 *
 * @param repo     a repository that exists locally with one commit (tag {@link #TAG}), so that
 *                 references resolve until a poison breaks them
 * @param goodCsv  a well-formed CSV (columns id, name)
 * @param badFiles files that are no importable CSV (empty, directory, bad header, ragged rows...)
 */
public record CliCases(String repo, String goodCsv, List<String> badFiles) {
    public static final String TAG = "v1";

    /** One generated case: a number (for the report), the arguments, and what kind of poison it carries. */
    public record Case(int number, List<String> args, String category) {
        @Override
        public String toString() {
            return "#" + number + " [" + category + "] sgr " + Quoting.shell(args);
        }
    }

    static final String LONG = "a".repeat(10_000);

    /** Repository names that are invalid by syntax: for every slot that takes a repository. */
    static final List<String> BAD_REPOS = List.of("ns/", "/repo", "a/b/c", "\"quoted\"/r", "ns/re;po", "ns/re'po",
            "ns;DROP TABLE x/r", "ünï/cödé", "ns/r\u0007bell", "ns/\u001b[31mred", "ns\t/r", "", " ", "..", "../..",
            "ns/" + "x".repeat(65), LONG, "a/" + LONG, "ns/r\u200bzw", "ns/r%00", "%2e%2e/x", "ns /r", "ns/r\r\n",
            "\u2603/\u2603", "ns/r\uFEFF", "\uD83D\uDE00/x", "ns//r", "ns\\r", "n".repeat(40) + "/" + "r".repeat(40), "$(id)/r", "`id`/r", "ns/*", "ns/r?x=1");

    /** Tags that the tag syntax ([-A-Za-z0-9_.]{1,64}, not HEAD/latest) refuses. */
    static final List<String> BAD_TAGS = List.of("", " ", "HEAD", "latest", "a b", "x".repeat(65), LONG, "t;drop",
            "t\u0001", "ü", "v1\n", "'or'1'='1", "../v1", "-", "\u001b[2J");

    /** References (after ns/repo:) that resolve to no image: unknown tags, short or unknown hashes. */
    static final List<String> BAD_REFS = List.of("nosuchtag", "0000", "abc", "f".repeat(64), "0".repeat(63) + "g",
            "z".repeat(64), LONG, "HEAD^", "HEAD~1", "latest;DROP", "'", "\"", "v1:v1", "%", "\u0002",
            "ü", " ", "");

    static final List<String> BAD_TYPES = List.of("integer; DROP TABLE x", "notatype", "int[", "varchar(-1)", LONG, "",
            "integer)", "text, evil text", "serial primary key", "integer DEFAULT pg_sleep(10)", "\"integer\"", "numeric(1000000)",
            "ü", "integer --", "/* */");

    static final List<String> BAD_PORTS = List.of("abc", "-1", "0", "65536", "99999", "", "54 34", "0x15", "1e3",
            "2147483648", "5434abc", LONG, "٣");

    static final List<String> BAD_HOSTS = List.of("", "a b", "::::", "host/with/slash", "x?user=postgres", LONG,
            "256.256.256.256", "localhost:5434", "-", "\u0007", "ünïcode.invalid", "[::1", "nosuch.invalid", "@", "%zz");

    static final List<String> BAD_SQL = List.of("SELEC 1", "SELECT 'unterminated", "\"", ";;;x", "SELECT * FROM nonexistent_table_x",
            LONG, "SELECT 1/0", "SELECT ü", "SELECT '\u0001'::int", "SELECT * FROM \"splitgraph_meta\".\"nope\"",
            "DROP TABLE nonexistent_table_x", "SELECT repeat('x', -1)::int", "COPY nowhere FROM STDIN", "\\dt", "SELECT $1",
            "BEGIN; SELECT 1/0; COMMIT", "SELECT 'a' + 1");

    static final List<String> BAD_URLS = List.of("ftp://x/auth", "http://", "://", "not a url", "http://[::1", "http://127.0.0.1:1/auth",
            "http://127.0.0.1:0/auth", "https://nosuch.invalid/auth", "javascript:alert(1)", LONG, "", "http://%zz/");

    static final List<String> UNKNOWN_OPTIONS = List.of("--frobnicate", "-Z", "--engine-prot=1", "--no-such-option=x",
            "---", "-\u00e9", "--" + LONG.substring(0, 300), "--verbose", "-vvvv", "--help=yes", "--version=2");

    static final List<String> UNKNOWN_COMMANDS = List.of("frobnicate", "inti", "pusj", "Commit", "LOG", "clone2", "cloud2",
            "ü", LONG, "rmdir", "sql;", "'init'", "cloud frobnicate");

    /** Generates {@code count} cases; the same seed gives the same list. */
    public List<Case> generate(long seed, int count) {
        Random rnd = new Random(seed);
        List<Case> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(one(rnd, i));
        }
        return out;
    }

    private Case one(Random rnd, int number) {
        int kind = rnd.nextInt(100);
        List<String> args = new ArrayList<>();
        String category;
        if (kind < 8) {
            category = "unknown command";
            args.addAll(List.of(pick(rnd, UNKNOWN_COMMANDS).split(" ")));
            addJunk(rnd, args, 3);
        } else if (kind < 14) {
            category = "help of garbage";
            args.add("help");
            args.add(pick(rnd, UNKNOWN_COMMANDS));
        } else {
            Built b = command(rnd);
            args.addAll(b.args);
            category = b.category;
            int usage = rnd.nextInt(10);
            if (usage == 0) {
                args.add(1 + rnd.nextInt(args.size()), pick(rnd, UNKNOWN_OPTIONS));
                category += " + unknown option";
            } else if (usage == 1) {
                // Arguments beyond every command's arity.
                for (int k = 0; k < 4; k++) {
                    args.add(pick(rnd, List.of("extra", "x/y", "1", "--", ";", LONG.substring(0, 50))));
                }
                category += " + extra arguments";
            }
        }
        // Hostile global options in front (they come before the subcommand, as sgr's are global).
        if (rnd.nextInt(4) == 0) {
            int which = rnd.nextInt(5);
            List<String> g = switch (which) {
                case 0 -> List.of("--engine-port", pick(rnd, BAD_PORTS));
                case 1 -> List.of("--engine-host", pick(rnd, BAD_HOSTS));
                case 2 -> List.of("--engine-user", pick(rnd, List.of("nosuchuser", "", "a b", "\"", LONG, "postgres'--")));
                case 3 -> List.of("--engine-db", pick(rnd, List.of("nosuchdb", "", "x?sslmode=require", "a/b", LONG, "\"")));
                default -> List.of("-c", pick(rnd, List.of("/nonexistent/.sgconfig", "/", "/dev/null/x", "", badFiles.get(0))));
            };
            args.addAll(0, g);
            category += " + global " + g.get(0);
        }
        return new Case(number, List.copyOf(args), category);
    }

    private record Built(List<String> args, String category) {
    }

    /** A subcommand with its slots filled; at least one slot (or the shape itself) is poison. */
    private Built command(Random rnd) {
        int which = rnd.nextInt(17);
        List<String> a = new ArrayList<>();
        Poison p = new Poison(rnd);
        switch (which) {
            case 0 -> { // init REPO (without REPO it is valid, so the repository is always poison)
                a.add("init");
                a.add(p.force(() -> pick(rnd, BAD_REPOS), "bad repository"));
            }
            case 1, 2 -> { // csv import -f FILE [-k COL]... [-t COL TYPE]... [-d SEP] [-r] REPO TABLE
                a.addAll(List.of("csv", "import"));
                a.add("-f");
                a.add(p.maybe(() -> pick(rnd, badFiles), goodCsv, "bad CSV file"));
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("-k", p.maybe(() -> pick(rnd, List.of("nope", "", "ID", "id,name", LONG)), "id", "bad key column")));
                }
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("-t", "id", p.maybe(() -> pick(rnd, BAD_TYPES), "integer", "bad type")));
                }
                if (rnd.nextInt(4) == 0) {
                    a.addAll(List.of("-d", p.maybe(() -> pick(rnd, List.of("ab", "", ";;", LONG)), ",", "bad separator")));
                }
                if (rnd.nextBoolean()) {
                    a.add("-r");
                }
                a.add(p.maybe(() -> pick(rnd, BAD_REPOS), repo, "bad repository"));
                a.add(p.maybe(() -> pick(rnd, List.of("", LONG, "x".repeat(64), "é".repeat(32))), "t" + rnd.nextInt(1000), "bad table"));
                if (!p.any) {
                    // The table name is new and the file fine: drop the required -f value instead.
                    a.remove(a.indexOf("-f") + 1);
                    a.remove("-f");
                    p.named("missing --file");
                }
            }
            case 3 -> { // commit [-m MSG] REPO
                a.add("commit");
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("-m", pick(rnd, List.of("", LONG, "\u0001", "ü", "'; DROP TABLE x; --"))));
                }
                a.add(p.force(() -> pick(rnd, BAD_REPOS), "bad repository"));
            }
            case 4 -> { // checkout [-f] REF
                a.add("checkout");
                if (rnd.nextBoolean()) {
                    a.add("-f");
                }
                a.add(p.force(() -> badRef(rnd), "bad reference"));
            }
            case 5 -> { // log [-t] REPO
                a.add("log");
                if (rnd.nextBoolean()) {
                    a.add("-t");
                }
                a.add(p.force(() -> pick(rnd, BAD_REPOS), "bad repository"));
            }
            case 6 -> { // diff REPO [ref [ref]]
                a.add("diff");
                a.add(p.maybe(() -> pick(rnd, BAD_REPOS), repo, "bad repository"));
                int refs = rnd.nextInt(3);
                for (int k = 0; k < refs; k++) {
                    a.add(p.maybe(() -> pick(rnd, BAD_REFS), TAG, "bad reference"));
                }
                if (!p.any) {
                    a.add(pick(rnd, BAD_REFS));
                    p.named("bad reference");
                }
            }
            case 7 -> { // tag REF [TAG] [-d]
                a.add("tag");
                boolean delete = rnd.nextBoolean();
                a.add(p.maybe(() -> badRef(rnd), repo, "bad reference"));
                a.add(p.force(() -> pick(rnd, BAD_TAGS), "bad tag"));
                if (delete) {
                    a.add("-d");
                }
            }
            case 8 -> { // sql [-s REPO] [--header] QUERY
                a.add("sql");
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("-s", p.maybe(() -> pick(rnd, BAD_REPOS), repo, "bad schema")));
                }
                if (rnd.nextBoolean()) {
                    a.add("--header");
                }
                a.add(p.force(() -> pick(rnd, BAD_SQL), "bad SQL"));
            }
            case 9 -> { // push [-r REMOTE] REPO [REMOTE_REPO]
                a.add("push");
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("-r", p.maybe(() -> pick(rnd, List.of("nosuch", "", "registry ", LONG, "\u0001")), "registry", "bad remote")));
                }
                a.add(p.maybe(() -> pick(rnd, BAD_REPOS), repo, "bad repository"));
                if (rnd.nextBoolean() || !p.any) {
                    a.add(p.force(() -> pick(rnd, BAD_REPOS), "bad remote repository"));
                }
            }
            case 10 -> { // clone [-r REMOTE] REMOTE_REPO [LOCAL]
                a.add("clone");
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("-r", p.maybe(() -> pick(rnd, List.of("nosuch", "", LONG)), "registry", "bad remote")));
                }
                // Nothing by these names is on the registry: even a valid name is poison here.
                a.add(p.force(() -> rnd.nextBoolean() ? pick(rnd, BAD_REPOS) : "nosuchns" + rnd.nextInt(1_000_000) + "/nothing",
                        "bad or missing remote repository"));
                if (rnd.nextBoolean()) {
                    a.add(pick(rnd, BAD_REPOS));
                }
            }
            case 11 -> { // pull REPO (the local repository has no upstream: pulling it fails too)
                a.add("pull");
                a.add(p.force(() -> rnd.nextBoolean() ? pick(rnd, BAD_REPOS) : repo, "bad repository or no upstream"));
            }
            case 12 -> { // upstream REPO [--set REMOTE REPO | --reset]
                a.add("upstream");
                a.add(p.maybe(() -> pick(rnd, BAD_REPOS), repo, "bad repository"));
                int mode = rnd.nextInt(3);
                if (mode == 1) {
                    a.addAll(List.of("--set", p.maybe(() -> pick(rnd, List.of("nosuch", "", LONG)), "registry", "bad remote"),
                            p.force(() -> pick(rnd, BAD_REPOS), "bad upstream repository")));
                } else if (mode == 2) {
                    a.add("--reset"); // the repository has no upstream to reset
                    p.named("nothing to reset");
                } else {
                    p.named("no upstream to show");
                }
            }
            case 13 -> { // cloud register -u U -p P -e E
                a.addAll(List.of("cloud", "register"));
                a.addAll(List.of("-u", p.maybe(() -> pick(rnd, List.of("", "a", "-bad", "a b", "ü" + rnd.nextInt(1000), LONG, "x;y", "_x")),
                        "sweep" + rnd.nextInt(1_000_000), "bad username")));
                a.addAll(List.of("-p", p.maybe(() -> pick(rnd, List.of("", "short", "x".repeat(257))), "long-enough-pw", "bad password")));
                a.addAll(List.of("-e", p.force(() -> pick(rnd, List.of("", "no-at", "a@b@c", "a b@c", "@x", "x@", LONG + "@x.y")), "bad email")));
                maybeAuthOptions(rnd, a);
            }
            case 14 -> { // cloud login -u U -p P (nobody has these credentials)
                a.addAll(List.of("cloud", "login", "-u", pick(rnd, List.of("nosuchuser", "", LONG, "ü", "' OR 1=1 --")),
                        "-p", pick(rnd, List.of("wrong-password", "", LONG))));
                p.named("unknown credentials");
                maybeAuthOptions(rnd, a);
            }
            case 15 -> { // cloud login-api -k KEY -s SECRET
                a.addAll(List.of("cloud", "login-api", "-k", pick(rnd, List.of("nosuchkey", "", LONG, "\"", "sgr_key'")),
                        "-s", pick(rnd, List.of("nosuchsecret", "", LONG))));
                p.named("unknown API key");
                maybeAuthOptions(rnd, a);
            }
            default -> { // cloud curl REF TABLE [QUERY]
                a.addAll(List.of("cloud", "curl"));
                a.add(p.maybe(() -> badRef(rnd), "nosuchns/nothing:latest", "bad reference"));
                a.add(pick(rnd, List.of("t", "", "../../etc/passwd", LONG, "a%2fb", "t?x=1")));
                if (rnd.nextBoolean()) {
                    a.add(pick(rnd, List.of("select=*,", "id=eq.", "or=(", "limit=-1", "%zz", LONG, "select=a::b::c")));
                }
                if (!p.any) {
                    p.named("no such dataset");
                }
                if (rnd.nextInt(3) == 0) {
                    a.addAll(List.of("--query-api", pick(rnd, BAD_URLS)));
                }
            }
        }
        // Sometimes cut the last option's value off (a missing option value), when the last-but-one
        // argument is an option that takes one.
        if (rnd.nextInt(6) == 0) {
            for (int k = a.size() - 1; k > 0; k--) {
                if (List.of("-f", "-k", "-m", "-s", "-r", "-u", "-e", "--query-api", "--auth-api").contains(a.get(k))
                        && k + 1 < a.size()) {
                    a.subList(k + 1, a.size()).clear();
                    p.named("missing option value");
                    break;
                }
            }
        }
        return new Built(a, a.get(0) + (a.get(0).equals("csv") || a.get(0).equals("cloud") ? " " + a.get(1) : "") + ": " + p.name);
    }

    /** Up to {@code max} arguments of any kind after an unknown command. */
    private void addJunk(Random rnd, List<String> args, int max) {
        int n = rnd.nextInt(max + 1);
        for (int k = 0; k < n; k++) {
            args.add(pick(rnd, List.of(pick(rnd, BAD_REPOS), repo, pick(rnd, UNKNOWN_OPTIONS), "-f", goodCsv, pick(rnd, BAD_SQL))));
        }
    }

    private static void maybeAuthOptions(Random rnd, List<String> a) {
        if (rnd.nextInt(3) == 0) {
            a.addAll(List.of("--auth-api", pick(rnd, BAD_URLS)));
        }
        if (rnd.nextInt(4) == 0) {
            a.addAll(List.of("--registry-port", pick(rnd, BAD_PORTS)));
        }
    }

    private String badRef(Random rnd) {
        return rnd.nextBoolean() ? pick(rnd, BAD_REPOS) : repo + ":" + pick(rnd, BAD_REFS);
    }

    static <T> T pick(Random rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    /** Tracks whether a case holds a poison yet, and which. */
    private static final class Poison {
        final Random rnd;
        boolean any;
        String name = "";

        Poison(Random rnd) {
            this.rnd = rnd;
        }

        /** Half the time the poison, else the good value. */
        String maybe(Supplier<String> bad, String good, String what) {
            if (rnd.nextBoolean()) {
                named(what);
                return bad.get();
            }
            return good;
        }

        String force(Supplier<String> bad, String what) {
            named(what);
            return bad.get();
        }

        void named(String what) {
            any = true;
            name = name.isEmpty() ? what : name + ", " + what;
        }
    }
}
