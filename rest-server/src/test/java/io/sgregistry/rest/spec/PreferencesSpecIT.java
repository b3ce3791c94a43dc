package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST's test/spec/Feature/Query/Preferences, ported whole: TimezoneSpec (8 cases),
 * MaxAffectedSpec (13) and HandlingSpec (8).
 */
@Spec
class PreferencesSpecIT {
    private static final String LOS_ANGELES = "[{\"t\":\"2023-10-18T05:37:59.611-07:00\"},{\"t\":\"2023-10-18T07:37:59.611-07:00\"},"
            + "{\"t\":\"2023-10-18T09:37:59.611-07:00\"}]";
    private static final String INVALID_ZONE = "{\"code\":\"22023\",\"details\":null,\"hint\":null,"
            + "\"message\":\"invalid value for parameter \\\"TimeZone\\\": \\\"Invalid/Timezone\\\"\"}";
    private static final String ITEMS_1_TO_15 = "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5},{\"id\":6},{\"id\":7},"
            + "{\"id\":8},{\"id\":9},{\"id\":10},{\"id\":11},{\"id\":12},{\"id\":13},{\"id\":14},{\"id\":15}]";
    private final SpecClient api;

    PreferencesSpecIT(SpecClient api) {
        this.api = api;
    }

    private static String exceeds(int rows) {
        return "{\"code\":\"PGRST124\",\"details\":\"The query affects " + rows + " rows\",\"hint\":null,"
                + "\"message\":\"Query result exceeds max-affected preference constraint\"}";
    }

    @Test
    void timezone() {
        api.get("/timestamps", "Prefer", "handling=strict, timezone=America/Los_Angeles").is(200, LOS_ANGELES)
                .header("Preference-Applied", "handling=strict, timezone=America/Los_Angeles");
        api.get("/timestamps", "Prefer", "timezone=America/Los_Angeles").is(200, LOS_ANGELES)
                .header("Preference-Applied", "timezone=America/Los_Angeles");
        api.get("/timestamps", "Prefer", "timezone=Invalid/Timezone").is(400, INVALID_ZONE);
        api.get("/timestamps", "Prefer", "handling=strict, timezone=Invalid/Timezone").is(400, INVALID_ZONE);
        api.get("/timestamps", "Prefer", "handling=lenient, timezone=Invalid/Timezone").is(400, INVALID_ZONE);
        api.get("/timestamps", "Prefer", "timezone=+05:30")
                .is(200, "[{\"t\":\"2023-10-18T07:07:59.611-05:30\"},{\"t\":\"2023-10-18T09:07:59.611-05:30\"},"
                        + "{\"t\":\"2023-10-18T11:07:59.611-05:30\"}]")
                .header("Preference-Applied", "timezone=+05:30");
        api.get("/timestamps", "Prefer", "timezone=-4")
                .is(200, "[{\"t\":\"2023-10-18T08:37:59.611-04:00\"},{\"t\":\"2023-10-18T10:37:59.611-04:00\"},"
                        + "{\"t\":\"2023-10-18T12:37:59.611-04:00\"}]")
                .header("Preference-Applied", "timezone=-4");
        api.get("/timestamps", "Prefer", "timezone=05:30:15").is(400, "{\"code\":\"22023\",\"details\":\"PostgreSQL does not support"
                + " leap seconds.\",\"hint\":null,\"message\":\"time zone \\\"05:30:15\\\" appears to use leap seconds\"}");
    }

    @Test
    void maxAffectedWithStrictHandling() {
        api.delete("/items?id=lt.15", "Prefer", "handling=strict, max-affected=10").is(400, exceeds(14));
        api.delete("/items?id=lt.10", "Prefer", "handling=strict, max-affected=10").status(204).body("")
                .header("Preference-Applied", "handling=strict, max-affected=10");
        api.patch("/tiobe_pls?name=eq.Java", "[{\"name\":\"Java\", \"rank\":19}]", "Prefer", "handling=strict, max-affected=0")
                .is(400, exceeds(1));
        api.request("DELETE", "/tiobe_pls?name=eq.Java", "[{\"name\":\"Java\", \"rank\":19}]", "Prefer", "handling=strict, max-affected=1")
                .status(204).body("").header("Preference-Applied", "handling=strict, max-affected=1");
    }

    @Test
    void maxAffectedWithLenientHandling() {
        api.delete("/items?id=lt.15", "Prefer", "handling=lenient, max-affected=10").status(204).body("")
                .header("Preference-Applied", "handling=lenient");
        api.delete("/items?id=lt.10", "Prefer", "handling=lenient, max-affected=10").status(204).body("")
                .header("Preference-Applied", "handling=lenient");
        api.patch("/tiobe_pls?name=eq.Java", "[{\"name\":\"Java\", \"rank\":19}]", "Prefer", "handling=lenient, max-affected=0")
                .status(204).body("").header("Preference-Applied", "handling=lenient");
        api.request("DELETE", "/tiobe_pls?name=eq.Java", "[{\"name\":\"Java\", \"rank\":19}]", "Prefer", "handling=lenient, max-affected=1")
                .status(204).body("").header("Preference-Applied", "handling=lenient");
    }

    @Test
    void maxAffectedOnCalls() {
        api.post("/rpc/delete_items_returns_setof", "", "Prefer", "handling=strict, max-affected=10").is(400, exceeds(15));
        api.post("/rpc/delete_items_returns_table", "", "Prefer", "handling=strict, max-affected=10").is(400, exceeds(15));
        api.post("/rpc/delete_items_returns_setof", "", "Prefer", "handling=strict, max-affected=20").is(200, ITEMS_1_TO_15);
        api.post("/rpc/delete_items_returns_table", "", "Prefer", "handling=strict, max-affected=20").is(200, ITEMS_1_TO_15);
        api.post("/rpc/delete_items_returns_void", "", "Prefer", "handling=strict, max-affected=20")
                .is(400, "{\"code\":\"PGRST128\",\"details\":null,\"hint\":null,\"message\":\"Function must return SETOF or TABLE when"
                        + " max-affected preference is used with handling=strict\"}");
    }

    @Test
    void handling() {
        String invalid = "{\"details\":\"Invalid preferences: %s\",\"message\":\"Invalid preferences given with handling=strict\","
                + "\"code\":\"PGRST122\",\"hint\":null}";
        api.get("/items", "Prefer", "handling=strict, anything").is(400, invalid.formatted("anything"));
        api.get("/items", "Prefer", "handling=strict", "Prefer", "something, else").is(400, invalid.formatted("something, else"));
        String org = "{\"id\":7,\"name\":\"John\",\"referee\":null,\"auditor\":null,\"manager_id\":6}";
        api.post("/organizations?select=*", org, "Prefer", "return=representation, handling=strict, anything")
                .is(400, invalid.formatted("anything"));
        api.get("/items", "Prefer", "handling=lenient, anything").status(200);
        api.get("/items", "Prefer", "handling=lenient", "Prefer", "anything").status(200);
        api.post("/organizations?select=*", org, "Prefer", "return=representation, handling=lenient, anything").is(201, "[" + org + "]");
        // {} calls the overload without parameters.
        api.post("/rpc/overloaded_unnamed_param", "{}", "Content-Type", "application/json", "Prefer", "handling=strict, anything")
                .is(400, invalid.formatted("anything"));
        api.post("/rpc/overloaded_unnamed_param", "{}", "Content-Type", "application/json", "Prefer", "handling=lenient, anything")
                .is(200, "1").header("Content-Type", "application/json; charset=utf-8");
    }
}
