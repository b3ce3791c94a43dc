package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Accept negotiation as PostgREST does it: quality first, then the order written, then what is produced. */
class NegotiationTest {
    private static final Set<MediaType> ROWS = EnumSet.of(MediaType.JSON, MediaType.OBJECT, MediaType.CSV);

    @Test
    void theFirstProducedMediaTypeWins() {
        assertThat(Negotiation.accept(null, ROWS)).isEqualTo(MediaType.JSON);
        assertThat(Negotiation.accept(" ", ROWS)).isEqualTo(MediaType.JSON);
        assertThat(Negotiation.accept("text/csv;charset=utf-8", ROWS)).isEqualTo(MediaType.CSV);
        assertThat(Negotiation.accept("text/html, application/vnd.pgrst.object+json;q=0.9", ROWS)).isEqualTo(MediaType.OBJECT);
        assertThat(Negotiation.accept("APPLICATION/JSON", ROWS)).isEqualTo(MediaType.JSON);
        assertThat(Negotiation.accept("application/openapi+json", EnumSet.of(MediaType.OPENAPI, MediaType.JSON)))
                .isEqualTo(MediaType.OPENAPI);
    }

    @Test
    void theObjectTypeWithoutPlusJsonIsTheObjectToo() {
        assertThat(Negotiation.accept("application/vnd.pgrst.object", ROWS)).isEqualTo(MediaType.OBJECT);
        assertThat(Negotiation.accept("application/vnd.pgrst.object;charset=utf-8", ROWS)).isEqualTo(MediaType.OBJECT);
    }

    /** PostgREST's decodeMediaType: {@code nulls=stripped} on its array and object types; the array type alone is JSON. */
    @Test
    void nullsStrippedArraysAndObjects() {
        Set<MediaType> rows = EnumSet.of(MediaType.JSON, MediaType.OBJECT, MediaType.CSV, MediaType.ARRAY_STRIPPED,
                MediaType.OBJECT_STRIPPED);
        assertThat(Negotiation.accept("application/vnd.pgrst.array+json;nulls=stripped", rows)).isEqualTo(MediaType.ARRAY_STRIPPED);
        assertThat(Negotiation.accept("application/vnd.pgrst.array;nulls=stripped", rows)).isEqualTo(MediaType.ARRAY_STRIPPED);
        assertThat(Negotiation.accept("application/vnd.pgrst.object+json;nulls=stripped", rows)).isEqualTo(MediaType.OBJECT_STRIPPED);
        assertThat(Negotiation.accept("application/vnd.pgrst.array+json", rows)).isEqualTo(MediaType.JSON);
        assertThat(Negotiation.accept("application/json;nulls=stripped", rows)).isEqualTo(MediaType.JSON);
        assertThat(MediaType.OBJECT_STRIPPED.singular()).isTrue();
        assertThat(MediaType.ARRAY_STRIPPED.contentType()).isEqualTo("application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8");
    }

    @Test
    void qualityOrdersBeforePosition() {
        assertThat(Negotiation.accept("application/json;q=0.5, text/csv", ROWS)).isEqualTo(MediaType.CSV);
        assertThat(Negotiation.accept("text/csv;q=0.1, application/json;q=0.2", ROWS)).isEqualTo(MediaType.JSON);
        // q=0 means "not acceptable".
        assertThat(Negotiation.accept("text/csv;q=0, */*", ROWS)).isEqualTo(MediaType.JSON);
    }

    @Test
    void wildcardsAreJson() {
        assertThat(Negotiation.accept("*/*", ROWS)).isEqualTo(MediaType.JSON);
        assertThat(Negotiation.accept("application/*", ROWS)).isEqualTo(MediaType.JSON);
        assertThat(Negotiation.accept("text/html, */*;q=0.8", ROWS)).isEqualTo(MediaType.JSON);
    }

    /** The REST sweep's "Accept: ;;" was an ArrayIndexOutOfBoundsException (a 500): ";;".split(";") is empty. */
    @ParameterizedTest
    @ValueSource(strings = {";;", ";", ",", ",;,", "; q=1", "text/html", "application/openapi+json", "text/*",
            "text/csv;q=0"})
    void nothingProducedIsA406(String accept) {
        assertThatThrownBy(() -> Negotiation.accept(accept, ROWS)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(406);
            assertThat(e.code()).isEqualTo("PGRST107");
        });
    }
}
