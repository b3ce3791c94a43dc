package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;

/**
 * PostgREST's test/spec/Feature/Query/CustomMediaSpec.hs (PostgREST 12.2.3, and the three cases 12.2.12 adds), every
 * case: media type handlers,
 * domains named as media types ({@code "text/plain"}, {@code "application/vnd.twkb"}, {@code "*}/{@code *"}) returned
 * by functions (the value is the body) and by aggregates (applied to a relation's rows, or to any rows for an
 * {@code anyelement} aggregate), chosen by Accept; 406 (PGRST107) when no handler answers.
 * <p>
 * The engine has no PostGIS, so the fixtures' lines hold the text PostGIS prints for a geometry and the handlers
 * compute TWKB and GeoJSON from it in SQL: the bodies are PostgREST's ({@code lines.twkb}, {@code 1.twkb} and
 * {@code lines.csv} of its fixtures, written out here). PostgREST's answers of a jsonb handler start with a byte 1
 * (jsonb's binary format version, which PostgREST 12 sends by mistake; its spec marks them "TODO SOH"): rest-server
 * answers the JSON text without it, which is what the handler returns.
 */
@Spec
class CustomMediaSpecIT {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    /** TWKB of LINESTRING(1 1,5 5) then of LINESTRING(2 2,6 6) (PostgREST's fixtures lines.twkb and 1.twkb). */
    private static final byte[] LINES_TWKB = HexFormat.of().parseHex("a20002c09a0cc09a0c80ea3080ea30a2000280b51880b51880ea3080ea30");
    private static final byte[] LINE_1_TWKB = HexFormat.of().parseHex("a20002c09a0cc09a0c80ea3080ea30");
    /** PostgREST's fixture A.png, the image ret_image answers. */
    private static final byte[] A_PNG = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAB4AAAAeAQMAAAAB/jzhAAAABlBMVEUAAAD/AAAb/40iAAAAP0lEQVQI12NgwAbYG2AE/wEYwQMiZB4ACQkQYZEAIgqAhAGIKLCAEQ8kgMT/P1CCEUwc4IMSzA3sUIIdCHECAGSQEkeOTUyCAAAAAElFTkSuQmCC");
    private static final String WELCOME_HTML = """

            <html>
              <head>
                <title>PostgREST</title>
              </head>
              <body>
                <h1>Welcome to PostgREST</h1>
              </body>
            </html>
            """;

    private final SpecClient api;

    CustomMediaSpecIT(SpecClient api) {
        this.api = api;
    }

    private static String unavailable(String types) {
        return "{\"code\":\"PGRST107\",\"details\":null,\"hint\":null,\"message\":\"None of these media types are available: " + types + "\"}";
    }

    // for tables with aggregate

    @Test
    void canQueryIfThereIsAnAggregateDefinedForTheTable() {
        api.get("/lines", "Accept", "application/vnd.twkb").status(200).bytes(LINES_TWKB)
                .header("Content-Type", "application/vnd.twkb");
    }

    @Test
    void canQueryByIdIfThereIsAnAggregateDefinedForTheTable() {
        api.get("/lines?id=eq.1", "Accept", "application/vnd.twkb").status(200).bytes(LINE_1_TWKB)
                .header("Content-Type", "application/vnd.twkb");
    }

    @Test
    void willFailIfThereIsNoAggregateDefinedForTheTable() {
        api.get("/lines", "Accept", "text/plain").is(406, unavailable("text/plain")).header("Content-Type", JSON_TYPE);
    }

    @Test
    void rawXmlWithAcceptTextXmlIfThereIsAnAggregateDefined() {
        api.get("/xmltest", "Accept", "text/xml").status(200).body("<myxml>foo</myxml>bar<foobar><baz/></foobar>")
                .header("Content-Type", "text/xml; charset=utf-8");
    }

    // for tables with anyelement aggregate

    @Test
    void theGeo2JsonMediaTypeForAnyTable() {
        api.get("/lines", "Accept", "application/vnd.geo2+json").status(200)
                .body("{\"type\": \"FeatureCollection\", \"hello\": \"world\"}")
                .header("Content-Type", "application/vnd.geo2+json");
    }

