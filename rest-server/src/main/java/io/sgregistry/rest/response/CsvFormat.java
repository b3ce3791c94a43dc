package io.sgregistry.rest.response;

/** RFC 4180 fields: quoted when they contain a comma, quote or line break. */
public final class CsvFormat {
    private CsvFormat() {
    }

    public static String field(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
