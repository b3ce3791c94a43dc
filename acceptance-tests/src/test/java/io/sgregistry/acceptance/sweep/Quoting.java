package io.sgregistry.acceptance.sweep;

import java.util.List;
import java.util.stream.Collectors;

/** Readable renderings of hostile inputs for failure reports: control characters escaped, long values cut. */
final class Quoting {
    private Quoting() {
    }

    static String shell(List<String> args) {
        return args.stream().map(Quoting::one).collect(Collectors.joining(" "));
    }

    static String one(String a) {
        String shown = a.length() > 80 ? a.substring(0, 60) + "...(" + a.length() + " chars)" : a;
        return "'" + visible(shown).replace("'", "'\\''") + "'";
    }

    /** Control characters as \\uXXXX so that a report cannot clear the terminal or hide text. */
    static String visible(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The first {@code max} characters, control characters visible. */
    static String excerpt(String s, int max) {
        String cut = s.length() > max ? s.substring(0, max) + "...(" + s.length() + " chars)" : s;
        return visible(cut);
    }
}
