package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST's test/spec/Feature/Query/UnicodeSpec.hs, ported whole (1 case): a server exposing a
 * schema named in Arabic reads and writes its table and column named in Persian. The writes commit
 * ({@code Prefer: tx=commit}) and the last one removes the row again, as in PostgREST's case.
 */
@Spec(schema = "\u062a\u0633\u062a")
class UnicodeSpecIT {
    /** موارد, percent-encoded as UTF-8 in the path. */
    private static final String TABLE = "/%D9%85%D9%88%D8%A7%D8%B1%D8%AF";
    /** The column هویت. */
    private static final String COLUMN = "\u0647\u0648\u06cc\u062a";
    private final SpecClient api;

    UnicodeSpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void readsAndWritesValues() {
        api.get(TABLE).is(200, "[]");
        api.post(TABLE, "{ \"" + COLUMN + "\": 1 }", "Prefer", "tx=commit", "Prefer", "return=representation")
                .is(201, "[{\"" + COLUMN + "\": 1}]");
        api.get(TABLE).is(200, "[{\"" + COLUMN + "\": 1}]");
        api.delete(TABLE, "Prefer", "tx=commit").status(204).body("").header("Content-Type", null);
    }
}
