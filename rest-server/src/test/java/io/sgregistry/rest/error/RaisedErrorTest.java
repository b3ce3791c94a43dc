package io.sgregistry.rest.error;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RaisedErrorTest {

    @Test
    void theFunctionChoosesStatusHeadersAndBody() {
        ApiError e = RaisedError.of(
                "{\"code\":\"TOO_MANY_LOGINS\",\"message\":\"too many\",\"details\":\"5 in a row\",\"hint\":\"wait\"}",
                "{\"status\":429,\"headers\":{\"Retry-After\":\"16\"}}");
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.code()).isEqualTo("TOO_MANY_LOGINS");
        assertThat(e.getMessage()).isEqualTo("too many");
        assertThat(e.details()).isEqualTo("5 in a row");
        assertThat(e.hint()).isEqualTo("wait");
        assertThat(e.headers()).containsEntry("Retry-After", "16");
    }

    @Test
    void unreadableJsonOrStatusIs500Pgrst121() {
        for (String[] bad : new String[][] {{"not json", "{\"status\":429}"}, {"{}", "not json"},
                {"{}", "{\"status\":\"x\"}"}, {"{}", "{\"status\":42}"}, {null, null}}) {
            ApiError e = RaisedError.of(bad[0], bad[1]);
            assertThat(e.status()).as("%s / %s", bad[0], bad[1]).isEqualTo(500);
            assertThat(e.code()).isEqualTo("PGRST121");
        }
    }
}
