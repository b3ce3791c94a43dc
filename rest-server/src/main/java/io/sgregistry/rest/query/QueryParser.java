package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.query.Ast.Condition;
import io.sgregistry.rest.query.Ast.Field;
import io.sgregistry.rest.query.Ast.JsonStep;
import io.sgregistry.rest.query.Ast.Filter;
import io.sgregistry.rest.query.Ast.Logic;
import io.sgregistry.rest.query.Ast.Op;
import io.sgregistry.rest.query.Ast.Order;
import io.sgregistry.rest.query.Ast.SelectItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses PostgREST's query syntax ({@code select}, filters, {@code and/or}, {@code order}, {@code limit},
 * {@code offset}, {@code on_conflict}, {@code columns}) into {@link Ast}. Values stay raw strings: they
 * are only ever bound as parameters. Any syntax error is a {@link ApiError} PGRST100 (400).
 */
public final class QueryParser {
    /** Reserved parameter names, as in PostgREST. */
    public static final Set<String> RESERVED = Set.of("select", "order", "limit", "offset", "and", "or",
            "not.and", "not.or", "on_conflict", "columns");
    // Type names of casts: lower-case words only (no quotes, no punctuation), so nothing can escape.
    private static final Pattern CAST = Pattern.compile("[a-z_][a-z0-9_]*( [a-z_][a-z0-9_]*)*(\\[\\])?");
    /** {@code field.fn()[::cast]}: an aggregate applied to a field (the field part is checked after). */
    private static final Pattern AGGREGATE = Pattern.compile("(.+)\\.(sum|avg|count|max|min)\\(\\)(?:::(.+))?", Pattern.DOTALL);
    /** {@code count()[::cast]}: the rows counted. */
    private static final Pattern COUNT_ROWS = Pattern.compile("count\\(\\)(?:::(.+))?", Pattern.DOTALL);
    private static final Map<String, Op> OPS = Map.ofEntries(
            Map.entry("eq", Op.EQ), Map.entry("neq", Op.NEQ), Map.entry("gt", Op.GT), Map.entry("gte", Op.GTE),
            Map.entry("lt", Op.LT), Map.entry("lte", Op.LTE), Map.entry("like", Op.LIKE),
            Map.entry("ilike", Op.ILIKE), Map.entry("match", Op.MATCH), Map.entry("imatch", Op.IMATCH),
            Map.entry("in", Op.IN), Map.entry("is", Op.IS), Map.entry("isdistinct", Op.ISDISTINCT),
            Map.entry("cs", Op.CS), Map.entry("cd", Op.CD), Map.entry("ov", Op.OV), Map.entry("sl", Op.SL),
            Map.entry("sr", Op.SR), Map.entry("nxl", Op.NXL), Map.entry("nxr", Op.NXR), Map.entry("adj", Op.ADJ),
            Map.entry("fts", Op.FTS), Map.entry("plfts", Op.PLFTS), Map.entry("phfts", Op.PHFTS),
            Map.entry("wfts", Op.WFTS));
    /** Operators that take the (any)/(all) modifier, as in PostgREST. */
    private static final Set<Op> QUANTIFIABLE = Set.of(Op.EQ, Op.NEQ, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.LIKE,
            Op.ILIKE, Op.MATCH, Op.IMATCH);
    private static final Set<String> IS_VALUES = Set.of("null", "not_null", "true", "false", "unknown");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /**
     * How deep and/or trees may nest. Real queries nest a few levels; without a limit a tree nested
     * some thousand levels deep (it fits in one request line) overflows the parser's stack.
     */
    public static final int MAX_LOGIC_DEPTH = 64;
    /** How deep embeddings may nest (the same reason). */
    public static final int MAX_EMBED_DEPTH = 16;

    private QueryParser() {
    }

