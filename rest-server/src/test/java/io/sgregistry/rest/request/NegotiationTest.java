package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Accept negotiation as PostgREST does it: quality first, then specificity, then the order written; PostgREST's
 * vendored types, then the target's media type handlers (for a default select), then those for any rows.
 */
class NegotiationTest {
    private static final Negotiation.Handlers ROWS = Negotiation.Handlers.ROWS;

    private static MediaType builtin(String accept) {
        return Negotiation.negotiate(accept, ROWS, false).builtin();
    }

    @Test
    void theFirstProducedMediaTypeWins() {
        assertThat(builtin(null)).isEqualTo(MediaType.JSON);
        assertThat(builtin(" ")).isEqualTo(MediaType.JSON);
        assertThat(builtin("text/csv;charset=utf-8")).isEqualTo(MediaType.CSV);
        assertThat(builtin("text/html, application/vnd.pgrst.object+json;q=0.9")).isEqualTo(MediaType.OBJECT);
        assertThat(builtin("APPLICATION/JSON")).isEqualTo(MediaType.JSON);
    }

    @Test
    void theObjectTypeWithoutPlusJsonIsTheObjectToo() {
        assertThat(builtin("application/vnd.pgrst.object")).isEqualTo(MediaType.OBJECT);
        assertThat(builtin("application/vnd.pgrst.object;charset=utf-8")).isEqualTo(MediaType.OBJECT);
    }

    /** PostgREST's decodeMediaType: {@code nulls=stripped} on its array and object types; the array type alone is JSON. */
    @Test
    void nullsStrippedArraysAndObjects() {
        assertThat(builtin("application/vnd.pgrst.array+json;nulls=stripped")).isEqualTo(MediaType.ARRAY_STRIPPED);
        assertThat(builtin("application/vnd.pgrst.array;nulls=stripped")).isEqualTo(MediaType.ARRAY_STRIPPED);
        assertThat(builtin("application/vnd.pgrst.object+json;nulls=stripped")).isEqualTo(MediaType.OBJECT_STRIPPED);
        assertThat(builtin("application/vnd.pgrst.array+json")).isEqualTo(MediaType.JSON);
        assertThat(builtin("application/json;nulls=stripped")).isEqualTo(MediaType.JSON);
        assertThat(MediaType.OBJECT_STRIPPED.singular()).isTrue();
        assertThat(MediaType.ARRAY_STRIPPED.contentType()).isEqualTo("application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8");
    }

    @Test
    void qualityOrdersBeforePosition() {
        assertThat(builtin("application/json;q=0.5, text/csv")).isEqualTo(MediaType.CSV);
        assertThat(builtin("text/csv;q=0.1, application/json;q=0.2")).isEqualTo(MediaType.JSON);
        // q=0 means "not acceptable".
        assertThat(builtin("text/csv;q=0, */*")).isEqualTo(MediaType.JSON);
    }

    /** Wai's parseHttpAccept, which PostgREST reads Accept with: a wildcard ranks below a type of equal quality. */
    @Test
    void specificityOrdersBeforePosition() {
        List<Accepted> a = Negotiation.accepted("*/*, image/png");
        assertThat(a).extracting(Accepted::type).containsExactly("image/png", "*/*");
        assertThat(Negotiation.accepted("text/csv, application/json;nulls=stripped")).extracting(Accepted::type)
                .containsExactly("application/json", "text/csv");
    }

    @Test
    void wildcardsAreJson() {
        assertThat(builtin("*/*")).isEqualTo(MediaType.JSON);
        assertThat(builtin("text/html, */*;q=0.8")).isEqualTo(MediaType.JSON);
    }

