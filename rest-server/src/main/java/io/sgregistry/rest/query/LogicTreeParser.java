package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.query.Ast.Condition;
import io.sgregistry.rest.query.Ast.Filter;
import io.sgregistry.rest.query.Ast.Logic;
import io.sgregistry.rest.query.Ast.Op;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code and}/{@code or} tree ({@code or=(a.eq.1,not.and(b.gt.2,c.is.null))}) read character by
 * character as PostgREST's parser reads it: an item is first tried as {@code field.[not.]op.value}, then as
 * {@code [not.]and(...)}/{@code [not.]or(...)}; blanks around {@code (}, {@code ,} and {@code )} are
 * skipped; a value is double-quoted (reserved characters, {@code \} escapes), a PostgreSQL array
 * {@code {1,2}}, or runs to the next {@code ,} or {@code )}; anything after the tree's closing
 * parenthesis is ignored. Errors name the position in the operator and value ({@code or(...)}), in
 * PostgREST's words.
 */
final class LogicTreeParser {
    private static final String ITEM = "field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)";
    private static final String IS_VALUES = "isVal: (null, not_null, true, false, unknown)";

    /** What the text is parsed from: the operator and the value, {@code not.or(a.eq.1)}. */
    private final String text;
    /** The parameter's value, as the messages quote it. */
    private final String value;
    private int pos;
    /** Where an item's attempt as a filter failed, and what was expected there (PostgREST reports the furthest). */
    private int failedAt;
    private String failedExpecting;

    private LogicTreeParser(String text, String value) {
        this.text = text;
        this.value = value;
    }

    /** {@code key}: and, or, not.and or not.or; {@code value}: the tree, {@code (a.eq.1,b.eq.2)}. */
    static Logic parse(String key, String value) {
        LogicTreeParser p = new LogicTreeParser(key + value, value);
        boolean negated = p.skip("not.");
        boolean or = p.skip("or");
        if (!or) {
            p.skip("and");
        }
        return new Logic(or, negated, p.group(1));
    }

    /** {@code ( item , item ... )} with the blanks around each part. */
    private List<Condition> group(int depth) {
        if (depth > QueryParser.MAX_LOGIC_DEPTH) {
            throw ApiError.parse("\"failed to parse logic tree\"", "and/or trees nest at most " + QueryParser.MAX_LOGIC_DEPTH
                    + " levels deep");
        }
        blanks();
        expect('(', "\"(\"");
        blanks();
        List<Condition> items = new ArrayList<>();
        while (true) {
            items.add(item(depth));
            blanks();
            if (peek() != ',') {
                break;
            }
            pos++;
            blanks();
        }
        expect(')', "\",\" or \")\"");
        blanks();
        return List.copyOf(items);
    }

    private Condition item(int depth) {
        int start = pos;
        Filter filter = filter();
        if (filter != null) {
            return filter;
        }
        int filterFailedAt = failedAt;
        String filterExpecting = failedExpecting;
        pos = start;
        boolean negated = skip("not.");
        boolean or;
        if (skip("and")) {
            or = false;
        } else if (skip("or")) {
            or = true;
        } else if (negated) {
            throw error(pos, "logic operator (and, or)");
        } else if (filterFailedAt > start) {
            throw error(filterFailedAt, filterExpecting);
        } else {
            throw error(start, ITEM);
        }
        return new Logic(or, negated, group(depth + 1));
    }

