package io.sgregistry.acceptance.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never reach a user: a Java stack trace, or the implementation showing through (Java
 * class names of exceptions, the JDBC driver's or HTTP library's packages, a bare "null" message).
 */
public final class Leaks {
    private Leaks() {
    }

    private static final List<String> MARKERS = List.of("\tat ", "Exception in thread", "Caused by:", "java.lang.",
            "java.io.", "java.net.", "java.sql.", "java.util.", "sun.security", "NullPointerException",
            "org.postgresql", "org.eclipse.jetty", "com.zaxxer", "com.fasterxml", "com.nimbusds", "picocli.", "okhttp3.",
            "io.sgregistry.", "org.flywaydb", "PSQLException", "StackOverflowError", "OutOfMemoryError");

    /** A fully qualified Java class name ending in Exception or Error, e.g. {@code foo.bar.BazException}. */
    private static final Pattern QUALIFIED_THROWABLE = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+\\.[A-Z]\\w*(Exception|Error)\\b");

    /**
     * A class of the JDK's javax/jakarta/sun packages (a capitalised last part): a hint may name a system
     * property such as javax.net.ssl.trustStore, which is advice, not a leak.
     */
    private static final Pattern PLATFORM_CLASS = Pattern.compile("\\b(javax|jakarta|sun|com\\.sun)\\.[a-z0-9_.]+\\.[A-Z]\\w*");

    /** "error: null", "...: null" at a line end: a message made from an exception that had none. */
    private static final Pattern NULL_MESSAGE = Pattern.compile("(?m)(^error: null$|: null$|^null$)");

    /** Every leak found in {@code text}, empty when clean. */
    public static List<String> in(String text) {
        List<String> found = new ArrayList<>();
        for (String m : MARKERS) {
            if (text.contains(m)) {
                found.add("contains " + Quoting.visible(m.replace("\t", "\\t")));
            }
        }
        Matcher pc = PLATFORM_CLASS.matcher(text);
        if (pc.find()) {
            found.add("names the platform class " + pc.group());
        }
        Matcher q = QUALIFIED_THROWABLE.matcher(text);
        if (q.find()) {
            found.add("names the Java class " + q.group());
        }
        if (NULL_MESSAGE.matcher(text).find()) {
            found.add("prints a 'null' message");
        }
        return found;
    }
}
