package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ApiError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Prefer header as PostgREST reads it and reports it in Preference-Applied. */
class PreferTest {
    @Test
    void everyPreferenceIsRead() {
        Prefer p = Prefer.parse(List.of("return=representation, count=exact",
                "resolution=merge-duplicates,missing=default, tx=rollback, handling=lenient"));
        assertThat(p.representation()).isTrue();
        assertThat(p.counted()).isTrue();
        assertThat(p.resolution()).isEqualTo("merge-duplicates");
        assertThat(p.missingDefault()).isTrue();
        assertThat(p.tx()).isEqualTo("rollback");
        assertThat(p.handling()).isEqualTo("lenient");
    }

    @Test
    void theFirstValueOfAPreferenceWins() {
        Prefer p = Prefer.parse(List.of("return=minimal", "return=representation"));
        assertThat(p.returning()).isEqualTo("minimal");
        assertThat(p.representation()).isFalse();
    }

    @Test
    void unknownPreferencesAreIgnoredUnlessStrict() {
        Prefer p = Prefer.parse(List.of("return=everything, frobnicate, count=exact"));
        assertThat(p.returning()).isNull();
        assertThat(p.counted()).isTrue();
        assertThatThrownBy(() -> Prefer.parse(List.of("handling=strict, frobnicate=1")))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("PGRST122");
                    assertThat(e.details()).contains("frobnicate=1");
                });
        // Known but not acted on: no error under strict.
        assertThat(Prefer.parse(List.of("handling=strict, timezone=UTC")).handling()).isEqualTo("strict");
    }

    @Test
    void appliedInPostgrestOrder() {
        Prefer p = Prefer.parse(List.of("count=exact, return=representation, missing=default, resolution=ignore-duplicates, tx=commit"));
        assertThat(p.appliedToWrite(false)).isEqualTo("resolution=ignore-duplicates, missing=default, return=representation, count=exact");
        assertThat(p.appliedToWrite(true)).endsWith(", tx=commit");
        assertThat(p.appliedToRead(false)).isEqualTo("count=exact");
        assertThat(Prefer.NONE.appliedToWrite(true)).isNull();
    }
}