    /** {@code field.[not.]op[(modifier)].value}, or null (with where and why in failedAt/failedExpecting). */
    private Filter filter() {
        blanks();
        int fieldStart = pos;
        if (!fieldName()) {
            return null;
        }
        while (text.startsWith("->", pos)) {
            pos += text.startsWith("->>", pos) ? 3 : 2;
            if (!jsonKey()) {
                return null;
            }
        }
        String field = text.substring(fieldStart, pos);
        blanks();
        if (!delimiter()) {
            return null;
        }
        boolean negated = skip("not.");
        int opStart = pos;
        while (pos < text.length() && text.charAt(pos) >= 'a' && text.charAt(pos) <= 'z') {
            pos++;
        }
        String opText = text.substring(opStart, pos);
        Op op = QueryParser.operator(opText);
        if (op == null) {
            return failed(opStart, "operator (eq, gt, ...)");
        }
        if (peek() == '(' && op != Op.IN && op != Op.IS && op != Op.ISDISTINCT) {
            int close = text.indexOf(')', pos);
            if (close < 0) {
                return failed(text.length(), "\")\"");
            }
            pos = close + 1;
            opText = text.substring(opStart, pos);
        }
        if (!delimiter()) {
            return null;
        }
        String prefix = (negated ? "not." : "") + opText + ".";
        if (op == Op.IN) {
            List<String> values = list();
            return values == null ? null
                    : new Filter(QueryParser.parseField(field, value), negated, Op.IN, null, null, null, values);
        }
        if (op == Op.IS) {
            int wordStart = pos;
            while (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String word = text.substring(wordStart, pos);
            if (!QueryParser.isValue(word)) {
                return failed(wordStart, IS_VALUES);
            }
            return QueryParser.parseFilter(field, prefix + word);
        }
        return QueryParser.parseFilter(field, prefix + singleValue());
    }

    /** A double-quoted name, or words of letters, digits, {@code _}, {@code $} and blanks joined by {@code -}. */
    private boolean fieldName() {
        if (peek() == '"') {
            return quoted() != null || failed(pos, "\"\\\"\"") != null;
        }
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == ' '
                    || (c == '-' && pos > start && !text.startsWith("->", pos))) {
                pos++;
            } else {
                break;
            }
        }
        if (pos == start) {
            failed(start, "field name (* or [a..z0..9_$])");
            return false;
        }
        return true;
    }

    /** A JSON path step: a double-quoted key, or characters other than {@code (-:.,>)} joined by {@code -}. */
    private boolean jsonKey() {
        if (peek() == '"') {
            return quoted() != null || failed(pos, "\"\\\"\"") != null;
        }
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if ("(-:.,>)".indexOf(c) < 0 || (c == '-' && !text.startsWith("->", pos))) {
                pos++;
            } else {
                break;
            }
        }
        if (pos == start) {
            failed(start, "\"-\", digit or any non reserved character different from: .,>()");
            return false;
        }
        return true;
    }

    private boolean delimiter() {
        if (peek() == '.') {
            pos++;
            return true;
        }
        failed(pos, "delimiter (.)");
        return false;
    }

    /** {@code in.( a , "b,c" )}: its items, a double-quoted one unquoted, the others without blanks. */
    private List<String> list() {
        blanks();
        if (peek() != '(') {
            return failed(pos, "\"(\"");
        }
        pos++;
        blanks();
        List<String> items = new ArrayList<>();
        while (true) {
            int start = pos;
            String quoted = peek() == '"' ? quoted() : null;
            if (quoted == null || !(peek() == ',' || peek() == ')' || pos == text.length())) {
                pos = start;
                quoted = null;
                while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
                    pos++;
                }
            }
            items.add(quoted != null ? quoted : text.substring(start, pos).strip());
            if (peek() != ',') {
                break;
            }
            pos++;
        }
        if (peek() != ')') {
            return failed(pos, "\",\" or \")\"");
        }
        pos++;
        blanks();
        return List.copyOf(items);
    }

    /** A value: double-quoted (then unquoted), a PostgreSQL array {@code {...}}, or up to the next {@code ,} or {@code )}. */
    private String singleValue() {
        int start = pos;
        if (peek() == '"') {
            String quoted = quoted();
            if (quoted != null && (peek() == ',' || peek() == ')' || pos == text.length())) {
                return quoted;
            }
            pos = start;
        } else if (peek() == '{') {
            int end = pos + 1;
            while (end < text.length() && text.charAt(end) != '{' && text.charAt(end) != '}') {
                end++;
            }
            if (end < text.length() && text.charAt(end) == '}') {
                pos = end + 1;
                return text.substring(start, pos);
            }
        }
        while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** {@code "..."} with {@code \} escaping the next character, unquoted; null (pos unchanged) if not closed. */
    private String quoted() {
        int start = pos;
        StringBuilder out = new StringBuilder();
        int i = pos + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '"') {
                pos = i + 1;
                return out.toString();
            } else {
                out.append(c);
                i++;
            }
        }
        pos = start;
        return null;
    }

    private <T> T failed(int at, String expecting) {
        failedAt = at;
        failedExpecting = expecting;
        return null;
    }

    private boolean skip(String word) {
        if (text.startsWith(word, pos)) {
            pos += word.length();
            return true;
        }
        return false;
    }

    private void blanks() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c, String expecting) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return;
        }
        throw error(pos, expecting);
    }

    /** PostgREST's message: the value and the 1-based column in the operator and value, what came and what was expected. */
    private ApiError error(int at, String expecting) {
        String unexpected = at < text.length() ? "unexpected \"" + text.charAt(at) + "\"" : "unexpected end of input";
        return ApiError.parse("\"failed to parse logic tree (" + value + ")\" (line 1, column " + (at + 1) + ")",
                unexpected + " expecting " + expecting);
    }
}
