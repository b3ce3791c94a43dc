package io.sgregistry.rest.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which table column each column of a view shows, read from the view's stored query
 * ({@code pg_rewrite.ev_action}, PostgreSQL's node text): every entry of the top query's target list
 * carries {@code :resorigtbl} and {@code :resorigcol}, the relation and column a plain column
 * reference comes from (0 for an expression). PostgREST finds the relationships of views the same
 * way: a view showing a key's columns takes part in that key's relationships.
 */
final class ViewColumns {
    /** A column of a relation, by the relation's oid and the column's number. */
    record Origin(long relation, int column) {
    }

    private static final Pattern RESNAME = Pattern.compile(":resname ((?:\\\\.|[^\\s\\\\])+)");
    private static final Pattern ORIGTBL = Pattern.compile(":resorigtbl (\\d+)");
    private static final Pattern ORIGCOL = Pattern.compile(":resorigcol (\\d+)");
    private static final Pattern JUNK = Pattern.compile(":resjunk true");

    private ViewColumns() {
    }

    /** The view's columns that show a column as it is (in the view's column order); others are left out. */
    static Map<String, Origin> of(String evAction) {
        Map<String, Origin> out = new LinkedHashMap<>();
        int query = evAction.indexOf("{QUERY");
        if (query < 0) {
            return out;
        }
        int targetList = field(evAction, query, ":targetList");
        if (targetList < 0) {
            return out;
        }
        // The list: ({TARGETENTRY ...} {TARGETENTRY ...}) or <> when empty.
        int depth = 0;
        StringBuilder entry = null;
        for (int i = targetList; i < evAction.length(); i++) {
            char ch = evAction.charAt(i);
            if (ch == '\\' && i + 1 < evAction.length()) {
                if (entry != null && depth == 1) {
                    entry.append(ch).append(evAction.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (ch == '{') {
                depth++;
                if (depth == 1) {
                    entry = new StringBuilder();
                }
                continue;
            }
            if (ch == '}') {
                depth--;
                if (depth == 0 && entry != null) {
                    add(entry.toString(), out);
                    entry = null;
                }
                continue;
            }
            if (depth == 0 && (ch == ')' || ch == ':')) {
                break; // the end of the list, or the next field of the query (an empty list, <>)
            }
            if (entry != null && depth == 1) {
                entry.append(ch); // the entry's own fields, not those of its expression
            }
        }
        return out;
    }

    /** The index just past {@code name} among the direct fields of the node opening at {@code node}; -1 when absent. */
    private static int field(String text, int node, String name) {
        int depth = 0;
        for (int i = node; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '{') {
                depth++;
            } else if (ch == '}') {
                depth--;
                if (depth == 0) {
                    return -1;
                }
            } else if (depth == 1 && ch == ':' && text.startsWith(name, i)
                    && (i + name.length() < text.length() && Character.isWhitespace(text.charAt(i + name.length())))) {
                return i + name.length();
            }
        }
        return -1;
    }

    private static void add(String entry, Map<String, Origin> out) {
        if (!entry.startsWith("TARGETENTRY") || JUNK.matcher(entry).find()) {
            return;
        }
        Matcher name = RESNAME.matcher(entry);
        Matcher tbl = ORIGTBL.matcher(entry);
        Matcher col = ORIGCOL.matcher(entry);
        if (!name.find() || !tbl.find() || !col.find()) {
            return;
        }
        long relation = Long.parseLong(tbl.group(1));
        int column = Integer.parseInt(col.group(1));
        if (relation != 0 && column > 0) {
            out.put(name.group(1).replaceAll("\\\\(.)", "$1"), new Origin(relation, column));
        }
    }
}
