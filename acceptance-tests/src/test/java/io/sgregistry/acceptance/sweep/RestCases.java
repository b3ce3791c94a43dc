package io.sgregistry.acceptance.sweep;

import io.sgregistry.fixtures.RawHttps;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Malformed and hostile requests for the per-dataset REST API's front door
 * ({@code /{ns}/{repo}/{tag_or_hash}/-/rest/{table}?{query}}), generated from a seed (same seed, same
 * cases): hostile paths, PostgREST query syntax mutations, type mismatches, odd headers, other methods
 * and sizes. Many cases start from a valid request, so a good share of them answer rows; a case whose
 * input is invalid whatever the rest holds (an unknown table, a bad operator, a bad token, a write
 * method...) is marked {@link Case#mustFail()}: answering it with a 2xx is a bug.
 *
 * @param namespace         the owner of the datasets
 * @param repository        a public repository with the tables below, tagged {@code tag}
 * @param tag               the repository's tag
 * @param hash              the tagged image's hash
 * @param privateRepository a private repository of the same owner (same tables)
 * @param tables            table -> column -> PostgreSQL type, as the image has them
 * @param token             a valid access token (of the owner)
 */
public record RestCases(String namespace, String repository, String tag, String hash, String privateRepository,
                        Map<String, Map<String, String>> tables, String token) {

    /** One request: method, raw target (one char per byte), header lines in order, body (or null). */
    public record Case(int number, String category, String method, String target, List<Map.Entry<String, String>> headers,
                       byte[] body, boolean mustFail) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("#").append(number).append(" [").append(category).append("]")
                    .append(mustFail ? " (must fail)" : "").append("\n    ").append(method).append(' ')
                    .append(Quoting.excerpt(target, 400));
            for (Map.Entry<String, String> h : headers) {
                b.append("\n    ").append(Quoting.excerpt(h.getKey(), 80))
                        .append(h.getValue() == null ? "" : ": " + Quoting.excerpt(h.getValue(), 200));
            }
            if (body != null) {
                b.append("\n    body (").append(body.length).append(" bytes): ")
                        .append(Quoting.excerpt(new String(body, StandardCharsets.UTF_8), 120));
            }
            return b.toString();
        }

        /** Everything the case sends, as text (to check that the inputs themselves hold no leak markers). */
        String sent() {
            return method + " " + target + "\n" + headers.stream().map(h -> h.getKey() + (h.getValue() == null ? "" : ": " + h.getValue()))
                    .collect(Collectors.joining("\n")) + (body == null ? "" : "\n" + new String(body, StandardCharsets.UTF_8));
        }
    }

    static final String LONG = "x".repeat(10_000);

    /** Path segments that no namespace, repository or tag can be (or that exist nowhere): always 4xx. */
    static final List<String> BAD_NAMES = List.of("", ".", "..", "%2e", "%2e%2e", "%2E%2e", "a%2Fb", "a%2fb", "a%00b", "%00",
            "n%C3%A9", RawHttps.bytesAsChars("né"), "%zz", "%", "%4", "a%20b", "x".repeat(65), "x".repeat(300), ";", "a;b",
            "%3B", "'", "%27%20OR%201%3D1", "%22", "%3Cscript%3E", "%C0%AF", "%C0%AE%C0%AE", "%E2%80%AE", "%EF%BB%BF", "%FF",
            "%ED%A0%80", "~user", "*", "%2A", "a%5Cb", "%0d%0aSet-Cookie:%20x=1", "%09", "a.b", "-%2F-", "%25", "%252e",
            "nosuchns", "no_such_repository", "__", "-", "%2D%2D");

    /** References that resolve to no image of the repository. */
    static final List<String> BAD_REFS = List.of("nosuchtag", "V1", "v1.", "v1%00", "v1%20", "%76%31%2F", "0".repeat(64),
            "f".repeat(64), "0".repeat(63) + "g", "..", "%2e%2e", "v" + "1".repeat(64), "latest%3B", "latest.", "HEAD~1", "HEAD%5E",
            "%C0%AF", "*", "'v1'", "v1;", "v1%22");

    /** Table names that the image does not have or that are no table name at all. */
    static final List<String> BAD_TABLES = List.of("nosuch", "ITEMS", "items%00", "%00", "items;", "items%3B", "items.json",
            "items%2Fx", "..%2Fitems", "%2e%2e", "%2e", "items%25", "%25", "%", "%zz", "items%20", "%20items", "rpc", "items/extra",
            "items/", "x".repeat(64), "x".repeat(63), "x".repeat(2000), RawHttps.bytesAsChars("café"), "caf%C3%A9", "%C0%AF",
            "%FF", "%ED%A0%80", "%E2%80%AE", "%EF%BB%BF", "a%5Cb", "pg_catalog.pg_class", "information_schema.tables",
            "pg_authid", "%22items%22", "items'", "items%27%20OR%201%3D1", "*", "%2A", "items)", "rest", "-", "items%09",
            "items%0A", "items;jsessionid=x", "items%23", "items%3F", "%7B%7D", "%2525", "..", "items//", "rpc/nosuch",
            "rpc/get_version");

    /** Whole targets with a broken shape. */
    static final List<String> BAD_SHAPES = List.of("/-/rest/items", "//repo/v1/-/rest/items", "/NS/REPO/v1/-/REST/items",
            "/ns/repo/v1/rest/items", "/ns/repo/-/rest/items", "/ns/repo/v1/-/rest/../../../auth/register_user",
            "/ns/repo/v1/-/rest/%2e%2e/%2e%2e/%2e%2e/auth/register_user", "/ns/repo/v1/-/rest/items/../items",
            "/ns/repo/v1/-/rest/items/..", "*", "ns/repo/v1/-/rest/items", "/ns/repo/v1/-/restx/items", "/ns/repo/v1/-/rest.json",
            "/ns/repo/v1/-/rest/items/%2e%2e", "/ns//v1/-/rest/items", "/ns/repo//-/rest/items", "/%2F/repo/v1/-/rest/items",
            "/ns/repo/v1/-/rest/items?/../x", "/ns/repo/v1/-/rest\\items", "/ns/repo/v1/-%2Frest/items",
            "/ns/repo/v1/%2D/rest/items");

    static final List<String> OPS = List.of("eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch", "in", "is");
    /** Operators PostgREST has and this server may not: never a 5xx, whatever the answer. */
    static final List<String> OTHER_OPS = List.of("cs", "cd", "ov", "sl", "sr", "nxl", "nxr", "adj", "fts", "plfts", "phfts",
            "wfts", "isdistinct", "like(any)", "eq(all)");
    /** No operator at all. */
    static final List<String> BAD_OPS = List.of("eqq", "EQ", "between", "", "nott", "=", "e", "in ", "equals", "%65qq", "not.not");
    static final List<String> COMPARE = List.of("eq", "neq", "gt", "gte", "lt", "lte", "in");

    static final List<String> CASTS = List.of("text", "int", "integer", "bigint", "numeric", "float8", "boolean", "date",
            "json", "jsonb", "varchar", "int[]", "double precision", "char", "bytea", "regclass", "money", "inet", "uuid",
            "timestamptz", "interval", "xml", "tsvector", "oid", "name", "cidr", "nosuchtype");

    static final List<String> BAD_SELECT = List.of("", ",", "nosuch", "id,,name", "id::", "id::in t", "id::int;drop",
            "id::%22text%22", "(id)", "items(id)", "id->a", "id->>a", "%22unclosed", ":id", "id:", "a:b:c", "ID", "*,nosuch",
            "id::text::int", "id::int%29", "count()", "sum(id)", "id.name", "%22%22", "id::,name", "id%00",
            "id,%00", "inner:items!inner(id)", "id:::text");
    static final List<String> BAD_ORDER = List.of("", "nosuch", "id.sideways", "id.asc.desc.nullsfirst", ".asc", "id..asc",
            "id,", "(id)", "id.asc,nosuch.desc", "id.ASC", "id.nulls", "id desc", "random()", "1", "id%00");
    static final List<String> BAD_NUMBERS = List.of("-1", "abc", "1.5", "", "99999999999999999999", "0x10", "1e3", "1,2",
            "--1", "one", "1%00", "NaN", "- 1");
    static final List<String> ODD_NUMBERS = List.of("0", "9223372036854775807", "+1", RawHttps.bytesAsChars("٣"), "%201",
            "000000000000000000001", "1 ");

    static final List<String> BAD_IS = List.of("nul", "maybe", "1", "", "not null", "nulls", "%00", "true1", "tru");
    static final List<String> IS_VALUES = List.of("null", "true", "false", "unknown", "NULL", "True", "not_null");

    /** Values a column of this type takes, and values that its comparison operators must refuse. */
    record Values(List<String> good, List<String> bad) {
    }

    static Values values(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.endsWith("[]")) {
            return new Values(List.of("{a,b}", "{}", "{x}", "{t1,x}"), List.of("{", "not an array", "{a,", "{{a},b}", "}{"));
        }
        if (t.startsWith("integer") || t.startsWith("bigint") || t.startsWith("smallint")) {
            List<String> bad = new ArrayList<>(List.of("abc", "1.5", "99999999999999999999", "1e3", "", "--1", "1,2", "ten", "1 2"));
            if (t.startsWith("integer")) {
                bad.add("3000000000");
            }
            return new Values(List.of("1", "7", "0", "-3", "25", "12", "2147483647"), bad);
        }
        if (t.startsWith("double") || t.startsWith("real")) {
            return new Values(List.of("1.5", "0", "42.5", "-1e10", "NaN", "Infinity", "3"), List.of("abc", "1e999", "--1", "", "1.2.3", "1,5"));
        }
        if (t.startsWith("numeric")) {
            return new Values(List.of("12.50", "0", "1e5", "NaN", "-0.01", "3"), List.of("abc", "", "1.2.3", "1,5", "12e", "$5"));
        }
        if (t.equals("date")) {
            return new Values(List.of("2024-01-03", "2024-01-01", "today", "epoch", "infinity", "2024-01-02%20BC"),
                    List.of("2024-13-45", "notadate", "", "0000-00-00", "2024-02-30", "2024/01/99"));
        }
        if (t.startsWith("timestamp")) {
            return new Values(List.of("2024-01-03T03:00:00Z", "2024-01-01", "epoch", "now", "2024-01-05T05:00:00%2B00:00"),
                    List.of("2024-01-02T25:00:00Z", "notatime", "", "2024-01-02 03:04:05%2B99", "2024-00-00T00:00:00"));
        }
        if (t.equals("boolean")) {
            return new Values(List.of("true", "false", "t", "yes", "on", "1", "TRUE"), List.of("maybe", "2", "", "tru", "yess", "null?"));
        }
        if (t.equals("jsonb") || t.equals("json")) {
            return new Values(List.of("%7B%22n%22:4%7D", "[]", "1", "null", "%22s%22"),
                    List.of("%7B", "[1,", "not json", "%7B'a':1%7D", "", "%7B%22n%22:%7D"));
        }
        // text and anything else: every value is valid.
        return new Values(List.of("abc", "", "x", "%25", "%C3%A9", "a%20b", "%E2%80%AE", "%F0%9F%98%80", "%00", "%0D%0A",
                "'%20OR%201=1%20--", "%5C", "%22"), List.of());
    }

    /** Generates {@code count} cases; the same seed (and fixtures) give the same list. */
    public List<Case> generate(long seed, int count) {
        Random rnd = new Random(seed);
        List<Case> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(one(rnd, i));
        }
        return out;
    }

    /** A case under construction. */
    private final class Gen {
        final Random rnd;
        String method = "GET";
        String ns = namespace;
        String repo = repository;
        String ref;
        String table;
        String shape;
        final List<String> params = new ArrayList<>();
        /** Poisoned select/order/limit/offset: sent after the others, as the last of a key is the one that counts. */
        final List<String> last = new ArrayList<>();
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        byte[] body;
        boolean mustFail;
        final List<String> what = new ArrayList<>();

        Gen(Random rnd) {
            this.rnd = rnd;
            ref = pick(rnd, List.of(tag, hash, "latest"));
            table = pick(rnd, List.copyOf(tables.keySet()));
        }

        void poison(String why) {
            mustFail = true;
            what.add(why);
        }

        /** Adds a query parameter in URL form ({@link #urlForm}); raw additions go to {@link #params} directly. */
        void param(String p) {
            params.add(urlForm(p));
        }

        /** A poisoned reserved parameter (select, order, limit, offset): a later one of that key would replace it. */
        void lastParam(String p) {
            last.add(urlForm(p));
        }

        void header(String name, String value) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        }

        boolean has(String name) {
            return headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
        }

        Map<String, String> columns() {
            return tables.getOrDefault(table, Map.of());
        }

        String column() {
            return pick(rnd, List.copyOf(columns().keySet()));
        }

        String target() {
            if (shape != null) {
                return shape;
            }
            String t = "/" + ns + "/" + repo + "/" + ref + "/-/rest/" + (table == null ? "" : table);
            List<String> all = new ArrayList<>(params);
            all.addAll(last);
            return all.isEmpty() ? t : t + "?" + String.join("&", all);
        }

        Case build(int number) {
            return new Case(number, String.join(" + ", what), method, target(), List.copyOf(headers), body, mustFail);
        }
    }

    private Case one(Random rnd, int number) {
        Gen g = new Gen(rnd);
        int kind = rnd.nextInt(100);
        if (kind < 36) {
            g.what.add("query");
            validQuery(g);
            int mutations = 1 + rnd.nextInt(2);
            for (int i = 0; i < mutations; i++) {
                mutateQuery(g);
            }
        } else if (kind < 54) {
            g.what.add("path");
            if (rnd.nextInt(3) > 0) {
                validQuery(g);
            }
            hostilePath(g);
        } else if (kind < 68) {
            g.what.add("headers");
            validQuery(g);
            int n = 1 + rnd.nextInt(2);
            for (int i = 0; i < n; i++) {
                hostileHeader(g);
            }
        } else if (kind < 78) {
            g.what.add("method");
            if (rnd.nextBoolean()) {
                validQuery(g);
            }
            method(g);
        } else if (kind < 87) {
            g.what.add("size");
            size(g);
        } else if (kind < 93) {
            g.what.add("query encoding");
            validQuery(g);
            encoding(g);
        } else if (kind < 97) {
            g.what.add("private repository");
            g.repo = privateRepository;
            g.ref = pick(rnd, List.of(tag, "latest"));
            if (rnd.nextBoolean()) {
                validQuery(g);
            }
            int who = rnd.nextInt(3);
            if (who == 0) {
                g.header("Authorization", "Bearer " + token);
                g.what.add("owner's token");
            } else if (who == 1) {
                g.header("Authorization", pick(rnd, badTokens()));
                g.poison("bad token");
            } else {
                g.poison("anonymous");
            }
        } else {
            g.what.add("openapi");
            g.table = null;
            if (rnd.nextBoolean()) {
                g.params.add(pick(rnd, List.of("select=id", "limit=1", "%zz", "or=(", "order=nosuch")));
            }
            if (rnd.nextInt(3) == 0) {
                g.header("Authorization", pick(rnd, badTokens()));
                g.poison("bad token");
            } else if (rnd.nextInt(4) == 0) {
                method(g);
            }
        }
        return g.build(number);
    }

    // ---- valid queries ------------------------------------------------------------------------

    private void validQuery(Gen g) {
        Random rnd = g.rnd;
        if (rnd.nextInt(3) > 0) {
            List<String> items = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                String c = g.column();
                int form = rnd.nextInt(6);
                items.add(switch (form) {
                    case 0 -> "a" + i + ":" + c;
                    case 1 -> c + "::text";
                    case 2 -> "*";
                    default -> c;
                });
            }
            g.param("select=" + String.join(",", items));
        }
        int filters = rnd.nextInt(3);
        for (int i = 0; i < filters; i++) {
            String c = g.column();
            g.param(c + "=" + goodFilter(rnd, g.columns().get(c)));
        }
        if (rnd.nextInt(3) == 0) {
            String c1 = g.column();
            String c2 = g.column();
            g.param(pick(rnd, List.of("or", "and", "not.or")) + "=(" + c1 + "." + simpleFilter(rnd, g.columns().get(c1))
                    + "," + c2 + "." + simpleFilter(rnd, g.columns().get(c2)) + ")");
        }
        if (rnd.nextBoolean()) {
            g.param("order=" + g.column() + pick(rnd, List.of("", ".asc", ".desc", ".desc.nullslast", ".nullsfirst")));
        }
        if (rnd.nextBoolean()) {
            g.param("limit=" + rnd.nextInt(20));
        }
        if (rnd.nextInt(4) == 0) {
            g.param("offset=" + rnd.nextInt(15));
        }
    }

    private static String goodFilter(Random rnd, String type) {
        Values v = values(type);
        String op = pick(rnd, OPS);
        String not = rnd.nextInt(5) == 0 ? "not." : "";
        return not + switch (op) {
            case "in" -> "in.(" + pick(rnd, v.good()) + "," + pick(rnd, v.good()) + ")";
            case "is" -> "is." + pick(rnd, List.of("null", "true", "false", "unknown"));
            case "like", "ilike" -> op + "." + pick(rnd, List.of("*", "*a*", "1*", "*-item-1*", "%25", "_"));
            case "match", "imatch" -> op + "." + pick(rnd, List.of("^1", "item", "a|b", ".*", "[0-9]+"));
            default -> op + "." + pick(rnd, v.good());
        };
    }

    /** A filter for and/or trees: values without commas or parentheses. */
    private static String simpleFilter(Random rnd, String type) {
        Values v = values(type);
        List<String> plain = v.good().stream().filter(s -> !s.contains(",") && !s.contains("(") && !s.contains(")")
                && !s.contains("%")).toList();
        String value = plain.isEmpty() ? "1" : pick(rnd, plain);
        return pick(rnd, List.of("eq", "neq", "gt", "lte", "is")).equals("is") ? "is.null" : pick(rnd, List.of("eq", "neq", "gt", "lte")) + "." + value;
    }

    // ---- query mutations ----------------------------------------------------------------------

    private void mutateQuery(Gen g) {
        Random rnd = g.rnd;
        int m = rnd.nextInt(12);
        switch (m) {
            case 0 -> {
                g.lastParam("select=" + pick(rnd, BAD_SELECT));
                g.poison("bad select");
            }
            case 1 -> {
                String c = g.column();
                String cast = pick(rnd, CASTS).replace(" ", "%20");
                g.param("select=" + (rnd.nextBoolean() ? "x:" : "") + c + "::" + cast);
                g.what.add("cast");
            }
            case 2 -> {
                g.lastParam("order=" + pick(rnd, BAD_ORDER));
                g.poison("bad order");
            }
            case 3 -> {
                String which = pick(rnd, List.of("limit", "offset"));
                if (rnd.nextBoolean()) {
                    g.lastParam(which + "=" + pick(rnd, BAD_NUMBERS));
                    g.poison("bad " + which);
                } else {
                    g.param(which + "=" + pick(rnd, ODD_NUMBERS));
                    g.what.add("odd " + which);
                }
            }
            case 4 -> { // type mismatch: a comparison with a value the column's type refuses
                List<String> typed = g.columns().keySet().stream().filter(c -> !values(g.columns().get(c)).bad().isEmpty()).toList();
                String c = pick(rnd, typed);
                String bad = pick(rnd, values(g.columns().get(c)).bad());
                String op = pick(rnd, COMPARE);
                if (op.equals("in") && (bad.isEmpty() || bad.contains(","))) {
                    op = "eq"; // in.() is an empty list and in.(1,2) two good values
                }
                g.param(c + "=" + (rnd.nextInt(4) == 0 ? "not." : "") + (op.equals("in") ? "in.(" + bad + ")" : op + "." + bad));
                g.poison("type mismatch");
            }
            case 5 -> { // any operator on any column with any value of another column's type
                String c = g.column();
                String other = pick(rnd, List.copyOf(g.columns().values()));
                Values v = values(other);
                String value = pick(rnd, rnd.nextBoolean() || v.bad().isEmpty() ? v.good() : v.bad());
                String op = pick(rnd, rnd.nextInt(4) == 0 ? OTHER_OPS : OPS);
                g.param(c + "=" + (rnd.nextInt(5) == 0 ? "not." : "") + op + "."
                        + (op.equals("is") ? pick(rnd, IS_VALUES) : op.equals("in") ? "(" + value + ")" : value));
                g.what.add("operator/value mix");
            }
            case 6 -> {
                g.param(g.column() + "=" + (rnd.nextBoolean() ? "not." : "") + pick(rnd, BAD_OPS) + ".1");
                g.poison("bad operator");
            }
            case 7 -> {
                g.param(g.column() + "=is." + pick(rnd, BAD_IS));
                g.poison("bad is value");
            }
            case 8 -> { // broken logic trees
                String c = g.column();
                List<String> broken = List.of("or=(" + c + ".eq.1", "or=" + c + ".eq.1", "or=()", "or=(,)",
                        "or=(nosuch.eq.1)", "or=(" + c + ".eq)", "or=(and(" + c + ".eq.1),or())", "not.or=(" + c + ")",
                        "or=(" + c + ".nope.1)", "and=((" + c + ".eq.1))", "or=(" + c + ".in.(1,2)", "or=(" + c + ".eq.1,)",
                        "or=)(", "and=(not." + c + ")", "or=(%22" + c + ".eq.1)", "and=(" + c + ".is.maybe)");
                g.param(pick(rnd, broken));
                g.poison("broken logic");
            }
            case 9 -> { // logic trees that parse: nested, negated, quoted values
                String c = g.column();
                String f = c + "." + simpleFilter(rnd, g.columns().get(c));
                g.param(pick(rnd, List.of("or=(" + f + ",and(" + f + ",not." + f + "))", "not.and=(" + f + "," + f + ")",
                        "and=(or(" + f + "),or(" + f + "))", "or=(" + c + ".in.(1,2)," + f + ")", "or=(" + c + ".eq.%22a,b%22)",
                        "or=(" + c + ".like.*%29*)",
                        // A bracket too many after the tree is ignored: PostgREST's AndOrParamsSpec, "can handle eq and neq".
                        "and=(" + f + "))")));
                g.what.add("logic");
            }
            case 10 -> { // unknown parameters and columns
                g.param(pick(rnd, List.of("foo=bar", "foo=eq.1", "nosuch=eq.1", "ID=eq.1", "id%00=eq.1",
                        "select.id=eq.1", "not=eq.1", "limit.x=1", "pg_sleep=eq.1")));
                g.poison("unknown column");
            }
            default -> { // duplicates and contradictions: valid
                String c = g.column();
                g.param(pick(rnd, List.of("limit=1&limit=2", "select=" + c + "&select=" + c, "order=" + c + "&order=" + c + ".desc",
                        c + "=is.null&" + c + "=not.is.null", "offset=0&offset=1")));
                g.what.add("duplicates");
            }
        }
    }

    // ---- paths, headers, methods, sizes, encodings --------------------------------------------

    private void hostilePath(Gen g) {
        Random rnd = g.rnd;
        int slot = rnd.nextInt(5);
        switch (slot) {
            case 0 -> {
                g.ns = pick(rnd, BAD_NAMES);
                g.poison("bad namespace");
            }
            case 1 -> {
                g.repo = pick(rnd, BAD_NAMES);
                g.poison("bad repository");
            }
            case 2 -> {
                List<String> refs = new ArrayList<>(BAD_REFS);
                refs.addAll(List.of(hash.toUpperCase(Locale.ROOT), hash.substring(0, 63), hash.substring(0, 12), hash + "0",
                        hash.substring(1) + "g"));
                refs.addAll(BAD_NAMES);
                g.ref = pick(rnd, refs);
                g.poison("bad tag or hash");
            }
            case 3 -> {
                g.table = pick(rnd, BAD_TABLES);
                g.poison("bad table");
            }
            default -> {
                String shape = pick(rnd, BAD_SHAPES);
                g.shape = shape.replace("/ns/", "/" + namespace + "/").replace("/repo/", "/" + repository + "/");
                g.poison("bad path shape");
            }
        }
    }

    private List<String> badTokens() {
        String[] parts = token.split("\\.");
        String flipped = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
        return List.of("Bearer", "Bearer  ", "Basic dXNlcjpwYXNz", "Bearer not.a.token", "Bearer a.b.c", "Bearer ...",
                "Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoicG9zdGdyZXMifQ.", "Bearer " + flipped,
                "Bearer " + token.substring(0, token.length() - 5), "Bearer " + token + "x", "Bearer " + "x".repeat(5000),
                "Token abc", "Bearer " + parts[0] + "." + parts[1], "Bearer " + token + " " + token,
                "Bearer eyJhbGciOiJIUzUxMiJ9.eyJyb2xlIjoicG9zdGdyZXMifQ.c2ln", "Bearer %00", "Bearer ey%%%.e.e",
                "Bearer " + parts[0] + ".bm90IGpzb24." + parts[2], "Bearer " + parts[0] + ".!!!." + parts[2],
                "Bearer e30.e30.e30", "Bearer W10.W10.W10", "Bearer bnVsbA.bnVsbA.bnVsbA", "Bearer MQ.MQ.MQ");
    }

    /** One header to add: its name, value, and why it poisons the case (null: it does not) or what it is. */
    private record Header(String name, String value, String poison, String what) {
        static Header bad(String name, String value, String why) {
            return new Header(name, value, why, null);
        }

        static Header odd(String name, String value, String what) {
            return new Header(name, value, null, what);
        }
    }

    /**
     * A hostile or odd header. A name the case already has is not sent twice (which of two values a
     * server reads is its choice, so a poison could be hidden behind a good value).
     */
    private void hostileHeader(Gen g) {
        Header h = header(g.rnd);
        if (g.has(h.name())) {
            return;
        }
        g.header(h.name(), h.value());
        if (h.poison() != null) {
            g.poison(h.poison());
        } else {
            g.what.add(h.what());
        }
        if (h.name().equals("Range") && g.rnd.nextBoolean()) {
            g.header("Range-Unit", pick(g.rnd, List.of("items", "bytes", "", LONG.substring(0, 2000), RawHttps.bytesAsChars("ü"))));
        }
    }

    private Header header(Random rnd) {
        return switch (rnd.nextInt(9)) {
            // PostgREST ignores a Range it cannot parse (^[0-9]+-[0-9]*$) and answers the whole range; one
            // whose end is before its start is not satisfiable (416).
            case 0 -> rnd.nextInt(4) == 0
                    ? Header.bad("Range", "5-1", "unsatisfiable Range")
                    : Header.odd("Range", pick(rnd, List.of("a-b", "-5", "0-4,6-8", "bytes=0-10", "0 - 4", "99999999999999999999-",
                    "items=", "=", "0-4-8", "%30-4", LONG.substring(0, 3000), "0-4", "5-", "items=0-4", "0-999999999999999999", "", " ",
                    "3-3", "1000-")), "Range");
            case 1 -> Header.odd("Prefer", pick(rnd, List.of("count=exact", "count=planned", "count=estimated", "return=representation",
                    "tx=rollback", "handling=strict", "count=exact, count=none", "garbage", "=", ",,,", LONG.substring(0, 3000),
                    "count=exact;x", "missing=null", "max-affected=1", "timezone=Mars/Olympus", "params=single-object")), "Prefer");
            case 2 -> rnd.nextBoolean()
                    ? Header.bad("Accept", pick(rnd, List.of("text/html", "application/xml", "image/png", "application/openapi+json",
                    "text/*", ",", ";;", "application/geo+json", "application/vnd.pgrst.plan+json", LONG.substring(0, 3000),
                    "application/jsonx", "json", "text/plain", "application/octet-stream", "application/*")), "unsupported Accept")
                    : Header.odd("Accept", pick(rnd, List.of("application/json", "*/*", "text/csv",
                    "application/json, text/csv", "", "application/vnd.pgrst.object+json", "application/json;q=0",
                    "text/csv;charset=utf-8", "APPLICATION/JSON", "text/html, */*;q=0.1")), "Accept");
            case 3, 4 -> Header.bad("Authorization", pick(rnd, badTokens()), "bad token");
            case 5 -> Header.odd("Authorization", pick(rnd, List.of("Bearer " + token, "", "bearer " + token, "Bearer   " + token)),
                    "valid token");
            case 6 -> {
                String[] junk = pick(rnd, List.of(new String[]{"Accept-Profile", "pg_catalog"}, new String[]{"Content-Profile", "public"},
                        new String[]{"Accept-Profile", "auth"}, new String[]{"X-Forwarded-For", "10.0.0.1, 127.0.0.1"},
                        new String[]{"X-Forwarded-Host", "evil.example"}, new String[]{"X-Original-URL", "/auth/register_user"},
                        new String[]{"X-Rewrite-URL", "/admin"}, new String[]{"Forwarded", "for=1.2.3.4;host=evil"},
                        new String[]{"Cookie", "session=x"}, new String[]{"If-None-Match", "*"},
                        new String[]{"If-Modified-Since", "garbage"}, new String[]{"Accept-Encoding", "gzip, br"},
                        new String[]{"Accept-Charset", "ebcdic"}, new String[]{"Accept-Language", RawHttps.bytesAsChars("ü")},
                        new String[]{"Cache-Control", "no-cache"}, new String[]{"Max-Forwards", "0"}, new String[]{"TE", "trailers"},
                        new String[]{"X-Image-Hash", "forged"}, new String[]{"X-Cache", "HIT"},
                        new String[]{"X-Ban-Repository", namespace + "/" + repository}, new String[]{"Content-Type", "application/xml"},
                        new String[]{"Content-Length", "0"}, new String[]{"X-Utf8", RawHttps.bytesAsChars("é\u2603")},
                        new String[]{"Via", "1.1 evil"}, new String[]{"X-Pgrst-Range", "0-1"}, new String[]{"X-Cache-Url", "/x"},
                        new String[]{"Range-Unit", "items"}, new String[]{"Origin", "https://evil.example"},
                        new String[]{"Expect", "100-continue"}));
                yield Header.odd(junk[0], junk[1], "junk header " + junk[0]);
            }
            case 7 -> {
                String[] bad = pick(rnd, List.of(new String[]{"Content-Length", "abc"}, new String[]{"Content-Length", "-1"},
                        new String[]{"Content-Length", "1, 2"}, new String[]{"Host", "other.example"}, new String[]{"NoColonHeader", null},
                        new String[]{"Bad Header", "x"}, new String[]{"Bad(Header)", "x"}, new String[]{":authority", "x"},
                        new String[]{"", "empty-name"}, new String[]{"Expect", "something-else"}));
                yield Header.bad(bad[0], bad[1], "malformed header " + Quoting.visible(bad[0]));
            }
            default -> {
                String[] odd = pick(rnd, List.of(new String[]{"X-Ctl", "a\u0001b"}, new String[]{"X-Nul", "a\u0000b"},
                        new String[]{"X-Fold", "a\r\n b"}, new String[]{"X-Tab", "a\tb"}, new String[]{"X-Del", "a\u007fb"},
                        new String[]{"Authorization", "Bearer \u0001"}, new String[]{"Accept", "application/json\u0000"},
                        new String[]{"X-Space-Before ", "x"}, new String[]{"X-Empty", ""}));
                yield Header.odd(odd[0], odd[1], "odd header " + Quoting.visible(odd[0]));
            }
        };
    }

    private void method(Gen g) {
        Random rnd = g.rnd;
        g.method = pick(rnd, List.of("POST", "PATCH", "PUT", "DELETE", "OPTIONS", "TRACE", "FOO", "PROPFIND", "get", "CONNECT",
                "POST", "PATCH", "DELETE", "MKCOL", "PURGE", "BAN", "LINK"));
        g.poison("method " + g.method);
        if (!List.of("OPTIONS", "TRACE", "CONNECT").contains(g.method) && rnd.nextInt(3) > 0) {
            String body = pick(rnd, List.of("{\"id\":999,\"name\":\"x\"}", "[{\"id\":1}]", "not json", "{\"id\":", "",
                    "{\"id\":1,\"name\":\"" + LONG + "\"}", "id,name\n1,x\n", "[]", "nul"));
            g.body = body.getBytes(StandardCharsets.UTF_8);
            g.header("Content-Type", pick(rnd, List.of("application/json", "text/csv", "application/x-www-form-urlencoded",
                    "application/vnd.pgrst.object+json", "multipart/form-data; boundary=x")));
        }
        if (rnd.nextInt(3) == 0) {
            g.header("Prefer", pick(rnd, List.of("return=representation", "resolution=merge-duplicates", "tx=commit")));
        }
        if (rnd.nextInt(4) == 0 && !g.has("Authorization")) {
            g.header("Authorization", "Bearer " + token);
        }
    }

    private void size(Gen g) {
        Random rnd = g.rnd;
        int s = rnd.nextInt(9);
        String c = g.column();
        switch (s) {
            case 0 -> {
                int n = pick(rnd, List.of(1000, 4000, 7000, 9000, 20000, 70000));
                g.params.add(c + "=eq." + "x".repeat(n));
                g.what.add("value of " + n + " bytes");
                if (n >= 9000) {
                    g.poison("request line over 8 KiB");
                }
            }
            case 1 -> {
                int n = pick(rnd, List.of(100, 1000, 1500));
                StringBuilder in = new StringBuilder("id=in.(");
                for (int i = 0; i < n; i++) {
                    in.append(i > 0 ? "," : "").append(i);
                }
                g.params.add(in.append(')').toString());
                g.what.add("in list of " + n);
            }
            case 2 -> {
                int n = pick(rnd, List.of(50, 500, 1500));
                for (int i = 0; i < n; i++) {
                    g.params.add("id=gt.0");
                }
                g.what.add(n + " filters");
            }
            case 3 -> {
                int depth = pick(rnd, List.of(50, 300, 1000, 1500, 2000));
                String f = "id.eq.1";
                StringBuilder open = new StringBuilder();
                StringBuilder close = new StringBuilder();
                for (int i = 0; i < depth; i++) {
                    open.append(i % 2 == 0 ? "and(" : "or(");
                    close.append(')');
                }
                g.params.add("or=(" + open + f + close + ")");
                g.what.add("logic nested " + depth + " deep");
            }
            case 4 -> {
                int n = pick(rnd, List.of(300, 1500));
                g.params.add("select=" + String.join(",", java.util.Collections.nCopies(n, c)));
                g.what.add("select of " + n + " columns");
            }
            case 5 -> {
                int n = pick(rnd, List.of(4000, 9000, 17000, 40000));
                g.header("X-Long", "x".repeat(n));
                g.what.add("header of " + n + " bytes");
            }
            case 6 -> {
                int n = pick(rnd, List.of(50, 100, 200));
                for (int i = 0; i < n; i++) {
                    g.header("X-H-" + i, "v");
                }
                g.what.add(n + " headers");
            }
            case 7 -> {
                int n = pick(rnd, List.of(10_000, 200_000, 1_200_000));
                g.method = pick(rnd, List.of("POST", "PATCH", "PUT"));
                StringBuilder b = new StringBuilder("[");
                while (b.length() < n) {
                    b.append("{\"id\":").append(b.length()).append(",\"name\":\"n\"},");
                }
                b.setLength(b.length() - 1);
                g.body = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
                g.header("Content-Type", "application/json");
                g.poison("method " + g.method + " with " + n + " bytes");
            }
            default -> {
                int n = pick(rnd, List.of(63, 64, 500, 1100, 5000, 9000, 20000));
                g.table = "t".repeat(n);
                g.poison("table name of " + n + " bytes");
            }
        }
    }

    private void encoding(Gen g) {
        Random rnd = g.rnd;
        String c = g.column();
        if (rnd.nextBoolean()) {
            g.params.add(pick(rnd, List.of("%zz", "%", "%0", "=eq.1", "==", c + "=b=c", "?", "%zz=eq.1", c + "=eq.%zz", c + "=eq.%",
                    "select=%", c + "=%")));
            g.poison("malformed query string");
        } else {
            g.params.add(pick(rnd, List.of("%00=1", c + "=eq.%00", "select=%C0%AF", c + "=eq.%FF%FE", c + "=eq." + RawHttps.bytesAsChars("é"),
                    "&&&", c + "=eq.1#frag", c + "=eq.1%23", c + "=eq.1;", "??", c + "=eq.a+b", c + "=like.%25", c + "=eq.%E2%80%AE",
                    c + "=eq.%0D%0A", c + "=eq.%0d%0aX-Injected:%201", c + "=eq.\u0001", c + "=eq. ", c + "=eq.\"", c + "=eq.<x>",
                    c + "=eq.\\", c + "=eq.^", c + "=eq.`", c + "=eq.{", c + "=eq.|", c + "=eq.}", c + "=eq.%F0%9F%98%80",
                    c + "=eq.%ED%A0%80", "select=" + RawHttps.bytesAsChars("ü"), c + "=eq." + RawHttps.bytesAsChars("\uD83D\uDE00"),
                    c + "=eq.%2B1", c + "=eq.%26", c + "=eq.%3D", c + "%3Deq.1", "select%3D" + c, c + "=eq.\u007f")));
            g.what.add("odd query string");
        }
    }

    /**
     * Percent-encodes what may not stand raw in a query string (space, quotes, brackets, '+', '#',
     * controls, non-ASCII); existing %XX escapes stay, as the value pools are written in URL form.
     */
    static String urlForm(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}[]+#".indexOf(c) >= 0) {
                b.append(String.format("%%%02X", c));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    static <T> T pick(Random rnd, List<T> options) {
        return options.get(rnd.nextInt(options.size()));
    }
}