    @Test
    void theMoreSpecificGeo2HandlerForThisTable() {
        api.get("/shop_bles", "Accept", "application/vnd.geo2+json").status(200).body("\"anyelement overridden\"")
                .header("Content-Type", "application/vnd.geo2+json");
        api.get("/rpc/get_shop_bles", "Accept", "application/vnd.geo2+json").status(200).body("\"anyelement overridden\"")
                .header("Content-Type", "application/vnd.geo2+json");
    }

    // Proc that returns scalar

    @Test
    void rawOutputWithAcceptTextHtml() {
        api.get("/rpc/welcome.html", "Accept", "text/html").status(200).body(WELCOME_HTML).header("Content-Type", "text/html");
    }

    @Test
    void rawOutputWithAcceptTextPlain() {
        api.get("/rpc/welcome", "Accept", "text/plain").status(200).body("Welcome to PostgREST")
                .header("Content-Type", "text/plain; charset=utf-8");
    }

    @Test
    void rawXmlOutputWithAcceptTextXml() {
        api.get("/rpc/return_scalar_xml", "Accept", "text/xml").status(200).body("<my-xml-tag/>")
                .header("Content-Type", "text/xml; charset=utf-8");
    }

    @Test
    void rawXmlOutputOfAFunctionReturningXml() {
        api.get("/rpc/welcome.xml", "Accept", "text/xml").status(200)
                .body("<html>\n  <head>\n    <title>PostgREST</title>\n  </head>\n  <body>\n    <h1>Welcome to PostgREST</h1>\n  </body>\n</html>")
                .header("Content-Type", "text/xml; charset=utf-8");
    }

    @Test
    void failsWithAFunctionReturningTextAndAcceptTextXml() {
        api.get("/rpc/welcome", "Accept", "text/xml").is(406, unavailable("text/xml")).header("Content-Type", JSON_TYPE);
    }

    @Test
    void doesNotFailWhenTheFunctionReturnsNoRow() {
        api.get("/rpc/get_line?id=777", "Accept", "application/vnd.twkb").status(200).body("")
                .header("Content-Type", "application/vnd.twkb");
    }

    // Proc that returns scalar based on a table

    @Test
    void anImageWithAcceptImagePng() {
        api.get("/rpc/ret_image", "Accept", "image/png").status(200).bytes(A_PNG).header("Content-Type", "image/png");
    }

    // Proc that returns set of scalars and Accept: text/plain

    @Test
    void onlyScalarsWorkWithMediaTypeDomains() {
        api.get("/rpc/welcome_twice", "Accept", "text/plain").is(406, unavailable("text/plain")).header("Content-Type", JSON_TYPE);
    }

    // Proc that returns rows and accepts custom media type

    @Test
    void rowsOfAFunctionWorkIfTheRelationHasAnAggregate() {
        api.get("/rpc/get_lines", "Accept", "application/vnd.twkb").status(200).bytes(LINES_TWKB)
                .header("Content-Type", "application/vnd.twkb");
    }

    @Test
    void rowsOfAFunctionFailWithoutAnAggregate() {
        api.get("/rpc/get_lines", "Accept", "application/octet-stream").is(406, unavailable("application/octet-stream"));
    }

    @Test
    void rowsOfAFunctionWorkWithAnAnyelementAggregate() {
        api.get("/rpc/get_lines", "Accept", "application/vnd.geo2+json").status(200)
                .body("{\"type\": \"FeatureCollection\", \"hello\": \"world\"}")
                .header("Content-Type", "application/vnd.geo2+json");
    }

    // overriding

    @Test
    void overridesTheJsonHandlerForOneTable() {
        api.get("/ov_json", "Accept", "application/json").is(200, "{\"overridden\": \"true\"}").header("Content-Type", JSON_TYPE);
    }

    @Test
    void overridesTheGeoJsonHandlerForOneTable() {
        api.get("/lines?id=eq.1", "Accept", "application/geo+json").status(200)
                .body("{\"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"EPSG:4326\"}}, \"type\": \"FeatureCollection\", "
                        + "\"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[1, 1], [5, 5]]}, "
                        + "\"properties\": {\"id\": 1, \"name\": \"line-1\"}}]}")
                .header("Content-Type", "application/geo+json; charset=utf-8");
    }

