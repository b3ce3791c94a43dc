package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ApiError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Range, limit and offset combined into a page, and Content-Range, as PostgREST's RangeSpec expects. */
class RangeHeaderTest {
    @Test
    void rangesParseWithOrWithoutTheUnit() {
        assertThat(RangeHeader.parse("0-9")).isEqualTo(new RangeHeader(0, 9L));
        assertThat(RangeHeader.parse("items=5-")).isEqualTo(new RangeHeader(5, null));
        assertThat(RangeHeader.parse(null)).isNull();
        // Not a range PostgREST understands: ignored, the whole answer is given.
        assertThat(RangeHeader.parse("bytes=a-b")).isNull();
    }

    @Test
    void anUpperBoundBelowTheLowerIsA416() {
        assertThatThrownBy(() -> RangeHeader.parse("1-0")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(416);
            assertThat(e.code()).isEqualTo("PGRST103");
            assertThat(e.details()).isEqualTo("The lower boundary must be lower than or equal to the upper boundary in the Range header.");
        });
    }

    @Test
    void theHeaderNarrowsLimitAndOffset() {
        assertThat(RangeHeader.page(3L, null, new RangeHeader(0, 1L))).isEqualTo(new RangeHeader.Page(0, 2L));
        assertThat(RangeHeader.page(null, null, new RangeHeader(10, 14L))).isEqualTo(new RangeHeader.Page(10, 5L));
        assertThat(RangeHeader.page(null, null, new RangeHeader(2, null))).isEqualTo(new RangeHeader.Page(2, null));
        assertThat(RangeHeader.page(3L, 2L, null)).isEqualTo(new RangeHeader.Page(2, 3L));
    }

    @Test
    void aNegativeOffsetIsNoOffsetAndANegativeLimitA416() {
        assertThat(RangeHeader.page(null, -4L, null)).isEqualTo(new RangeHeader.Page(0, null));
        assertThatThrownBy(() -> RangeHeader.page(-1L, null, null)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(416);
            assertThat(e.code()).isEqualTo("PGRST103");
            assertThat(e.details()).isEqualTo("Limit should be greater than or equal to zero.");
        });
        assertThat(RangeHeader.page(0L, null, null)).isEqualTo(new RangeHeader.Page(0, 0L));
    }

    @Test
    void contentRange() {
        assertThat(RangeHeader.contentRange(0, 15, null)).isEqualTo("0-14/*");
        assertThat(RangeHeader.contentRange(2, 3, 15L)).isEqualTo("2-4/15");
        assertThat(RangeHeader.contentRange(0, 0, null)).isEqualTo("*/*");
        assertThat(RangeHeader.contentRange(0, 0, 0L)).isEqualTo("*/0");
    }
}
