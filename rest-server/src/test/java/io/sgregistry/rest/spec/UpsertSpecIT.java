package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST's UpsertSpec.hs, ported whole: POST with {@code Prefer: resolution=merge-duplicates} and
 * {@code ignore-duplicates} (primary keys, composite and partitioned ones, {@code on_conflict} unique
 * keys, surrogate keys with {@code missing=default}, a table without a key, where the resolution is
 * ignored), PUT (its restrictions, inserting, replacing), camel case keys, and representations with
 * embeddings and order. Every request rolls back (the spec server's db.tx_end).
 */
@Spec
class UpsertSpecIT {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String SINGULAR_TYPE = "application/vnd.pgrst.object+json; charset=utf-8";
    private static final String MERGE = "resolution=merge-duplicates, return=representation";
    private static final String MERGE_MISSING = "resolution=merge-duplicates, missing=default, return=representation";
    private static final String IGNORE = "resolution=ignore-duplicates, return=representation";
    private static final String IGNORE_MISSING = "resolution=ignore-duplicates, missing=default, return=representation";
    private static final String PK_FILTERS = "{\"message\":\"Filters must include all and only primary key columns with 'eq' operators\","
            + "\"code\":\"PGRST105\",\"details\":null,\"hint\":null}";
    private static final String LIMIT_OFFSET = "{\"message\":\"limit/offset querystring parameters are not allowed for PUT\","
            + "\"code\":\"PGRST114\",\"details\":null,\"hint\":null}";
    private static final String PK_MISMATCH = "{\"message\":\"Payload values do not match URL in primary key column(s)\","
            + "\"code\":\"PGRST115\",\"details\":null,\"hint\":null}";
    private final SpecClient api;

    UpsertSpecIT(SpecClient api) {
        this.api = api;
    }

    private SpecClient.Reply merge(String path, String body) {
        return api.post(path, body, "Prefer", "return=representation", "Prefer", "resolution=merge-duplicates");
    }

    private SpecClient.Reply ignore(String path, String body) {
        return api.post(path, body, "Prefer", "return=representation", "Prefer", "resolution=ignore-duplicates");
    }

    private SpecClient.Reply putRepresentation(String path, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Prefer";
        all[1] = "return=representation";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return api.put(path, body, all);
    }

    // POST, resolution=merge-duplicates

    @Test
    void mergeInsertsAndUpdatesRowsOnPkConflict() {
        merge("/tiobe_pls", "[{ \"name\": \"Javascript\", \"rank\": 6 }, { \"name\": \"Java\", \"rank\": 2 }, { \"name\": \"C\", \"rank\": 1 }]")
                .is(201, "[{ \"name\": \"Javascript\", \"rank\": 6 }, { \"name\": \"Java\", \"rank\": 2 }, { \"name\": \"C\", \"rank\": 1 }]")
                .header("Preference-Applied", MERGE).header("Content-Type", JSON_TYPE);
    }

    @Test
    void mergeUpdatesRowsOnPkConflict() {
        merge("/tiobe_pls", "[{ \"name\": \"Python\", \"rank\": 6 }, { \"name\": \"Java\", \"rank\": 2 }, { \"name\": \"C\", \"rank\": 1 }]")
                .is(200, "[{ \"name\": \"Python\", \"rank\": 6 }, { \"name\": \"Java\", \"rank\": 2 }, { \"name\": \"C\", \"rank\": 1 }]")
                .header("Preference-Applied", MERGE).header("Content-Type", JSON_TYPE);
    }

    @Test
    void mergeInsertsAndUpdatesOnACompositePk() {
        merge("/employees", "[{ \"first_name\": \"Frances M.\", \"last_name\": \"Roe\", \"salary\": \"30000\" },"
                + " { \"first_name\": \"Peter S.\", \"last_name\": \"Yang\", \"salary\": 42000 }]")
                .is(201, "[{ \"first_name\": \"Frances M.\", \"last_name\": \"Roe\", \"salary\": \"$30,000.00\", \"company\": \"One-Up Realty\","
                        + " \"occupation\": \"Author\" }, { \"first_name\": \"Peter S.\", \"last_name\": \"Yang\", \"salary\": \"$42,000.00\","
                        + " \"company\": null, \"occupation\": null }]")
                .header("Preference-Applied", MERGE).header("Content-Type", JSON_TYPE);
    }

    @Test
    void mergeInsertsAndUpdatesOnACompositePkOfAPartitionedTable() {
        merge("/car_models", "[{ \"name\": \"Murcielago\", \"year\": 2001, \"car_brand_name\": null},"
                + " { \"name\": \"Roma\", \"year\": 2021, \"car_brand_name\": \"Ferrari\" }]")
                .is(201, "[{ \"name\": \"Murcielago\", \"year\": 2001, \"car_brand_name\": null},"
                        + " { \"name\": \"Roma\", \"year\": 2021, \"car_brand_name\": \"Ferrari\" }]")
                .header("Preference-Applied", MERGE).header("Content-Type", JSON_TYPE);
    }

    @Test
    void mergeSucceedsWhenThePayloadHasNoElements() {
        // Nothing was inserted, so 200.
        merge("/articles", "[]").is(200, "[]").header("Content-Type", JSON_TYPE);
    }

    @Test
    void mergeOnASingleUniqueKey() {
        merge("/single_unique?on_conflict=unique_key", "[{ \"unique_key\": 1, \"value\": \"B\" }, { \"unique_key\": 2, \"value\": \"C\" }]")
                .is(201, "[{ \"unique_key\": 1, \"value\": \"B\" }, { \"unique_key\": 2, \"value\": \"C\" }]")
                .header("Preference-Applied", MERGE).header("Content-Type", JSON_TYPE);
    }

    @Test
    void mergeOnACompoundUniqueKey() {
        merge("/compound_unique?on_conflict=key1,key2", "[{ \"key1\": 1, \"key2\": 1, \"value\": \"B\" }, { \"key1\": 1, \"key2\": 2, \"value\": \"C\" }]")
                .is(201, "[{ \"key1\": 1, \"key2\": 1, \"value\": \"B\" }, { \"key1\": 1, \"key2\": 2, \"value\": \"C\" }]")
                .header("Preference-Applied", MERGE).header("Content-Type", JSON_TYPE);
    }

    private SpecClient.Reply missingDefault(String table, String resolution) {
        return api.post("/" + table + "?columns=id,name&select=name,extra", "[{ \"id\": 1, \"name\": \"updated value\" }, { \"name\": \"new value\" }]",
                "Prefer", "return=representation", "Prefer", "resolution=" + resolution, "Prefer", "missing=default");
    }

    @Test
    void mergeWithSerialSurrogateKeysAndMissingDefault() {
        missingDefault("surr_serial_upsert", "merge-duplicates")
                .is(201, "[{ \"name\": \"updated value\", \"extra\": \"existing value\" }, { \"name\": \"new value\", \"extra\": null }]")
                .header("Preference-Applied", MERGE_MISSING).header("Content-Type", JSON_TYPE);
    }

    @Test
    void mergeWithIdentitySurrogateKeysAndMissingDefault() {
        missingDefault("surr_gen_default_upsert", "merge-duplicates")
                .is(201, "[{ \"name\": \"updated value\", \"extra\": \"existing value\" }, { \"name\": \"new value\", \"extra\": null }]")
                .header("Preference-Applied", MERGE_MISSING).header("Content-Type", JSON_TYPE);
    }

    @Test
    void mergeWithIdentitySurrogateKeysOfAMixedCaseTableAndMissingDefault() {
        missingDefault("Surr_Gen_Default_Upsert", "merge-duplicates")
                .is(201, "[{ \"name\": \"updated value\", \"extra\": \"existing value cs\" }, { \"name\": \"new value\", \"extra\": null }]")
                .header("Preference-Applied", MERGE_MISSING).header("Content-Type", JSON_TYPE);
    }

    @Test
    void mergeOnATableOfOnlyPkColumns() {
        merge("/only_pk", "[ { \"id\": 1 }, { \"id\": 2 }, { \"id\": 4} ]").is(201, "[ { \"id\": 1 }, { \"id\": 2 }, { \"id\": 4} ]")
                .header("Preference-Applied", MERGE).header("Content-Type", JSON_TYPE);
    }

    @Test
    void mergeIsIgnoredAndNotReportedOnATableWithoutPk() {
        merge("/no_pk", "[ { \"a\": \"1\", \"b\": \"0\" } ]").is(201, "[ { \"a\": \"1\", \"b\": \"0\" } ]")
                .header("Content-Type", JSON_TYPE).header("Preference-Applied", "return=representation");
    }

    // POST, resolution=ignore-duplicates

    @Test
    void ignoreInsertsAndSkipsRowsOnPkConflict() {
        ignore("/tiobe_pls", "[{ \"name\": \"PHP\", \"rank\": 9 }, { \"name\": \"Python\", \"rank\": 10 }]")
                .is(201, "[{ \"name\": \"PHP\", \"rank\": 9 }]").header("Preference-Applied", IGNORE).header("Content-Type", JSON_TYPE);
    }

    @Test
    void ignoreOnACompositePk() {
        ignore("/employees", "[{ \"first_name\": \"Daniel B.\", \"last_name\": \"Lyon\", \"salary\": \"72000\", \"company\": null, \"occupation\": null },"
                + " { \"first_name\": \"Sara M.\", \"last_name\": \"Torpey\", \"salary\": 60000, \"company\": \"Burstein-Applebee\","
                + " \"occupation\": \"Soil scientist\" }]")
                .is(201, "[{ \"first_name\": \"Sara M.\", \"last_name\": \"Torpey\", \"salary\": \"$60,000.00\", \"company\": \"Burstein-Applebee\","
                        + " \"occupation\": \"Soil scientist\" }]")
                .header("Preference-Applied", IGNORE).header("Content-Type", JSON_TYPE);
    }

    @Test
    void ignoreOnACompositePkOfAPartitionedTable() {
        ignore("/car_models", "[{ \"name\": \"Murcielago\", \"year\": 2001, \"car_brand_name\": \"Ferrari\" },"
                + " { \"name\": \"Huracán\", \"year\": 2021, \"car_brand_name\": \"Lamborghini\" }]")
                .is(201, "[{ \"name\": \"Huracán\", \"year\": 2021, \"car_brand_name\": \"Lamborghini\" }]")
                .header("Preference-Applied", IGNORE).header("Content-Type", JSON_TYPE);
    }

    @Test
    void ignoreOnASingleUniqueKey() {
        ignore("/single_unique?on_conflict=unique_key", "[{ \"unique_key\": 1, \"value\": \"B\" }, { \"unique_key\": 2, \"value\": \"C\" },"
                + " { \"unique_key\": 3, \"value\": \"D\" }]")
                .is(201, "[{ \"unique_key\": 2, \"value\": \"C\" }, { \"unique_key\": 3, \"value\": \"D\" }]")
                .header("Preference-Applied", IGNORE);
    }

    @Test
    void ignoreOnACompoundUniqueKey() {
        ignore("/compound_unique?on_conflict=key1,key2", "[{ \"key1\": 1, \"key2\": 1, \"value\": \"B\" },"
                + " { \"key1\": 1, \"key2\": 2, \"value\": \"C\" }, { \"key1\": 1, \"key2\": 3, \"value\": \"D\" }]")
                .is(201, "[{ \"key1\": 1, \"key2\": 2, \"value\": \"C\" }, { \"key1\": 1, \"key2\": 3, \"value\": \"D\" }]")
                .header("Preference-Applied", IGNORE);
    }

    @Test
    void ignoreWithSerialSurrogateKeysAndMissingDefault() {
        missingDefault("surr_serial_upsert", "ignore-duplicates").is(201, "[{ \"name\": \"new value\", \"extra\": null }]")
                .header("Preference-Applied", IGNORE_MISSING).header("Content-Type", JSON_TYPE);
    }

    @Test
    void ignoreWithIdentitySurrogateKeysAndMissingDefault() {
        missingDefault("surr_gen_default_upsert", "ignore-duplicates").is(201, "[{ \"name\": \"new value\", \"extra\": null }]")
                .header("Preference-Applied", IGNORE_MISSING).header("Content-Type", JSON_TYPE);
    }

    @Test
    void ignoreWithIdentitySurrogateKeysOfAMixedCaseTableAndMissingDefault() {
        missingDefault("Surr_Gen_Default_Upsert", "ignore-duplicates").is(201, "[{ \"name\": \"new value\", \"extra\": null }]")
                .header("Preference-Applied", IGNORE_MISSING).header("Content-Type", JSON_TYPE);
    }

    @Test
    void ignoreOnATableOfOnlyPkColumns() {
        ignore("/only_pk", "[ { \"id\": 1 }, { \"id\": 2 }, { \"id\": 3} ]").is(201, "[ { \"id\": 3} ]")
                .header("Preference-Applied", IGNORE).header("Content-Type", JSON_TYPE);
    }

    @Test
    void ignoreSucceedsWhenNoRowIsCreated() {
        ignore("/tiobe_pls", "[ { \"name\": \"Java\", \"rank\": 1 } ]").is(201, "[]").header("Content-Type", JSON_TYPE);
        ignore("/tiobe_pls", "[ { \"name\": \"Java\", \"rank\": 1 }, { \"name\": \"C\", \"rank\": 2 } ]").is(201, "[]")
                .header("Content-Type", JSON_TYPE);
    }

    // PUT: restrictions

    @Test
    void putFailsWithALimit() {
        api.put("/tiobe_pls?name=eq.Javascript&limit=1", "[ { \"name\": \"Javascript\", \"rank\": 1 } ]").is(400, LIMIT_OFFSET)
                .header("Content-Type", JSON_TYPE);
    }

    @Test
    void putFailsWithAnOffset() {
        api.put("/tiobe_pls?name=eq.Javascript&offset=1", "[ { \"name\": \"Javascript\", \"rank\": 1 } ]").is(400, LIMIT_OFFSET)
                .header("Content-Type", JSON_TYPE);
    }

    @Test
    void putRejectsEveryFilterButPkEqualities() {
        String body = "[ { \"name\": \"Go\", \"rank\": 19 } ]";
        for (String path : new String[]{"/tiobe_pls?rank=eq.19", "/tiobe_pls?id=not.eq.Java", "/tiobe_pls?id=in.(Go)", "/tiobe_pls?and=(id.eq.Go)"}) {
            api.put(path, body).is(405, PK_FILTERS).header("Content-Type", JSON_TYPE);
        }
    }

    @Test
    void putFailsUnlessEveryCompositeKeyColumnIsAnEqFilter() {
        String body = "[ { \"first_name\": \"Susan\", \"last_name\": \"Heidt\", \"salary\": \"48000\", \"company\": \"GEX\","
                + " \"occupation\": \"Railroad engineer\" } ]";
        api.put("/employees?first_name=eq.Susan", body).is(405, PK_FILTERS).header("Content-Type", JSON_TYPE);
        api.put("/employees?last_name=eq.Heidt", body).is(405, PK_FILTERS).header("Content-Type", JSON_TYPE);
    }

    @Test
    void putFailsWhenTheUrlKeyDoesNotMatchThePayloadKey() {
        api.put("/tiobe_pls?name=eq.MATLAB", "[ { \"name\": \"Perl\", \"rank\": 17 } ]").is(400, PK_MISMATCH)
                .header("Content-Type", JSON_TYPE);
        api.put("/employees?first_name=eq.Wendy&last_name=eq.Anderson", "[ { \"first_name\": \"Susan\", \"last_name\": \"Heidt\","
                + " \"salary\": \"48000\", \"company\": \"GEX\", \"occupation\": \"Railroad engineer\" } ]").is(400, PK_MISMATCH)
                .header("Content-Type", JSON_TYPE);
    }

    @Test
    void putFailsOnATableWithoutPk() {
        api.put("/no_pk?a=eq.one&b=eq.two", "[ { \"a\": \"one\", \"b\": \"two\" } ]").is(405, PK_FILTERS).header("Content-Type", JSON_TYPE);
    }

    // PUT: inserting a row

    @Test
    void putInsertsOnASinglePk() {
        api.get("/tiobe_pls?name=eq.Go").is(200, "[]");
        putRepresentation("/tiobe_pls?name=eq.Go", "[ { \"name\": \"Go\", \"rank\": 19 } ]").is(201, "[ { \"name\": \"Go\", \"rank\": 19 } ]");
    }

    @Test
    void putInsertsOnACompositePk() {
        api.get("/employees?first_name=eq.Susan&last_name=eq.Heidt").is(200, "[]");
        putRepresentation("/employees?first_name=eq.Susan&last_name=eq.Heidt", "[ { \"first_name\": \"Susan\", \"last_name\": \"Heidt\","
                + " \"salary\": \"48000\", \"company\": \"GEX\", \"occupation\": \"Railroad engineer\" } ]")
                .is(201, "[ { \"first_name\": \"Susan\", \"last_name\": \"Heidt\", \"salary\": \"$48,000.00\", \"company\": \"GEX\","
                        + " \"occupation\": \"Railroad engineer\" } ]");
    }

    @Test
    void putInsertsOnACompositePkOfAPartitionedTable() {
        api.get("/car_models?name=eq.Supra&year=eq.2021").is(200, "[]");
        putRepresentation("/car_models?name=eq.Supra&year=eq.2021", "[ { \"name\": \"Supra\", \"year\": 2021 } ]")
                .is(201, "[ { \"name\": \"Supra\", \"year\": 2021, \"car_brand_name\": null } ]");
    }

    @Test
    void putInsertsOnATableOfOnlyPkColumns() {
        api.get("/only_pk?id=eq.10").is(200, "[]");
        putRepresentation("/only_pk?id=eq.10", "[ { \"id\": 10 } ]").is(201, "[ { \"id\": 10 } ]");
    }

    // PUT: updating a row

    @Test
    void putUpdatesOnASinglePk() {
        api.get("/tiobe_pls?name=eq.Java").is(200, "[ { \"name\": \"Java\", \"rank\": 1 } ]");
        putRepresentation("/tiobe_pls?name=eq.Java", "[ { \"name\": \"Java\", \"rank\": 13 } ]").is(200, "[ { \"name\": \"Java\", \"rank\": 13 } ]");
    }

    @Test
    void putOfSeveralRowsPutsOnlyTheFirst() {
        api.get("/tiobe_pls?name=eq.Java").is(200, "[ { \"name\": \"Java\", \"rank\": 1 } ]");
        putRepresentation("/tiobe_pls?name=eq.Java", "[ { \"name\": \"Java\", \"rank\": 19 }, { \"name\": \"Swift\", \"rank\": 12 } ]",
                "Accept", "application/vnd.pgrst.object+json").is(200, "{ \"name\": \"Java\", \"rank\": 19 }").header("Content-Type", SINGULAR_TYPE);
    }

    @Test
    void putUpdatesOnACompositePk() {
        api.get("/employees?first_name=eq.Frances%20M.&last_name=eq.Roe").is(200, "[ { \"first_name\": \"Frances M.\", \"last_name\": \"Roe\","
                + " \"salary\": \"$24,000.00\", \"company\": \"One-Up Realty\", \"occupation\": \"Author\" } ]");
        putRepresentation("/employees?first_name=eq.Frances%20M.&last_name=eq.Roe", "[ { \"first_name\": \"Frances M.\", \"last_name\": \"Roe\","
                + " \"salary\": \"60000\", \"company\": \"Gamma Gas\", \"occupation\": \"Railroad engineer\" } ]")
                .is(200, "[ { \"first_name\": \"Frances M.\", \"last_name\": \"Roe\", \"salary\": \"$60,000.00\", \"company\": \"Gamma Gas\","
                        + " \"occupation\": \"Railroad engineer\" } ]");
    }

    @Test
    void putUpdatesOnACompositePkOfAPartitionedTable() {
        api.get("/car_models?name=eq.DeLorean&year=eq.1981").is(200, "[ { \"name\": \"DeLorean\", \"year\": 1981, \"car_brand_name\": \"DMC\" } ]");
        putRepresentation("/car_models?name=eq.DeLorean&year=eq.1981", "[ { \"name\": \"DeLorean\", \"year\": 1981, \"car_brand_name\": null } ]")
                .is(200, "[ { \"name\": \"DeLorean\", \"year\": 1981, \"car_brand_name\": null } ]");
    }

    @Test
    void putUpdatesOnATableOfOnlyPkColumns() {
        api.get("/only_pk?id=eq.1").is(200, "[ { \"id\": 1 } ]");
        putRepresentation("/only_pk?id=eq.1", "[ { \"id\": 1 } ]").is(200, "[ { \"id\": 1 } ]");
    }

    @Test
    void putIgnoresTheRangeHeader() {
        api.get("/tiobe_pls?name=eq.Java").is(200, "[ { \"name\": \"Java\", \"rank\": 1 } ]");
        putRepresentation("/tiobe_pls?name=eq.Java", "[ { \"name\": \"Java\", \"rank\": 5 } ]", "Range", "1-1")
                .is(200, "[ { \"name\": \"Java\", \"rank\": 5 } ]");
    }

    @Test
    void putWithRepresentationAsASingularObject() {
        putRepresentation("/tiobe_pls?name=eq.Ruby", "[ { \"name\": \"Ruby\", \"rank\": 11 } ]", "Accept", "application/vnd.pgrst.object+json")
                .is(201, "{ \"name\": \"Ruby\", \"rank\": 11 }").header("Content-Type", SINGULAR_TYPE);
    }

    // a camel case pk column

    @Test
    void camelCasePkWithMerge() {
        merge("/UnitTest", "[{ \"idUnitTest\": 1, \"nameUnitTest\": \"name of unittest 1\" }, { \"idUnitTest\": 2, \"nameUnitTest\": \"name of unittest 2\" }]")
                .is(201, "[{ \"idUnitTest\": 1, \"nameUnitTest\": \"name of unittest 1\" }, { \"idUnitTest\": 2, \"nameUnitTest\": \"name of unittest 2\" }]")
                .header("Preference-Applied", MERGE);
    }

    @Test
    void camelCasePkWithIgnore() {
        ignore("/UnitTest", "[{ \"idUnitTest\": 1, \"nameUnitTest\": \"name of unittest 1\" }, { \"idUnitTest\": 2, \"nameUnitTest\": \"name of unittest 2\" }]")
                .is(201, "[{ \"idUnitTest\": 2, \"nameUnitTest\": \"name of unittest 2\" }]").header("Preference-Applied", IGNORE);
    }

    @Test
    void camelCasePkWithPut() {
        api.put("/UnitTest?idUnitTest=eq.1", "[ { \"idUnitTest\": 1, \"nameUnitTest\": \"unit test 1\" } ]").status(204).body("")
                .header("Content-Type", null);
        api.get("/UnitTest?idUnitTest=eq.1").is(200, "[ { \"idUnitTest\": 1, \"nameUnitTest\": \"unit test 1\" } ]");
    }

    @Test
    void camelCasePkWithPutAndReturnMinimal() {
        api.put("/UnitTest?idUnitTest=eq.1", "[ { \"idUnitTest\": 1, \"nameUnitTest\": \"unit test 1\" } ]", "Prefer", "return=minimal")
                .status(204).body("").header("Content-Type", null).header("Preference-Applied", "return=minimal");
        api.get("/UnitTest?idUnitTest=eq.1").is(200, "[ { \"idUnitTest\": 1, \"nameUnitTest\": \"unit test 1\" } ]");
    }

    // ordering

    @Test
    void putWithAnOrderedEmbedding() {
        putRepresentation("/web_content?id=eq.0&select=id,name,web_content(name)&web_content.order=name.asc",
                "{ \"id\": 0, \"name\": \"tardis-upserted\", \"p_web_id\": 5 }")
                .is(200, "[ { \"id\": 0, \"name\": \"tardis-upserted\", \"web_content\": [ { \"name\": \"bar\" }, { \"name\": \"fezz\" },"
                        + " { \"name\": \"foo\" } ]} ]")
                .header("Content-Type", JSON_TYPE).header("Preference-Applied", "return=representation");
    }

    @Test
    void batchUpsertWithAnEmbeddingAndOrder() {
        merge("/artists?select=id,name,albums(title)&order=id.desc", "[{ \"id\": 1, \"name\": \"duster-updated\" },"
                + " { \"id\": 2, \"name\": \"bcnr-updated\" }]")
                .is(200, "[{\"id\":2,\"name\":\"bcnr-updated\",\"albums\":[{\"title\": \"ants from up above\"}]}, {\"id\":1,\"name\":"
                        + "\"duster-updated\",\"albums\":[{\"title\": \"stratosphere\"}, {\"title\": \"contemporary movement\"}]}]")
                .header("Content-Type", JSON_TYPE);
    }
}
