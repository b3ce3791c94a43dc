package io.sgregistry.mounter.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sgregistry.mounter.mount.MountException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokensTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private final AccessTokens tokens = new AccessTokens(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    private static String token(byte[] key, String typ, Instant exp) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("role", "registry_user").claim("username", "alice")
                .claim("user_id", "6c3b1a52-0000-4000-8000-000000000001").claim("typ", typ)
                .issueTime(Date.from(NOW.minusSeconds(60))).expirationTime(Date.from(exp)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    @Test
    void noHeaderIsAnonymous() {
        assertThat(tokens.caller(null).anonymous()).isTrue();
        assertThat(tokens.caller("  ").anonymous()).isTrue();
    }

    @Test
    void aValidAccessTokenIsItsUserWithTheClaimsTheRegistryReads() throws Exception {
        Caller c = tokens.caller("Bearer " + token(KEY, "access", NOW.plusSeconds(600)));
        assertThat(c.username()).isEqualTo("alice");
        assertThat(c.claimsJson()).contains("\"typ\":\"access\"").contains("\"username\":\"alice\"").contains("\"user_id\"");
        assertThat(c.toString()).isEqualTo("user alice").doesNotContain("Bearer");
    }

    @Test
    void badTokensAre401sThatSayWhy() throws Exception {
        byte[] otherKey = "another key that is 32 bytes long!".getBytes(StandardCharsets.UTF_8);
        assertRefused("Bearer " + token(otherKey, "access", NOW.plusSeconds(600)), "signature");
        assertRefused("Bearer " + token(KEY, "access", NOW.minusSeconds(120)), "expired");
        assertRefused("Bearer " + token(KEY, "refresh", NOW.plusSeconds(600)), "not an access token");
        assertRefused("Bearer not.a.token", "not a JWT");
        // base64url of the JSON literals null, {}, [] and 1 as header and payload: unchecked exceptions inside JOSE.
        for (String part : new String[]{"bnVsbA", "e30", "W10", "MQ"}) {
            assertRefused("Bearer " + part + "." + part + "." + part, "");
        }
        assertRefused("Basic YWxpY2U6cHc=", "Bearer");
    }

    private void assertRefused(String header, String why) {
        assertThatThrownBy(() -> tokens.caller(header)).isInstanceOfSatisfying(MountException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains(why);
            assertThat(e.hint()).contains("log in");
        });
    }
}
