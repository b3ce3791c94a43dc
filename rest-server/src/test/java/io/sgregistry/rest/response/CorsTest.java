package io.sgregistry.rest.response;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CORS as PostgREST's policy answers it, without a server. */
class CorsTest {
    private static final Answer OK = new Answer(200, "application/json; charset=utf-8", "[]", Map.of("Content-Range", "*/*"));

    @Test
    void onlyOptionsFromAnOriginAskingForAMethodIsAPreflight() {
        assertThat(Cors.preflight("OPTIONS", "http://a.example", "POST")).isTrue();
        assertThat(Cors.preflight("OPTIONS", null, "POST")).isFalse();
        assertThat(Cors.preflight("OPTIONS", "http://a.example", null)).isFalse();
        assertThat(Cors.preflight("GET", "http://a.example", "POST")).isFalse();
    }

    @Test
    void anyOriginByDefault() {
        Answer pre = new Cors(List.of()).preflightAnswer("http://a.example", "content-type, Authorization,,X-Mine");
        assertThat(pre.status()).isEqualTo(200);
        assertThat(pre.body()).isNull();
        assertThat(pre.headers()).containsEntry("Access-Control-Allow-Origin", "*")
                .containsEntry("Access-Control-Allow-Headers", "Authorization, content-type, X-Mine, Accept, Accept-Language, Content-Language")
                .containsEntry("Access-Control-Max-Age", "86400").doesNotContainKey("Access-Control-Allow-Credentials");
        Answer actual = new Cors(List.of()).actual("http://a.example", OK);
        assertThat(actual.headers()).containsEntry("Access-Control-Allow-Origin", "*").containsEntry("Content-Range", "*/*")
                .containsKey("Access-Control-Expose-Headers");
        assertThat(actual.text()).isEqualTo("[]");
        assertThat(new Cors(List.of()).actual(null, OK)).isSameAs(OK);
    }

    @Test
    void configuredOriginsAreEchoedWithCredentialsAndOthersGetNothing() {
        Cors cors = new Cors(List.of("http://a.example", "http://b.example"));
        assertThat(cors.preflightAnswer("http://b.example", null).headers()).containsEntry("Access-Control-Allow-Origin", "http://b.example")
                .containsEntry("Access-Control-Allow-Credentials", "true")
                .containsEntry("Access-Control-Allow-Headers", "Authorization, Accept, Accept-Language, Content-Language");
        assertThat(cors.preflightAnswer("http://c.example", "X")).isNull();
        assertThat(cors.actual("http://c.example", OK)).isSameAs(OK);
        assertThat(cors.actual("http://a.example", OK).headers()).containsEntry("Access-Control-Allow-Origin", "http://a.example");
    }
}
