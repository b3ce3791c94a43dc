package io.sgregistry.sgr.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type for each CSV column from a sample of its values, by Splitgraph's rules: the first of
 * timestamp, date, time, integer, bigint, numeric, boolean and json that every value of the sample
 * parses as, else text. An empty value fails every type (so the column is text) unless empty strings
 * are ignored; a column whose sample has no value at all is text. A type given with -t wins.
 * Each rule accepts only text PostgreSQL reads as that type, so the COPY that follows cannot fail on
 * a sampled value.
 */
public final class CsvTypeInference {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d{1,6})?");
    private static final Pattern TIMESTAMP = Pattern.compile("(\\d{4}-\\d{1,2}-\\d{1,2})[T ](\\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d{1,6})?)");
    private static final Pattern INTEGER = Pattern.compile("\\s*[+-]?\\d+\\s*");
    private static final Pattern NUMERIC = Pattern.compile("\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?\\s*");
    private static final Pattern SPECIAL_NUMERIC = Pattern.compile("\\s*([+-]?(inf|infinity)|nan)\\s*", Pattern.CASE_INSENSITIVE);
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger BIGINT_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger BIGINT_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** The candidates in Splitgraph's order: the first that every sampled value passes is the column's type. */
    private static final List<Map.Entry<String, Predicate<String>>> CANDIDATES = List.of(
            Map.entry("timestamp", CsvTypeInference::isTimestamp),
            Map.entry("date", CsvTypeInference::isDate),
            Map.entry("time", CsvTypeInference::isTime),
            Map.entry("integer", v -> inRange(v, INT_MIN, INT_MAX)),
            Map.entry("bigint", v -> inRange(v, BIGINT_MIN, BIGINT_MAX)),
            Map.entry("numeric", v -> NUMERIC.matcher(v).matches() || SPECIAL_NUMERIC.matcher(v).matches()),
            Map.entry("boolean", v -> List.of("t", "true", "f", "false").contains(v.toLowerCase(java.util.Locale.ROOT))),
            Map.entry("json", CsvTypeInference::isJsonObject));

    private CsvTypeInference() {
    }

    /**
     * @param header             the column names
     * @param sample             the sampled rows (without the header); a short row's missing values are not values
     * @param overrides          types given with -t, which win
     * @param ignoreEmptyStrings whether an empty value is skipped (it is then loaded as NULL) instead of making the column text
     * @return a type per column, in header order
     */
    public static List<String> infer(List<String> header, List<List<String>> sample, Map<String, String> overrides,
                                     boolean ignoreEmptyStrings) {
        List<String> types = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
            String override = overrides.get(header.get(i));
            if (override != null) {
                types.add(override);
                continue;
            }
            List<String> values = new ArrayList<>();
            for (List<String> row : sample) {
                if (i < row.size() && !(ignoreEmptyStrings && row.get(i).isEmpty())) {
                    values.add(row.get(i));
                }
            }
            types.add(column(values));
        }
        return types;
    }

    /** The type of one column from its values (empty strings already dropped when ignored). */
    public static String column(List<String> values) {
        if (values.isEmpty()) {
            return "text";
        }
        for (Map.Entry<String, Predicate<String>> candidate : CANDIDATES) {
            if (values.stream().allMatch(candidate.getValue())) {
                return candidate.getKey();
            }
        }
        return "text";
    }

    private static boolean isDate(String v) {
        Matcher m = DATE.matcher(v);
        if (!m.matches()) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            return Integer.parseInt(m.group(1)) >= 1;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean isTime(String v) {
        Matcher m = TIME.matcher(v);
        return m.matches() && Integer.parseInt(m.group(1)) <= 23 && Integer.parseInt(m.group(2)) <= 59 && Integer.parseInt(m.group(3)) <= 59;
    }

    private static boolean isTimestamp(String v) {
        Matcher m = TIMESTAMP.matcher(v);
        return m.matches() && isDate(m.group(1)) && isTime(m.group(2));
    }

    private static boolean inRange(String v, BigInteger min, BigInteger max) {
        if (!INTEGER.matcher(v).matches()) {
            return false;
        }
        BigInteger n = new BigInteger(v.strip());
        return n.compareTo(min) >= 0 && n.compareTo(max) <= 0;
    }

    /** As Splitgraph's: JSON holding an object somewhere ("123" parses as JSON but is a number here). */
    private static boolean isJsonObject(String v) {
        if (v.indexOf('{') < 0) {
            return false;
        }
        try {
            JSON.readTree(v);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
