package io.sgregistry.rest.request;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** An Accept entry decoded as PostgREST's decodeMediaType, and named as its toMime. */
class AcceptedTest {
    @Test
    void typesAreLowerCasedAndParametersRead() {
        Accepted a = Accepted.parse("Application/Vnd.PgRst.Object+JSON; Nulls=stripped");
        assertThat(a.type()).isEqualTo("application/vnd.pgrst.object+json");
        assertThat(a.vendored()).isEqualTo(MediaType.OBJECT_STRIPPED);
        assertThat(a.mime()).isEqualTo("application/vnd.pgrst.object+json;nulls=stripped");
    }

    @Test
    void theArrayWithoutNullsStrippedIsJson() {
        Accepted a = Accepted.parse("application/vnd.pgrst.array");
        assertThat(a.vendored()).isNull();
        assertThat(a.key()).isEqualTo("application/json");
        assertThat(a.mime()).isEqualTo("application/json");
    }

    @Test
    void anUnknownTypeIsNamedAsWritten() {
        assertThat(Accepted.parse("application/vnd.twkb;v=2").mime()).isEqualTo("application/vnd.twkb;v=2");
        assertThat(Accepted.parse("text/plain; charset=utf-8").mime()).isEqualTo("text/plain");
    }

    @Test
    void aPlansForAndOptions() {
        Accepted a = Accepted.parse("application/vnd.pgrst.plan+json;for=\"text/csv\";options=buffers|analyze");
        assertThat(a.plan()).isTrue();
        assertThat(a.planJson()).isTrue();
        assertThat(a.planFor().type()).isEqualTo("text/csv");
        assertThat(a.planOptions()).containsExactly("analyze", "buffers");
        assertThat(a.mime()).isEqualTo("application/vnd.pgrst.plan+json; for=\"text/csv\"; options=analyze|buffers");
        assertThat(Accepted.parse("application/vnd.pgrst.plan").mime()).isEqualTo("application/vnd.pgrst.plan+text; for=\"application/json\"");
    }

    /** PostgREST's toContentType: a charset for the types it knows by name, none for octet-stream and the others. */
    @Test
    void aCharsetOnlyForKnownTypes() {
        assertThat(Accepted.contentType("text/plain")).isEqualTo("text/plain; charset=utf-8");
        assertThat(Accepted.contentType("text/xml")).isEqualTo("text/xml; charset=utf-8");
        assertThat(Accepted.contentType("application/geo+json")).isEqualTo("application/geo+json; charset=utf-8");
        assertThat(Accepted.contentType("text/html")).isEqualTo("text/html");
        assertThat(Accepted.contentType("application/octet-stream")).isEqualTo("application/octet-stream");
        assertThat(Accepted.contentType("image/png")).isEqualTo("image/png");
    }
}