    @Test
    void doesNotOverrideVendoredTypesLikeTheObject() {
        api.get("/projects?id=eq.1", "Accept", "application/vnd.pgrst.object").is(200, "{\"id\":1,\"name\":\"Windows 7\",\"client_id\":1}")
                .header("Content-Type", "application/vnd.pgrst.object+json; charset=utf-8");
    }

    // matches requested media type correctly

    @Test
    void matchesImagePngAccordingToQualities() {
        api.get("/rpc/ret_image", "Accept", "image/png, */*").status(200).bytes(A_PNG).header("Content-Type", "image/png");
        api.get("/rpc/ret_image", "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/png,*/*;q=0.8")
                .status(200).bytes(A_PNG).header("Content-Type", "image/png");
    }

    @Test
    void matchesJsonInPresenceOfTextPlain() {
        api.get("/projects?id=eq.1", "Accept", "text/plain, application/json").status(200).header("Content-Type", JSON_TYPE);
    }

    @Test
    void matchesACustomTabSeparatedValues() {
        api.get("/projects?id=in.(1,2)", "Accept", "text/tab-separated-values").status(200)
                .body("id\tname\tclient_id\n1\tWindows 7\t1\n2\tWindows 10\t1\n")
                .header("Content-Type", "text/tab-separated-values");
    }

    @Test
    void matchesACustomCsvWithBom() {
        api.get("/lines", "Accept", "text/csv").status(200)
                .body("\uFEFFid,name,geom\n"
                        + "1,line-1,0102000020E610000002000000000000000000F03F000000000000F03F00000000000014400000000000001440\n"
                        + "2,line-2,0102000020E6100000020000000000000000000040000000000000004000000000000018400000000000001840\n")
                .header("Content-Type", "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"lines.csv\"");
    }

    // using select query parameter

    @Test
    void outfuncWithoutSelect() {
        api.get("/projects?id=in.(1,2)", "Accept", "pg/outfunc").status(200)
                .body("(1,\"Windows 7\",1)\n(2,\"Windows 10\",1)\n").header("Content-Type", "pg/outfunc");
    }

    @Test
    void outfuncWithFewerColumnsSelected() {
        api.get("/projects?id=in.(1,2)&select=id,name", "Accept", "pg/outfunc").status(200)
                .body("(1,\"Windows 7\")\n(2,\"Windows 10\")\n").header("Content-Type", "pg/outfunc");
    }

    @Test
    void outfuncWithColumnsInDifferentOrder() {
        api.get("/projects?id=in.(1,2)&select=name,id,client_id", "Accept", "pg/outfunc").status(200)
                .body("(\"Windows 7\",1,1)\n(\"Windows 10\",2,1)\n").header("Content-Type", "pg/outfunc");
    }

    @Test
    void outfuncWithComputedColumns() {
        api.get("/items?id=in.(1,2)&select=id,always_true", "Accept", "pg/outfunc").status(200)
                .body("(1,t)\n(2,t)\n").header("Content-Type", "pg/outfunc");
    }

    /**
     * PostgREST 12 casts every embedding to jsonb, whose text has a blank after the colon; rest-server's embeddings are
     * json, as selected (no jsonb conversion per row), so the record text differs by that blank.
     */
    @Test
    @Disabled("embeddings are json, PostgREST 12's jsonb: {\"id\":1} where PostgREST answers {\"id\": 1}")
    void outfuncWithEmbedding() {
        api.get("/projects?id=in.(1,2)&select=*,clients(id)", "Accept", "pg/outfunc").status(200)
                .body("(1,\"Windows 7\",1,\"{\"\"id\"\": 1}\")\n(2,\"Windows 10\",1,\"{\"\"id\"\": 1}\")\n")
                .header("Content-Type", "pg/outfunc");
    }

    @Test
    void aRelationsAggregateFailsWithFewerColumns() {
        api.get("/lines?select=id", "Accept", "application/vnd.twkb").status(406);
    }

