package io.sgregistry.rest.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sgregistry.rest.error.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtVerifierTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final JwtVerifier verifier = new JwtVerifier(SECRET, "anon", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    /**
     * Malformed tokens are the caller's mistake: a 401, never a server error. The REST sweep found that a
     * header or payload that is valid base64 of a JSON literal ("null", {} and [] are "bnVsbA", "e30",
     * "W10") made the JOSE library throw unchecked exceptions, answered as a 500.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Bearer bnVsbA.bnVsbA.bnVsbA", "Bearer e30.e30.e30", "Bearer W10.W10.W10", "Bearer MQ.MQ.MQ",
            "Bearer ey%%%.e.e", "Bearer a.b.c", "Bearer ...", "Bearer not.a.token", "Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoicG9zdGdyZXMifQ.",
            "Bearer eyJhbGciOiJIUzUxMiJ9.eyJyb2xlIjoicG9zdGdyZXMifQ.c2ln", "Bearer e30.bnVsbA.", "Bearer eyJhbGciOiJIUzI1NiJ9.bnVsbA.c2ln",
            "Bearer eyJhbGciOiJIUzI1NiJ9.W10.c2ln", "Bearer eyJhbGciOjF9.e30.c2ln", "Bearer", "Basic dXNlcjpwYXNz", "Bearer \u0001"})
    void malformedTokensAreA401(String header) {
        assertThatThrownBy(() -> verifier.session(header)).isInstanceOf(ApiError.class)
                .satisfies(e -> {
                    ApiError a = (ApiError) e;
                    assertThat(a.status()).isEqualTo(401);
                    assertThat(a.headers()).containsKey("WWW-Authenticate");
                    assertThat(a.getMessage()).doesNotContain("Exception", "java.");
                });
    }

    @Test
    void aSignedTokenNamesItsRole() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().claim("role", "reader").build());
        jwt.sign(new MACSigner(SECRET));
        JwtVerifier.Session s = verifier.session("Bearer " + jwt.serialize());
        assertThat(s.role()).isEqualTo("reader");
        assertThat(s.authenticated()).isTrue();
        assertThat(verifier.session(null).role()).isEqualTo("anon");
    }
}
