package io.sgregistry.mounter.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sgregistry.mounter.mount.MountException;
import io.sgregistry.service.auth.TokenVerifier;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mounter acts for the user of a registry access token, or for nobody; the token policy itself is TokenVerifierTest's. */
class CallerTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private final TokenVerifier tokens = new TokenVerifier(KEY, "data_api_anon", null, Clock.fixed(NOW, ZoneOffset.UTC));

    private static String token(byte[] key, String typ, Instant exp) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("role", "registry_user").claim("username", "alice")
                .claim("user_id", "6c3b1a52-0000-4000-8000-000000000001").claim("typ", typ)
                .issueTime(Date.from(NOW.minusSeconds(60))).expirationTime(Date.from(exp)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return "Bearer " + jwt.serialize();
    }

    @Test
    void noHeaderIsAnonymous() {
        assertThat(Caller.of(tokens, null).anonymous()).isTrue();
        assertThat(Caller.of(tokens, "  ").anonymous()).isTrue();
    }

    @Test
    void aValidAccessTokenIsItsUserWithTheClaimsTheRegistryReads() throws Exception {
        Caller c = Caller.of(tokens, token(KEY, "access", NOW.plusSeconds(600)));
        assertThat(c.username()).isEqualTo("alice");
        assertThat(c.claimsJson()).contains("\"typ\":\"access\"").contains("\"username\":\"alice\"").contains("\"user_id\"");
        assertThat(c.toString()).isEqualTo("user alice").doesNotContain("Bearer");
    }

    @Test
    void refusedTokensAre401sWithPostgrestsCodeAndAHint() throws Exception {
        byte[] otherKey = "another key that is 32 bytes long!".getBytes(StandardCharsets.UTF_8);
        assertRefused(token(otherKey, "access", NOW.plusSeconds(600)), "PGRST301", "JWSInvalidSignature");
        assertRefused(token(KEY, "access", NOW.minusSeconds(120)), "PGRST303", "JWT expired");
        assertRefused(token(KEY, "refresh", NOW.plusSeconds(600)), "PGRST303", "JWT is a refresh token, which is not a bearer credential");
        assertRefused("Bearer not.a.token", "PGRST301", "Expected 3 parts in JWT; got a malformed token");
        assertRefused("Basic YWxpY2U6cHc=", "PGRST301", "Invalid Authorization header: expected 'Bearer <token>'");
    }

    @Test
    void aValidTokenThatNamesNoRegistryUserIsRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().claim("role", "registry_user").build());
        jwt.sign(new MACSigner(KEY));
        assertRefused("Bearer " + jwt.serialize(), "PGRST303", "JWT is not a registry access token (typ \"access\" with username and user_id)");
    }

    private void assertRefused(String header, String code, String message) {
        assertThatThrownBy(() -> Caller.of(tokens, header)).isInstanceOfSatisfying(MountException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.hint()).contains("log in");
        });
    }
}