    @Test
    void aRelationsAggregateFailsWithMoreColumns() {
        api.get("/lines?select=id,name,geom,id", "Accept", "application/vnd.twkb").status(406);
    }

    @Test
    void aRelationsAggregateFailsWithColumnsInDifferentOrder() {
        api.get("/lines?select=name,id,geom", "Accept", "application/vnd.twkb").status(406);
    }

    @Test
    void aRelationsAggregateFailsWithColumnsInTheSameOrder() {
        api.get("/lines?select=id,name,geom", "Accept", "application/vnd.twkb").status(406);
    }

    // any media type: on functions

    @Test
    void anyTypeFunctionAnswersOctetStreamForAnyType() {
        api.get("/rpc/ret_any_mt", "Accept", "*/*").status(200).body("any").header("Content-Type", "application/octet-stream");
    }

    @Test
    void anyTypeFunctionAcceptsAnyMediaType() {
        for (String accept : new String[]{"app/bingo", "text/bango", "image/boingo"}) {
            api.get("/rpc/ret_any_mt", "Accept", accept).status(200).body("any").header("Content-Type", "application/octet-stream");
        }
    }

    @Test
    void anyTypeFunctionSetsItsOwnTypeForAnyType() {
        api.get("/rpc/ret_some_mt", "Accept", "*/*").status(200).body("groucho").header("Content-Type", "app/groucho");
    }

    @Test
    void anyTypeFunctionAcceptsSomeTypesByItsOwnLogic() {
        api.get("/rpc/ret_some_mt", "Accept", "app/chico").status(200).body("chico").header("Content-Type", "app/chico");
        api.get("/rpc/ret_some_mt", "Accept", "app/harpo").status(200).body("harpo").header("Content-Type", "app/harpo");
        api.get("/rpc/ret_some_mt", "Accept", "text/csv").status(406);
    }

    // any media type: on tables

    @Test
    void anyTypeAggregateAnswersOctetStreamForAnyType() {
        api.get("/some_numbers?val=eq.1", "Accept", "*/*").status(200).body("anything\n1")
                .header("Content-Type", "application/octet-stream");
    }

    @Test
    void anyTypeAggregateAcceptsAnyTypeAndSetsIt() {
        api.get("/some_numbers?val=eq.2", "Accept", "magic/number").status(200).body("magic\n2").header("Content-Type", "magic/number");
        api.get("/some_numbers?val=eq.3", "Accept", "crazy/bingo").status(200).body("crazy\n3").header("Content-Type", "crazy/bingo");
        api.get("/some_numbers?val=eq.4", "Accept", "unknown/unknown").status(200).body("anything\n4")
                .header("Content-Type", "application/octet-stream");
    }

    // The later PostgREST 12.2.x releases' cases (12.2.12): media type parser fails, allowed characters.

    @Test
    void anUnparsableMediaTypeIsNamedAsIs() {
        api.get("/items", "Accept", "undefined").is(406, unavailable("undefined"));
    }

    @Test
    void aCharsetParameterOnTheBodysType() {
        api.post("/rpc/overloaded_default", "{\"must_param\":1}", "Content-Type", "application/json; charset=utf-8")
                .is(200, "{\"val\":1}").header("Content-Type", JSON_TYPE);
    }

    @Test
    void unrecognizedParametersOnTheBodysTypeAreIgnored() {
        api.post("/rpc/overloaded_default", "{\"must_param\":1}", "Content-Type", "application/json; $$ unrecognized-chars=ignored $$")
                .is(200, "{\"val\":1}").header("Content-Type", JSON_TYPE);
    }

    // Not a case of PostgREST's spec (no case there asks for a wildcard subtype): its answer as its code gives it,
    // decodeMediaType reads application/* as a type of its own (MTOther) and negotiateContent finds no handler
    // of that name.

    @Test
    void aWildcardSubtypeIsNotAvailable() {
        api.get("/items", "Accept", "application/*").is(406, unavailable("application/*")).header("Content-Type", JSON_TYPE);
    }
}
