package io.sgregistry.sgr.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The images a query names as Splitgraph's query endpoint reads them: a quoted schema name holding a
 * slash, {@code "ns/repo"} or {@code "ns/repo:tag_or_hash"}, followed by a dot and a table. The query
 * is scanned as PostgreSQL lexes it, so the same text inside a string literal, a dollar-quoted body
 * or a comment is not a reference.
 */
final class SqlImageReferences {
    private SqlImageReferences() {
    }

    /** @return each reference's text (the identifier without its quotes), once, in order of appearance */
    static List<String> find(String sql) {
        Set<String> found = new LinkedHashSet<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char ch = sql.charAt(i);
            if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = endOfBlockComment(sql, i);
            } else if (ch == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i == 1 || !identifierChar(sql.charAt(i - 2)));
                i = endOfString(sql, i, escapes);
            } else if (ch == '$' && (i == 0 || !identifierChar(sql.charAt(i - 1)))) {
                int tagEnd = dollarTagEnd(sql, i);
                if (tagEnd < 0) {
                    i++;
                } else {
                    String tag = sql.substring(i, tagEnd + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    i = close < 0 ? n : close + tag.length();
                }
            } else if (ch == '"') {
                StringBuilder ident = new StringBuilder();
                int j = i + 1;
                while (j < n) {
                    char c = sql.charAt(j);
                    if (c == '"') {
                        if (j + 1 < n && sql.charAt(j + 1) == '"') {
                            ident.append('"');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    ident.append(c);
                    j++;
                }
                i = j + 1;
                int k = i;
                while (k < n && Character.isWhitespace(sql.charAt(k))) {
                    k++;
                }
                if (k < n && sql.charAt(k) == '.' && ident.indexOf("/") > 0) {
                    found.add(ident.toString());
                }
            } else {
                i++;
            }
        }
        return new ArrayList<>(found);
    }

    private static boolean identifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int endOfBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    private static int endOfString(String sql, int start, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The index of the closing '$' of a dollar-quote tag starting at {@code start} ($$ or $tag$), or -1 (e.g. a parameter $1). */
    private static int dollarTagEnd(String sql, int start) {
        int i = start + 1;
        if (i < sql.length() && sql.charAt(i) == '$') {
            return i;
        }
        if (i >= sql.length() || !(Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
            return -1;
        }
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? i : -1;
    }
}
