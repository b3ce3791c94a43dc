package io.sgregistry.rest.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The closest of a set of strings to another, as PostgREST's hints ("Perhaps you meant ...") choose it: the
 * entries sharing character trigrams with the string (else bigrams), ranked by the cosine of their n-gram counts,
 * the best 50 ranked again by normalized Levenshtein similarity; the best one scoring at least 0.33 (an entry
 * equal but for case wins outright). Strings are compared lower-cased; n-grams are taken of letters, digits,
 * blanks and commas only, between two hyphens.
 */
public final class FuzzySet {
    private static final double MIN_SCORE = 0.33;
    private static final int CANDIDATES = 50;
    private static final int[] GRAM_SIZES = {3, 2};

    /** Lower-cased entry to the entry as given; in index order (the first given last, as the entries are added). */
    private final Map<String, String> exact = new LinkedHashMap<>();
    private final List<String> keys = new ArrayList<>();

    private FuzzySet(List<String> entries) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            String key = entries.get(i).toLowerCase(Locale.ROOT);
            if (!exact.containsKey(key)) {
                exact.put(key, entries.get(i));
                keys.add(key);
            }
        }
    }

    public static FuzzySet of(Iterable<String> entries) {
        List<String> list = new ArrayList<>();
        entries.forEach(list::add);
        return new FuzzySet(list);
    }

    /** The closest entry to {@code value}; null when none scores at least 0.33. */
    public String closest(String value) {
        String key = value.toLowerCase(Locale.ROOT);
        String same = exact.get(key);
        if (same != null) {
            return same;
        }
        for (int size : GRAM_SIZES) {
            String best = closest(key, size);
            if (best != null) {
                return exact.get(best);
            }
        }
        return null;
    }

    private String closest(String key, int size) {
        Map<String, Integer> query = grams(key, size);
        double queryNorm = norm(query);
        record Scored(int index, double score) {
        }
        List<Scored> cosine = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Map<String, Integer> entry = grams(keys.get(i), size);
            long dot = 0;
            boolean shared = false;
            for (Map.Entry<String, Integer> g : query.entrySet()) {
                Integer n = entry.get(g.getKey());
                if (n != null) {
                    shared = true;
                    dot += (long) n * g.getValue();
                }
            }
            if (shared) {
                cosine.add(new Scored(i, dot / (queryNorm * norm(entry))));
            }
        }
        // Stable sorts: equal scores keep the entries' order.
        cosine.sort(Comparator.comparingDouble(Scored::score).reversed());
        List<Scored> rescored = new ArrayList<>();
        for (Scored s : cosine.subList(0, Math.min(CANDIDATES, cosine.size()))) {
            rescored.add(new Scored(s.index(), levenshteinSimilarity(key, keys.get(s.index()))));
        }
        rescored.sort(Comparator.comparingDouble(Scored::score).reversed());
        return rescored.isEmpty() || rescored.get(0).score() < MIN_SCORE ? null : keys.get(rescored.get(0).index());
    }

    /** The n-grams of the value (its letters, digits, blanks and commas, lower-cased, between hyphens), counted. */
    static Map<String, Integer> grams(String value, int size) {
        StringBuilder kept = new StringBuilder("-");
        value.toLowerCase(Locale.ROOT).codePoints()
                .filter(c -> Character.isLetterOrDigit(c) || Character.isWhitespace(c) || c == ',')
                .forEach(kept::appendCodePoint);
        kept.append('-');
        int[] cps = kept.codePoints().toArray();
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i + size <= cps.length; i++) {
            out.merge(new String(cps, i, size), 1, Integer::sum);
        }
        return out;
    }

    private static double norm(Map<String, Integer> vector) {
        long sum = 0;
        for (int n : vector.values()) {
            sum += (long) n * n;
        }
        return Math.sqrt(sum);
    }

    /** 1 - (edit distance / the longer length); 1 for two empty strings. */
    static double levenshteinSimilarity(String a, String b) {
        int[] s = a.codePoints().toArray();
        int[] t = b.codePoints().toArray();
        int longer = Math.max(s.length, t.length);
        if (longer == 0) {
            return 1;
        }
        int[] prev = new int[t.length + 1];
        int[] cur = new int[t.length + 1];
        for (int j = 0; j <= t.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= s.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= t.length; j++) {
                int cost = s[i - 1] == t[j - 1] ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return 1 - (double) prev[t.length] / longer;
    }
}