    /** Parses decoded query parameters in their order. Keys {@code a.b.param} belong to the embedding a.b. */
    public static Ast.Query parse(List<Map.Entry<String, String>> params) {
        Builder root = new Builder();
        Map<String, Builder> embedded = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params) {
            String key = e.getKey();
            String value = e.getValue();
            String[] scoped = splitEmbedKey(key);
            Builder b = root;
            if (scoped != null) {
                b = embedded.computeIfAbsent(scoped[0], k -> new Builder());
                key = scoped[1];
            }
            switch (key) {
                case "select" -> {
                    if (b != root) {
                        throw ApiError.parse("\"failed to parse select parameter\"", "select is not a parameter of an embedding");
                    }
                    b.select = parseSelect(value);
                }
                case "order" -> b.order = parseOrder(value);
                case "limit" -> b.limit = whole("limit", value);
                case "offset" -> b.offset = whole("offset", value);
                case "on_conflict" -> b.onConflict = names("on_conflict", value);
                case "columns" -> b.columns = names("columns", value);
                case "and", "or", "not.and", "not.or" -> b.where.add(parseLogicParam(key, value));
                default -> b.where.add(parseFilter(key, value));
            }
        }
        Map<String, Ast.Scope> scopes = new LinkedHashMap<>();
        embedded.forEach((path, b) -> scopes.put(path, new Ast.Scope(List.copyOf(b.where), b.order, b.limit, b.offset)));
        return new Ast.Query(root.select, List.copyOf(root.where), root.order, root.limit, root.offset,
                root.onConflict, root.columns, Map.copyOf(scopes));
    }

    private static final class Builder {
        List<Ast.Selected> select = List.of();
        final List<Condition> where = new ArrayList<>();
        List<Order> order = List.of();
        Long limit;
        Long offset;
        List<String> onConflict = List.of();
        List<String> columns = List.of();
    }

    /**
     * {@code clients.name} -> {@code [clients, name]}, {@code a.b.order} -> {@code [a.b, order]}; null
     * for a key of the root ({@code not.or}, a JSON path with dots in it, or no dot at all).
     */
    private static String[] splitEmbedKey(String key) {
        if (key.equals("not.and") || key.equals("not.or")) {
            return null;
        }
        int arrow = key.indexOf("->");
        String head = arrow < 0 ? key : key.substring(0, arrow);
        int dot = head.lastIndexOf('.');
        if (dot <= 0 || dot == head.length() - 1) {
            return null;
        }
        String last = key.substring(dot + 1);
        String path = head.substring(0, dot);
        if (path.endsWith(".not")) {
            // a.not.or / a.not.and
            path = path.substring(0, path.length() - 4);
            last = "not." + last;
        }
        return new String[]{path, last};
    }

    /** The select list: fields, {@code *} and embeddings {@code alias:relation!hint!inner(...)}. */
    static List<Ast.Selected> parseSelect(String text) {
        checkJsonSteps(text);
        return parseSelect(text, text, 1);
    }

    /**
     * A JSON path step starts with a key or an index: a reserved character there, or a {@code -} not
     * followed by a digit, is answered in PostgREST's parser's words and position (1-based column).
     */
    private static void checkJsonSteps(String text) {
        boolean quoted = false;
        for (int i = 0; i + 1 < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (quoted || c != '-' || text.charAt(i + 1) != '>') {
                continue;
            }
            int k = i + 2 < text.length() && text.charAt(i + 2) == '>' ? i + 3 : i + 2;
            if (k >= text.length()) {
                return;
            }
            char first = text.charAt(k);
            if (".,>()".indexOf(first) >= 0) {
                throw ApiError.parse("\"failed to parse select parameter (" + text + ")\" (line 1, column " + (k + 1) + ")",
                        "unexpected \"" + first + "\" expecting \"-\", digit or any non reserved character different from: .,>()");
            }
            if (first == '-' && k + 1 < text.length() && !Character.isDigit(text.charAt(k + 1))) {
                throw ApiError.parse("\"failed to parse select parameter (" + text + ")\" (line 1, column " + (k + 2) + ")",
                        "unexpected \"" + text.charAt(k + 1) + "\" expecting digit");
            }
            i = k - 1;
        }
    }

    private static List<Ast.Selected> parseSelect(String text, String whole, int depth) {
        if (depth > MAX_EMBED_DEPTH) {
            throw ApiError.parse("\"failed to parse select parameter\"", "embeddings nest at most " + MAX_EMBED_DEPTH + " levels deep");
        }
        List<Ast.Selected> items = new ArrayList<>();
        if (text.isBlank()) {
            return List.of();
        }
        for (String raw : splitTopLevel(text, "select")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"", "empty item in select");
            }
            if (item.startsWith("...")) {
                items.add(parseSpread(item.substring(3).strip(), whole, depth));
                continue;
            }
            SelectItem aggregated = parseAggregate(item, whole);
            if (aggregated != null) {
                items.add(aggregated);
                continue;
            }
            int open = indexOfUnquoted(item, '(');
            if (open >= 0) {
                items.add(parseEmbed(item, open, whole, depth));
                continue;
            }
            if (item.contains(")")) {
                throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"", "unexpected ')'");
            }
            String alias = null;
            int colon = indexOfSingleColon(item);
            if (colon >= 0) {
                alias = item.substring(0, colon).strip();
                item = item.substring(colon + 1).strip();
            }
            items.add(parseField(alias, item, whole));
        }
        return List.copyOf(items);
    }

    /** {@code field[::cast]} selected under {@code alias} (raw, null: none). */
    private static SelectItem parseField(String alias, String item, String whole) {
        String cast = null;
        int castAt = item.lastIndexOf("::");
        if (castAt >= 0) {
            cast = castName(item.substring(castAt + 2), whole);
            item = item.substring(0, castAt).strip();
        }
        Field field = parseField(item, whole);
        if (field.column().isEmpty() || (alias != null && unquote(alias).isEmpty())) {
            throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"", "empty column or alias");
        }
        if (alias != null && alias.indexOf('\0') >= 0) {
            // PostgreSQL has no NUL in a name; refused here rather than quoted (SqlQuoting refuses it too).
            throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"", "an alias cannot hold a NUL character");
        }
        return new SelectItem(field, alias == null ? null : unquote(alias), cast);
    }

    /**
     * {@code [alias:]field[::cast].fn()[::cast]} or {@code [alias:]count()[::cast]} (fn: sum, avg, count,
     * max, min); null when the item is no aggregate (an embedding's parentheses hold a select list).
     */
    private static SelectItem parseAggregate(String item, String whole) {
        String alias = null;
        String body = item;
        int colon = indexOfSingleColon(item);
        if (colon >= 0) {
            alias = item.substring(0, colon).strip();
            body = item.substring(colon + 1).strip();
        }
        Matcher countRows = COUNT_ROWS.matcher(body);
        Matcher applied = AGGREGATE.matcher(body);
        Ast.Aggregate aggregate;
        String resultCast;
        String input;
        if (countRows.matches()) {
            aggregate = Ast.Aggregate.COUNT;
            resultCast = countRows.group(1);
            input = "*";
        } else if (applied.matches() && indexOfUnquoted(applied.group(1), '(') < 0 && indexOfUnquoted(applied.group(1), ')') < 0) {
            aggregate = Ast.Aggregate.valueOf(applied.group(2).toUpperCase(Locale.ROOT));
            resultCast = applied.group(3);
            input = applied.group(1).strip();
        } else {
            return null;
        }
        SelectItem field = parseField(alias, input, whole);
        return new SelectItem(field.field(), field.alias(), field.cast(), aggregate, castName(resultCast, whole));
    }

    /** {@code ...relation!hint!inner(select...)}: a spread embedding (it has no alias: its fields keep their names). */
    private static Ast.Embed parseSpread(String item, String whole, int depth) {
        int open = indexOfUnquoted(item, '(');
        if (open < 0) {
            throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"",
                    "expected an embedded resource after '...', e.g. ...clients(name)");
        }
        Ast.Embed e = parseEmbed(item, open, whole, depth);
        if (e.alias() != null) {
            throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"",
                    "a spread embedding takes no alias: alias its columns instead");
        }
        return new Ast.Embed(e.relation(), null, e.hint(), e.inner(), e.select(), true);
    }

    /** A cast's type name, lower-cased and checked (word characters only); null stays null. */
    private static String castName(String text, String whole) {
        if (text == null) {
            return null;
        }
        String cast = text.strip().toLowerCase(Locale.ROOT);
        if (!CAST.matcher(cast).matches()) {
            throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"",
                    "unexpected cast type '" + cast + "': expected a type name of letters, digits and _");
        }
        return cast;
    }

    private static Ast.Embed parseEmbed(String item, int open, String whole, int depth) {
        if (!item.endsWith(")")) {
            throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"", "expected ')' after an embedding");
        }
        String head = item.substring(0, open).strip();
        String inside = item.substring(open + 1, item.length() - 1);
        String alias = null;
        int colon = indexOfSingleColon(head);
        if (colon >= 0) {
            alias = unquote(head.substring(0, colon));
            head = head.substring(colon + 1).strip();
            if (head.startsWith("...")) {
                throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"",
                        "a spread embedding takes no alias: alias its columns instead");
            }
        }
        String[] parts = head.split("!", -1);
        String relation = unquote(parts[0]);
        String hint = null;
        boolean inner = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.equals("inner")) {
                inner = true;
            } else if (p.equals("left")) {
                inner = false;
            } else if (!p.isEmpty() && hint == null) {
                hint = unquote(p);
            } else {
                throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"",
                        "unexpected '!" + p + "' in the embedding " + head);
            }
        }
        if (relation.isEmpty() || (alias != null && (alias.isEmpty() || alias.indexOf('\0') >= 0))) {
            throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"", "empty embedding name");
        }
        return new Ast.Embed(relation, alias, hint, inner, parseSelect(inside, whole, depth + 1));
    }

    /** {@code col}, {@code col->a->>b}, {@code col->0}. */
    static Field parseField(String text, String whole) {
        String t = text.strip();
        int arrow = t.indexOf("->");
        if (arrow < 0) {
            return Field.of(unquote(t));
        }
        String column = unquote(t.substring(0, arrow));
        List<JsonStep> path = new ArrayList<>();
        int i = arrow;
        while (i < t.length()) {
            boolean asText = t.startsWith("->>", i);
            int start = i + (asText ? 3 : 2);
            int next = t.indexOf("->", start);
            String key = next < 0 ? t.substring(start) : t.substring(start, next);
            if (key.isEmpty() || key.contains("(") || key.contains(")")) {
                throw ApiError.parse("\"failed to parse select parameter (" + whole + ")\"",
                        "unexpected '" + key + "' in a JSON path: keys cannot be empty or hold ( or )");
            }
            // A step after ->> is PostgreSQL's to judge (text -> ...: 42883), as in PostgREST.
            path.add(new JsonStep(unquote(key), asText));
            i = next < 0 ? t.length() : next;
        }
        return new Field(column, path);
    }

    static List<Order> parseOrder(String text) {
        List<Order> orders = new ArrayList<>();
        for (String raw : splitTopLevel(text, "order")) {
            String item = raw.strip();
            // The field may hold dots inside a JSON path's keys only after the last arrow; modifiers follow it.
            int arrowEnd = item.lastIndexOf("->");
            int modsFrom = arrowEnd < 0 ? 0 : arrowEnd + 2;
            int dot = item.indexOf('.', modsFrom);
            String fieldText = dot < 0 ? item : item.substring(0, dot);
            String[] mods = dot < 0 ? new String[0] : item.substring(dot + 1).split("\\.", -1);
            if (fieldText.isEmpty() || mods.length > 2) {
                throw ApiError.parse("\"failed to parse order (" + text + ")\"",
                        "expected column[.asc|.desc][.nullsfirst|.nullslast]");
            }
            boolean desc = false;
            Boolean nullsFirst = null;
            for (String m : mods) {
                switch (m) {
                    case "asc" -> desc = false;
                    case "desc" -> desc = true;
                    case "nullsfirst" -> nullsFirst = true;
                    case "nullslast" -> nullsFirst = false;
                    default -> throw ApiError.parse("\"failed to parse order (" + text + ")\"",
                            "unexpected '" + m + "' expecting asc, desc, nullsfirst or nullslast");
                }
            }
            int open = fieldText.indexOf('(');
            if (open > 0 && fieldText.endsWith(")")) {
                orders.add(new Order(unquote(fieldText.substring(0, open)),
                        parseField(fieldText.substring(open + 1, fieldText.length() - 1), text), desc, nullsFirst));
            } else {
                orders.add(new Order(parseField(fieldText, text), desc, nullsFirst));
            }
        }
        return List.copyOf(orders);
    }

    static Filter parseFilter(String key, String expr) {
        if (key.isEmpty()) {
            throw ApiError.parse("\"failed to parse filter (" + expr + ")\"", "empty column name");
        }
        Field field = parseField(key, key);
        boolean negated = false;
        String rest = expr;
        if (rest.startsWith("not.")) {
            negated = true;
            rest = rest.substring(4);
        }
        int dot = rest.indexOf('.');
        if (dot < 0) {
            throw ApiError.parse("\"failed to parse filter (" + expr + ")\"",
                    "expected operator.value, e.g. eq.1 (operators: " + String.join(", ", new java.util.TreeSet<>(OPS.keySet())) + ")");
        }
        String opText = rest.substring(0, dot);
        String value = rest.substring(dot + 1);
        String modifier = null;
        int paren = opText.indexOf('(');
        if (paren > 0 && opText.endsWith(")")) {
            modifier = opText.substring(paren + 1, opText.length() - 1);
            opText = opText.substring(0, paren);
        }
        Op op = OPS.get(opText);
        if (op == null) {
            throw ApiError.parse("\"failed to parse filter (" + expr + ")\"",
                    "unknown operator '" + opText + "' (operators: " + String.join(", ", new java.util.TreeSet<>(OPS.keySet())) + ")");
        }
        Ast.Quantifier quantifier = null;
        String language = null;
        if (modifier != null) {
            if (op.textSearch() && LANGUAGE.matcher(modifier).matches()) {
                language = modifier;
            } else if (QUANTIFIABLE.contains(op) && (modifier.equals("any") || modifier.equals("all"))) {
                quantifier = modifier.equals("any") ? Ast.Quantifier.ANY : Ast.Quantifier.ALL;
            } else {
                throw ApiError.parse("\"failed to parse filter (" + expr + ")\"",
                        "unexpected modifier '(" + modifier + ")': " + opText
                                + (op.textSearch() ? " takes a language, e.g. fts(english)" : " takes (any) or (all)"));
            }
        }
        if (quantifier != null) {
            List<String> values = parseArray(value, expr);
            if (op == Op.LIKE || op == Op.ILIKE) {
                values = values.stream().map(v -> v.replace('*', '%')).toList();
            }
            return new Filter(field, negated, op, quantifier, null, null, values);
        }
        return switch (op) {
            case IN -> new Filter(field, negated, op, null, null, null, parseList(value, expr));
            case IS -> {
                String v = value.toLowerCase(Locale.ROOT);
                if (!IS_VALUES.contains(v)) {
                    throw ApiError.parse("\"failed to parse filter (" + expr + ")\"",
                            "is. expects null, not_null, true, false or unknown");
                }
                yield new Filter(field, negated, op, null, null, v, List.of());
            }
            // PostgREST lets * stand for % in like patterns (% is awkward in URLs).
            case LIKE, ILIKE -> new Filter(field, negated, op, null, null, value.replace('*', '%'), List.of());
            default -> new Filter(field, negated, op, null, language, value, List.of());
        };
    }

    /**
     * A GET call's query parameter that is an argument of the function, as PostgREST reads one: its key is no
     * reserved word ({@code select}, {@code columns}, {@code on_conflict}; none ending in {@code order},
     * {@code limit}, {@code offset}, {@code and} or {@code or}) and its value is no {@code operator.value}.
     */
    public static boolean callArgument(String key, String value) {
        if (key.equals("select") || key.equals("columns") || key.equals("on_conflict")) {
            return false;
        }
        String last = key.substring(key.lastIndexOf('.') + 1);
        if (Set.of("order", "limit", "offset", "and", "or").contains(last)) {
            return false;
        }
        try {
            parseFilter("pgrst_argument", value);
            return false;
        } catch (ApiError notAFilter) {
            return true;
        }
    }

    /** {@code {a,b,c}} or {@code (a,b,c)}: the values of an (any)/(all) comparison. */
    private static List<String> parseArray(String value, String expr) {
        String t = value.strip();
        if (t.length() >= 2 && (t.startsWith("{") && t.endsWith("}") || t.startsWith("(") && t.endsWith(")"))) {
            String inner = t.substring(1, t.length() - 1);
            if (inner.isBlank()) {
                return List.of();
            }
            return splitTopLevel(inner, expr).stream().map(QueryParser::unquote).toList();
        }
        throw ApiError.parse("\"failed to parse filter (" + expr + ")\"", "(any) and (all) expect a list: {a,b,c}");
    }

    /** {@code [not.]and|or=(...)}: read as PostgREST reads it (see {@link LogicTreeParser}). */
    static Logic parseLogicParam(String key, String value) {
        return LogicTreeParser.parse(key, value);
    }

    /** The operator of a filter's name ({@code eq}, {@code cs}, ...), or null. */
    static Op operator(String name) {
        return OPS.get(name);
    }

    /** A value of {@code is.}, in any case. */
    static boolean isValue(String value) {
        return IS_VALUES.contains(value.toLowerCase(Locale.ROOT));
    }

    private static List<String> parseList(String value, String expr) {
        String t = value.strip();
        if (!t.startsWith("(") || !t.endsWith(")")) {
            throw ApiError.parse("\"failed to parse filter (" + expr + ")\"", "in. expects a list: in.(a,b,c)");
        }
        String inner = t.substring(1, t.length() - 1);
        if (inner.isBlank()) {
            return List.of();
        }
        return splitTopLevel(inner, expr).stream().map(QueryParser::unquote).toList();
    }

    private static List<String> names(String what, String value) {
        List<String> out = new ArrayList<>();
        for (String s : splitTopLevel(value, what)) {
            String n = unquote(s.strip());
            if (n.isEmpty()) {
                throw ApiError.parse("\"failed to parse " + what + " (" + value + ")\"", "empty column name");
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    /** A whole number; a negative one is judged where the page is made (PostgREST: offset no-op, limit 416). */
    private static Long whole(String what, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiError.parse("\"failed to parse " + what + " parameter (" + value + ")\"",
                    what + " must be a whole number");
        }
    }

    /** Splits on commas outside double quotes and parentheses; a backslash escapes inside quotes. */
    static List<String> splitTopLevel(String text, String context) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < text.length()) {
                    cur.append(c).append(text.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                }
                cur.append(c);
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    cur.append(c);
                }
                case '(' -> {
                    depth++;
                    cur.append(c);
                }
                case ')' -> {
                    depth--;
                    if (depth < 0) {
                        throw ApiError.parse("\"failed to parse (" + context + ")\"", "unbalanced ')'");
                    }
                    cur.append(c);
                }
                case ',' -> {
                    if (depth == 0) {
                        parts.add(cur.toString());
                        cur.setLength(0);
                    } else {
                        cur.append(c);
                    }
                }
                default -> cur.append(c);
            }
        }
        if (quoted || depth != 0) {
            throw ApiError.parse("\"failed to parse (" + context + ")\"", "unbalanced quotes or parentheses");
        }
        parts.add(cur.toString());
        return parts;
    }

    /** {@code "a,b"} -> {@code a,b}, with \" and \\ unescaped; anything else unchanged. */
    static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < t.length() - 1; i++) {
                char c = t.charAt(i);
                if (c == '\\' && i + 1 < t.length() - 1) {
                    c = t.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return t;
    }

    private static int indexOfUnquoted(String item, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfSingleColon(String item) {
        boolean quoted = false;
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ':') {
                if (i + 1 < item.length() && item.charAt(i + 1) == ':') {
                    return -1;
                }
                return i;
            }
        }
        return -1;
    }
}