    /** The REST sweep's "Accept: ;;" was an ArrayIndexOutOfBoundsException (a 500): ";;".split(";") is empty. */
    @ParameterizedTest
    @ValueSource(strings = {";;", ";", ",", ",;,", "; q=1", "text/html", "application/openapi+json", "text/*", "application/*",
            "text/csv;q=0"})
    void nothingProducedIsA406(String accept) {
        assertThatThrownBy(() -> Negotiation.negotiate(accept, ROWS, false)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(406);
            assertThat(e.code()).isEqualTo("PGRST107");
        });
    }

    /** PostgREST names each type as it knows it (its toMime), in the order tried. */
    @Test
    void the406NamesTheTypesTried() {
        assertThatThrownBy(() -> Negotiation.negotiate("text/plain", ROWS, false))
                .hasMessage("None of these media types are available: text/plain");
        assertThatThrownBy(() -> Negotiation.negotiate("text/xml;q=0.5, application/vnd.twkb", ROWS, false))
                .hasMessage("None of these media types are available: application/vnd.twkb, text/xml");
    }

    /**
     * PostgREST decodes {@code application/*} as a type of its own (MTOther), which no handler is named: a 406
     * naming it as written; a later {@code *}/{@code *} is still JSON.
     */
    @Test
    void aWildcardSubtypeIsNoType() {
        assertThatThrownBy(() -> Negotiation.negotiate("application/*", ROWS, false))
                .hasMessage("None of these media types are available: application/*");
        assertThat(builtin("application/*, */*;q=0.5")).isEqualTo(MediaType.JSON);
    }

    private static final MediaHandler TWKB = new MediaHandler.Aggregate("test", "twkb_agg", "lines", "application/vnd.twkb", true);
    private static final MediaHandler ANY_BYTES = new MediaHandler.Aggregate("test", "some_agg", "some_numbers", "*/*", true);
    private static final MediaHandler OUTFUNC = new MediaHandler.Aggregate("test", "outfunc_agg", null, "pg/outfunc", false);
    private static final MediaHandler OV_JSON = new MediaHandler.Aggregate("test", "ov_json_agg", "ov_json", "application/json", false);

    private static Negotiation.Handlers handlers(boolean defaultSelect, Map<String, MediaHandler> own) {
        Map<String, MediaHandler> any = new LinkedHashMap<>(Negotiation.Handlers.BUILTIN);
        any.put("pg/outfunc", OUTFUNC);
        return new Negotiation.Handlers(own, any, defaultSelect);
    }

    @Test
    void aRelationsOwnHandlerAnswersItsDefaultSelect() {
        Negotiated n = Negotiation.negotiate("application/vnd.twkb", handlers(true, Map.of("application/vnd.twkb", TWKB)), false);
        assertThat(n.handler()).isEqualTo(TWKB);
        assertThat(n.contentType()).isEqualTo("application/vnd.twkb");
        // Another select: the rows are not the relation's, so only the handlers for any rows answer.
        assertThatThrownBy(() -> Negotiation.negotiate("application/vnd.twkb", handlers(false, Map.of("application/vnd.twkb", TWKB)),
                false)).isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(406));
        assertThat(Negotiation.negotiate("pg/outfunc", handlers(false, Map.of()), false).handler()).isEqualTo(OUTFUNC);
        assertThat(Negotiation.negotiate("pg/outfunc", handlers(false, Map.of()), false).contentType()).isEqualTo("pg/outfunc");
    }

    @Test
    void anAnyTypeHandlerAnswersEveryTypeAsOctetStream() {
        Negotiation.Handlers h = handlers(true, Map.of("*/*", ANY_BYTES));
        for (String accept : List.of("*/*", "magic/number", "application/json", "text/csv")) {
            Negotiated n = Negotiation.negotiate(accept, h, false);
            assertThat(n.handler()).as(accept).isEqualTo(ANY_BYTES);
            assertThat(n.contentType()).isEqualTo("application/octet-stream");
        }
        // PostgREST's vendored types are never overridden.
        assertThat(Negotiation.negotiate("application/vnd.pgrst.object", h, false).builtin()).isEqualTo(MediaType.OBJECT);
    }

    @Test
    void aRelationMayOverrideJson() {
        Negotiated n = Negotiation.negotiate("application/json", handlers(true, Map.of("application/json", OV_JSON)), false);
        assertThat(n.handler()).isEqualTo(OV_JSON);
        assertThat(n.contentType()).isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void aFunctionsOwnValue() {
        MediaHandler plain = new MediaHandler.Scalar("text/plain", false);
        MediaHandler png = new MediaHandler.Scalar("image/png", true);
        assertThat(Negotiation.negotiate("text/plain", handlers(true, Map.of("text/plain", plain)), false).contentType())
                .isEqualTo("text/plain; charset=utf-8");
        assertThat(Negotiation.negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,image/png,*/*;q=0.8",
                handlers(true, Map.of("image/png", png)), false).handler()).isEqualTo(png);
        // */* alone: the function's type is not */*, so the answer is JSON.
        assertThat(Negotiation.negotiate("*/*", handlers(true, Map.of("image/png", png)), false).builtin()).isEqualTo(MediaType.JSON);
    }

    @Test
    void aPlanNeedsPlansEnabled() {
        assertThatThrownBy(() -> Negotiation.negotiate("application/vnd.pgrst.plan", ROWS, false))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(406);
                    assertThat(e.getMessage()).isEqualTo(
                            "None of these media types are available: application/vnd.pgrst.plan+text; for=\"application/json\"");
                });
        Negotiated n = Negotiation.negotiate("application/vnd.pgrst.plan", ROWS, true);
        assertThat(n.explain()).isNotNull();
        assertThat(n.explain().json()).isFalse();
        assertThat(n.explain().contentType()).isEqualTo("application/vnd.pgrst.plan+text; for=\"application/json\"; charset=utf-8");
        assertThat(n.builtin()).isEqualTo(MediaType.JSON);
    }

    @Test
    void aPlanOfAnotherMediaTypeWithOptions() {
        Negotiated n = Negotiation.negotiate(
                "application/vnd.pgrst.plan+json; for=\"application/vnd.pgrst.object\"; options=wal|verbose|nonsense|analyze", ROWS, true);
        assertThat(n.builtin()).isEqualTo(MediaType.OBJECT);
        assertThat(n.explain().options()).containsExactly("analyze", "verbose", "wal");
        assertThat(n.explain().contentType()).isEqualTo(
                "application/vnd.pgrst.plan+json; for=\"application/vnd.pgrst.object+json\"; options=analyze|verbose|wal; charset=utf-8");
        Negotiated twkb = Negotiation.negotiate("application/vnd.pgrst.plan+json; for=\"application/vnd.twkb\"",
                handlers(true, Map.of("application/vnd.twkb", TWKB)), true);
        assertThat(twkb.handler()).isEqualTo(TWKB);
        assertThatThrownBy(() -> Negotiation.negotiate("application/vnd.pgrst.plan+json; for=\"text/xml\"", ROWS, true))
                .hasMessage("None of these media types are available: application/vnd.pgrst.plan+json; for=\"text/xml\"");
    }
}
