package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ApiError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bodies as JSON, CSV and form, with the keys a write names. */
class PayloadTest {
    @Test
    void jsonObjectsAndArrays() {
        Payload one = Payload.parse(null, "{\"a\":1,\"b\":null}");
        assertThat(one.keys()).containsExactly("a", "b");
        assertThat(one.array()).isFalse();
        Payload many = Payload.parse("application/json", "[{\"a\":1},{\"a\":2,\"b\":3}]");
        assertThat(many.keys()).containsExactly("a", "b");
        assertThat(many.uniformKeys()).isFalse();
        Payload none = Payload.parse("application/json", "[]");
        assertThat(none.empty()).isTrue();
        assertThat(none.keys()).isEmpty();
    }

    @Test
    void csvWithNullsAndQuotes() {
        Payload p = Payload.parse("text/csv", "a,b\nNULL,foo\n\"x,y\",\"say \"\"hi\"\"\"\n\"NULL\",");
        assertThat(p.json()).isEqualTo("[{\"a\":null,\"b\":\"foo\"},{\"a\":\"x,y\",\"b\":\"say \\\"hi\\\"\"},{\"a\":\"NULL\",\"b\":\"\"}]");
        assertThatThrownBy(() -> Payload.parse("text/csv", "a,b\nfoo,bar\nbaz")).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.getMessage()).isEqualTo("All lines must have same number of fields"));
    }

    @Test
    void forms() {
        Payload p = Payload.parse("application/x-www-form-urlencoded; charset=utf-8", "integer=7&varchar=forms+are+fun&money=%243.99");
        assertThat(p.json()).isEqualTo("{\"integer\":\"7\",\"varchar\":\"forms are fun\",\"money\":\"$3.99\"}");
        assertThat(Payload.parse("application/x-www-form-urlencoded", "v=hi&v=there&w=1").json())
                .isEqualTo("{\"v\":[\"hi\",\"there\"],\"w\":\"1\"}");
    }

    @Test
    void badBodiesArePgrst102() {
        for (String body : new String[]{"", "{", "1", "[1]", "\"x\""}) {
            assertThatThrownBy(() -> Payload.parse(null, body)).as(body).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.code()).isEqualTo("PGRST102");
            });
        }
    }
}
