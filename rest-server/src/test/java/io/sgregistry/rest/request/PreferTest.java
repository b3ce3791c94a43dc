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
        // A time zone is PostgreSQL's to judge; a max-affected that is not a number is ignored (PostgREST).
        Prefer tz = Prefer.parse(List.of("handling=strict, timezone=UTC, max-affected=many"));
        assertThat(tz.timezone()).isEqualTo("UTC");
        assertThat(tz.maxAffected()).isNull();
    }

    @Test
    void appliedInPostgrestOrder() {
        Prefer p = Prefer.parse(List.of("count=exact, return=representation, missing=default, resolution=ignore-duplicates, tx=commit"));
        assertThat(p.appliedToWrite(false, false)).isEqualTo("resolution=ignore-duplicates, missing=default, return=representation, count=exact");
        assertThat(p.appliedToWrite(true, false)).endsWith(", tx=commit");
        assertThat(p.appliedToRead(false, false)).isEqualTo("count=exact");
        assertThat(Prefer.NONE.appliedToWrite(true, true)).isNull();
    }

    @Test
    void maxAffectedAppliesOnlyUnderStrictHandlingAndWhereRowsAreAffected() {
        Prefer strict = Prefer.parse(List.of("max-affected=10, timezone=Europe/Paris", "handling=strict"));
        assertThat(strict.strictMaxAffected()).isEqualTo(10L);
        assertThat(strict.appliedToWrite(false, true)).isEqualTo("handling=strict, timezone=Europe/Paris, max-affected=10");
        assertThat(strict.appliedToRead(false, false)).isEqualTo("handling=strict, timezone=Europe/Paris");
        Prefer lenient = Prefer.parse(List.of("handling=lenient, max-affected=10"));
        assertThat(lenient.strictMaxAffected()).isNull();
        assertThat(lenient.appliedToWrite(false, true)).isEqualTo("handling=lenient");
    }
}
