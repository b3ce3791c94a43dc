package io.sgregistry.rest.http;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.http.RestHandler.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcceptFormatTest {
    @Test
    void theFirstProducedMediaTypeWins() {
        assertThat(RestHandler.format(null, false)).isEqualTo(Format.JSON);
        assertThat(RestHandler.format(" ", false)).isEqualTo(Format.JSON);
        assertThat(RestHandler.format("text/csv;charset=utf-8", false)).isEqualTo(Format.CSV);
        assertThat(RestHandler.format("text/html, application/vnd.pgrst.object+json;q=0.9", false)).isEqualTo(Format.OBJECT);
        assertThat(RestHandler.format("APPLICATION/JSON", false)).isEqualTo(Format.JSON);
        assertThat(RestHandler.format("application/openapi+json", true)).isEqualTo(Format.OPENAPI);
    }

    /** The REST sweep's "Accept: ;;" was an ArrayIndexOutOfBoundsException (a 500): ";;".split(";") is empty. */
    @ParameterizedTest
    @ValueSource(strings = {";;", ";", ",", ",;,", "; q=1", "text/html", "application/openapi+json", "text/*"})
    void nothingProducedIsA406(String accept) {
        assertThatThrownBy(() -> RestHandler.format(accept, false)).isInstanceOf(ApiError.class)
                .satisfies(e -> assertThat(((ApiError) e).status()).isEqualTo(406));
    }
}
