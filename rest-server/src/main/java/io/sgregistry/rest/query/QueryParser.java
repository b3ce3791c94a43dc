package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.query.Ast.Condition;
import io.sgregistry.rest.query.Ast.Filter;
import io.sgregistry.rest.query.Ast.Logic;
import io.sgregistry.rest.query.Ast.Op;
import io.sgregistry.rest.query.Ast.Order;
import io.sgregistry.rest.query.Ast.SelectItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
    private static final Map<String, Op> OPS = Map.ofEntries(
            Map.entry("eq", Op.EQ), Map.entry("neq", Op.NEQ), Map.entry("gt", Op.GT), Map.entry("gte", Op.GTE),
            Map.entry("lt", Op.LT), Map.entry("lte", Op.LTE), Map.entry("like", Op.LIKE),
            Map.entry("ilike", Op.ILIKE), Map.entry("match", Op.MATCH), Map.entry("imatch", Op.IMATCH),
            Map.entry("in", Op.IN), Map.entry("is", Op.IS));
    private static final Set<String> IS_VALUES = Set.of("null", "true", "false", "unknown");
    /**
     * How deep and/or trees may nest. Real queries nest a few levels; without a limit a tree nested
     * some thousand levels deep (it fits in one request line) overflows the parser's stack.
     */
    public static final int MAX_LOGIC_DEPTH = 64;

    private QueryParser() {
    }

    /** Parses decoded query parameters in their order; for RPC, {@code rpcArgs} receives non-reserved ones. */
    public static Ast.Query parse(List<Map.Entry<String, String>> params) {
        List<SelectItem> select = List.of();
        List<Condition> where = new ArrayList<>();
        List<Order> order = List.of();
        Long limit = null;
        Long offset = null;
        List<String> onConflict = List.of();
        List<String> columns = List.of();
        for (Map.Entry<String, String> e : params) {
            String key = e.getKey();
            String value = e.getValue();
            switch (key) {
                case "select" -> select = parseSelect(value);
                case "order" -> order = parseOrder(value);
                case "limit" -> limit = nonNegative("limit", value);
                case "offset" -> offset = nonNegative("offset", value);
                case "on_conflict" -> onConflict = names("on_conflict", value);
                case "columns" -> columns = names("columns", value);
                case "and", "or", "not.and", "not.or" -> where.add(parseLogicParam(key, value));
                default -> where.add(parseFilter(key, value));
            }
        }
        return new Ast.Query(select, List.copyOf(where), order, limit, offset, onConflict, columns);
    }

    static List<SelectItem> parseSelect(String text) {
        List<SelectItem> items = new ArrayList<>();
        for (String raw : splitTopLevel(text, "select")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                throw ApiError.parse("\"failed to parse select parameter (" + text + ")\"", "empty item in select");
            }
            if (item.contains("(") || item.contains(")")) {
                throw new ApiError(400, "PGRST200", "Could not find a relationship for '" + item
                        + "' in the schema cache", "resource embedding is not supported by this server", null);
            }
            String alias = null;
            String cast = null;
            int colon = indexOfSingleColon(item);
            if (colon >= 0) {
                alias = item.substring(0, colon).strip();
                item = item.substring(colon + 1).strip();
            }
            int castAt = item.indexOf("::");
            if (castAt >= 0) {
                cast = item.substring(castAt + 2).strip().toLowerCase(Locale.ROOT);
                item = item.substring(0, castAt).strip();
                if (!CAST.matcher(cast).matches()) {
                    throw ApiError.parse("\"failed to parse select parameter (" + text + ")\"",
                            "unexpected cast type '" + cast + "': expected a type name of letters, digits and _");
                }
            }
            String column = unquote(item);
            if (column.isEmpty() || (alias != null && unquote(alias).isEmpty())) {
                throw ApiError.parse("\"failed to parse select parameter (" + text + ")\"", "empty column or alias");
            }
            items.add(new SelectItem(column, alias == null ? null : unquote(alias), cast));
        }
        return List.copyOf(items);
    }

    static List<Order> parseOrder(String text) {
        List<Order> orders = new ArrayList<>();
        for (String raw : splitTopLevel(text, "order")) {
            String[] parts = raw.strip().split("\\.");
            if (parts.length == 0 || parts[0].isEmpty() || parts.length > 3) {
                throw ApiError.parse("\"failed to parse order (" + text + ")\"",
                        "expected column[.asc|.desc][.nullsfirst|.nullslast]");
            }
            boolean desc = false;
            Boolean nullsFirst = null;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "asc" -> desc = false;
                    case "desc" -> desc = true;
                    case "nullsfirst" -> nullsFirst = true;
                    case "nullslast" -> nullsFirst = false;
                    default -> throw ApiError.parse("\"failed to parse order (" + text + ")\"",
                            "unexpected '" + parts[i] + "' expecting asc, desc, nullsfirst or nullslast");
                }
            }
            orders.add(new Order(unquote(parts[0]), desc, nullsFirst));
        }
        return List.copyOf(orders);
    }

    static Filter parseFilter(String column, String expr) {
        if (column.isEmpty()) {
            throw ApiError.parse("\"failed to parse filter (" + expr + ")\"", "empty column name");
        }
        boolean negated = false;
        String rest = expr;
        if (rest.startsWith("not.")) {
            negated = true;
            rest = rest.substring(4);
        }
        int dot = rest.indexOf('.');
        if (dot < 0) {
            throw ApiError.parse("\"failed to parse filter (" + expr + ")\"",
                    "expected operator.value, e.g. eq.1 (operators: " + String.join(", ", OPS.keySet()) + ")");
        }
        String opName = rest.substring(0, dot);
        String value = rest.substring(dot + 1);
        Op op = OPS.get(opName);
        if (op == null) {
            throw ApiError.parse("\"failed to parse filter (" + expr + ")\"",
                    "unknown operator '" + opName + "' (operators: " + String.join(", ", OPS.keySet()) + ")");
        }
        return switch (op) {
            case IN -> new Filter(unquote(column), negated, op, null, parseList(value, expr));
            case IS -> {
                String v = value.toLowerCase(Locale.ROOT);
                if (!IS_VALUES.contains(v)) {
                    throw ApiError.parse("\"failed to parse filter (" + expr + ")\"",
                            "is. expects null, true, false or unknown");
                }
                yield new Filter(unquote(column), negated, op, v, List.of());
            }
            // PostgREST lets * stand for % in like patterns (% is awkward in URLs).
            case LIKE, ILIKE -> new Filter(unquote(column), negated, op, value.replace('*', '%'), List.of());
            default -> new Filter(unquote(column), negated, op, value, List.of());
        };
    }

    static Logic parseLogicParam(String key, String value) {
        boolean negated = key.startsWith("not.");
        boolean or = key.endsWith("or");
        return new Logic(or, negated, parseLogicBody(value, key, 1));
    }

    /** {@code (a.eq.1,b.gt.2,and(c.eq.3,d.lt.4))}: items are column.op.value or nested [not.]and/or(...). */
    private static List<Condition> parseLogicBody(String text, String context, int depth) {
        if (depth > MAX_LOGIC_DEPTH) {
            throw ApiError.parse("\"failed to parse logic tree\"", "and/or trees nest at most " + MAX_LOGIC_DEPTH + " levels deep");
        }
        String t = text.strip();
        if (!t.startsWith("(") || !t.endsWith(")") || t.length() < 2) {
            throw ApiError.parse("\"failed to parse logic tree (" + text + ")\"", "expected (condition,condition,...)");
        }
        List<Condition> children = new ArrayList<>();
        for (String raw : splitTopLevel(t.substring(1, t.length() - 1), context)) {
            // Only leading blanks go: a value's trailing blanks are part of the value.
            String item = raw.stripLeading();
            String head = item;
            boolean negated = false;
            if (head.startsWith("not.")) {
                negated = true;
                head = head.substring(4);
            }
            if ((head.startsWith("and(") || head.startsWith("or(")) && head.stripTrailing().endsWith(")")) {
                head = head.stripTrailing();
                boolean or = head.startsWith("or(");
                children.add(new Logic(or, negated, parseLogicBody(head.substring(or ? 2 : 3), context, depth + 1)));
                continue;
            }
            int dot = item.indexOf('.');
            if (dot <= 0) {
                throw ApiError.parse("\"failed to parse logic tree (" + text + ")\"",
                        "expected column.operator.value, got '" + item + "'");
            }
            children.add(parseFilter(item.substring(0, dot), unquoteLogicValue(item.substring(dot + 1))));
        }
        if (children.isEmpty()) {
            throw ApiError.parse("\"failed to parse logic tree (" + text + ")\"", "no condition inside the parentheses");
        }
        return List.copyOf(children);
    }

    /**
     * A value inside a logic tree may be double-quoted to hold reserved characters ({@code ,.():}),
     * with {@code \"} and {@code \\} escaped, as PostgREST reads it; {@code [not.]op.} stays in front.
     */
    private static String unquoteLogicValue(String expr) {
        int start = expr.startsWith("not.") ? 4 : 0;
        int dot = expr.indexOf('.', start);
        if (dot < 0) {
            return expr;
        }
        String value = expr.substring(dot + 1);
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? expr.substring(0, dot + 1) + unquote(value) : expr;
    }

    private static List<String> parseList(String value, String expr) {
        String t = value.strip();
        if (!t.startsWith("(") || !t.endsWith(")")) {
            throw ApiError.parse("\"failed to parse filter (" + expr + ")\"", "in. expects a list: in.(a,b,c)");
        }
        String inner = t.substring(1, t.length() - 1);
        if (inner.isEmpty()) {
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

    private static Long nonNegative(String what, String value) {
        try {
            long v = Long.parseLong(value.strip());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.parse("\"failed to parse " + what + " parameter (" + value + ")\"",
                    what + " must be a non-negative whole number");
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
