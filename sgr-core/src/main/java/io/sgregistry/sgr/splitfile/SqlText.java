package io.sgregistry.sgr.splitfile;

/**
 * The canonical text of a Splitfile's SQL, which its layer's hash and the provenance use: runs of
 * whitespace outside quotes become one space, and the ends are trimmed, so that re-indenting a
 * Splitfile does not invalidate its cache. (Splitgraph formats the statement with a SQL parser; a
 * change of case or of comments still counts as a change here.)
 */
public final class SqlText {
    private SqlText() {
    }

    public static String canonical(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        boolean space = false;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                out.append(ch);
                if (ch == quote) {
                    quote = 0;
                }
                continue;
            }
            if (Character.isWhitespace(ch)) {
                space = true;
                continue;
            }
            if (space && !out.isEmpty()) {
                out.append(' ');
            }
            space = false;
            if (ch == '\'' || ch == '"') {
                quote = ch;
            }
            out.append(ch);
        }
        return out.toString();
    }
}
