package io.sgregistry.service.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every rule of {@link TokenVerifier}'s policy, one test or more each, in the order of its class comment. */
class TokenVerifierTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final long T = NOW.getEpochSecond();
    private final TokenVerifier verifier = new TokenVerifier(KEY, "anon", null, Clock.fixed(NOW, ZoneOffset.UTC));

    private static String token(byte[] key, Map<String, Object> claims) throws Exception {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        claims.forEach(b::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), b.build());
        jwt.sign(new MACSigner(key));
        return "Bearer " + jwt.serialize();
    }

    private static String token(Map<String, Object> claims) throws Exception {
        return token(KEY, claims);
    }

    private static TokenRejected rejected(TokenVerifier v, String header) {
        try {
            v.verify(header);
        } catch (TokenRejected e) {
            return e;
        }
        throw new AssertionError("accepted: " + header);
    }

    private void assertRejected(String header, String code, String message) {
        TokenRejected e = rejected(verifier, header);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.wwwAuthenticate()).startsWith("Bearer error=\"invalid_token\"");
    }

    // 1. No header: anonymous.
    @Test
    void noHeaderOrABlankOneIsTheAnonymousRoleWithItsClaims() {
        for (String header : new String[]{null, "", "   "}) {
            VerifiedToken t = verifier.verify(header);
            assertThat(t.authenticated()).isFalse();
            assertThat(t.role()).isEqualTo("anon");
            assertThat(t.claimsJson()).isEqualTo("{\"role\":\"anon\"}");
            assertThat(t.registryUser()).isEmpty();
        }
    }

    // 2. Only Bearer.
    @Test
    void aSchemeOtherThanBearerIsRefused() throws Exception {
        assertRejected("Basic dXNlcjpwYXNz", TokenRejected.INVALID, "Invalid Authorization header: expected 'Bearer <token>'");
        assertRejected("Bearer", TokenRejected.INVALID, "Invalid Authorization header: expected 'Bearer <token>'");
        assertThat(verifier.verify(token(Map.of("role", "reader")).replace("Bearer", "bEaReR")).role()).isEqualTo("reader");
    }

    // 3. No key.
    @Test
    void withoutAKeyATokenIsAServerError() throws Exception {
        TokenVerifier keyless = new TokenVerifier(new byte[0], "anon", null, Clock.fixed(NOW, ZoneOffset.UTC));
        TokenRejected e = rejected(keyless, token(Map.of("role", "reader")));
        assertThat(e.code()).isEqualTo(TokenRejected.NO_KEY);
        assertThat(e.status()).isEqualTo(500);
        assertThat(keyless.verify(null).role()).isEqualTo("anon");
    }

    // 4. Malformed, wrong algorithm, wrong signature.
    @ParameterizedTest
    @ValueSource(strings = {"Bearer bnVsbA.bnVsbA.bnVsbA", "Bearer e30.e30.e30", "Bearer W10.W10.W10", "Bearer MQ.MQ.MQ",
            "Bearer ey%%%.e.e", "Bearer a.b.c", "Bearer ...", "Bearer not.a.token", "Bearer e30.bnVsbA.",
            "Bearer eyJhbGciOiJIUzI1NiJ9.bnVsbA.c2ln", "Bearer eyJhbGciOiJIUzI1NiJ9.W10.c2ln", "Bearer eyJhbGciOjF9.e30.c2ln", "Bearer \u0001"})
    void malformedTokensAreRefusedNeverAServerError(String header) {
        TokenRejected e = rejected(verifier, header);
        assertThat(e.code()).isEqualTo(TokenRejected.INVALID);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).doesNotContain("Exception", "java.");
    }

    @Test
    void onlyHs256WithOurKeyIsAccepted() throws Exception {
        // alg none (unsigned), and HS512: never accepted, whatever the payload says.
        String payload = Base64URL.encode("{\"role\":\"postgres\"}").toString();
        assertRejected("Bearer " + Base64URL.encode("{\"alg\":\"none\"}") + "." + payload + ".", TokenRejected.INVALID,
                "Expected 3 parts in JWT; got a malformed token");
        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), new JWTClaimsSet.Builder().claim("role", "postgres").build());
        hs512.sign(new MACSigner("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
        assertRejected("Bearer " + hs512.serialize(), TokenRejected.INVALID, "Wrong or unsupported encoding algorithm");
        byte[] otherKey = "another key that is 32 bytes long!".getBytes(StandardCharsets.UTF_8);
        assertRejected(token(otherKey, Map.of("role", "postgres")), TokenRejected.INVALID, "JWSInvalidSignature");
    }

    // 5. exp, nbf, iat: optional, numeric, 30 s of skew.
    @Test
    void timeClaimsAreOptional() throws Exception {
        VerifiedToken t = verifier.verify(token(Map.of("role", "reader")));
        assertThat(t.authenticated()).isTrue();
        assertThat(t.role()).isEqualTo("reader");
    }

    @Test
    void expIsCheckedWithThirtySecondsOfSkew() throws Exception {
        assertThat(verifier.verify(token(Map.of("exp", T + 600))).authenticated()).isTrue();
        assertThat(verifier.verify(token(Map.of("exp", T - 30))).authenticated()).isTrue();
        assertRejected(token(Map.of("exp", T - 31)), TokenRejected.CLAIMS, "JWT expired");
    }

    @Test
    void nbfAndIatMayNotBeInTheFutureBeyondTheSkew() throws Exception {
        assertThat(verifier.verify(token(Map.of("nbf", T + 30, "iat", T + 30))).authenticated()).isTrue();
        assertRejected(token(Map.of("nbf", T + 31)), TokenRejected.CLAIMS, "JWT not yet valid");
        assertRejected(token(Map.of("iat", T + 31)), TokenRejected.CLAIMS, "JWT issued at future");
    }

    @Test
    void aTimeClaimThatIsNotANumberIsRefused() throws Exception {
        for (String claim : new String[]{"exp", "nbf", "iat"}) {
            assertRejected(unsignedClaims("{\"" + claim + "\":\"tomorrow\"}"), TokenRejected.CLAIMS,
                    "The JWT '" + claim + "' claim must be a number");
        }
    }

    // 6. aud.
    @Test
    void withoutAConfiguredAudienceAnyAudienceIsAccepted() throws Exception {
        assertThat(verifier.verify(token(Map.of("aud", "someone"))).authenticated()).isTrue();
        assertThat(verifier.verify(token(Map.of("aud", List.of("a", "b")))).authenticated()).isTrue();
        assertRejected(unsignedClaims("{\"aud\":1}"), TokenRejected.CLAIMS, "The JWT 'aud' claim must be a string or an array of strings");
    }

    @Test
    void aConfiguredAudienceMustBeNamed() throws Exception {
        TokenVerifier v = new TokenVerifier(KEY, "anon", "registry", Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(v.verify(token(Map.of("aud", "registry"))).authenticated()).isTrue();
        assertThat(v.verify(token(Map.of("aud", List.of("other", "registry")))).authenticated()).isTrue();
        assertThat(v.verify(token(Map.of("aud", List.of()))).authenticated()).isTrue();
        assertThat(v.verify(token(Map.of("role", "r"))).authenticated()).isTrue();
        TokenRejected e = rejected(v, token(Map.of("aud", "other")));
        assertThat(e.code()).isEqualTo(TokenRejected.CLAIMS);
        assertThat(e.getMessage()).isEqualTo("JWT not in audience");
        assertThat(rejected(v, token(Map.of("aud", List.of("x", "y")))).getMessage()).isEqualTo("JWT not in audience");
    }

    // 7. typ refresh.
    @Test
    void aRefreshTokenIsNeverABearerCredential() throws Exception {
        assertRejected(token(Map.of("role", "registry_user", "typ", "refresh", "exp", T + 600)), TokenRejected.CLAIMS,
                "JWT is a refresh token, which is not a bearer credential");
        assertThat(verifier.verify(token(Map.of("role", "reader", "typ", "JWT"))).role()).isEqualTo("reader");
    }

    // 8. role.
    @Test
    void theRoleClaimIsTheRoleAndWithoutOneTheAnonymousRole() throws Exception {
        assertThat(verifier.verify(token(Map.of("role", "reader"))).role()).isEqualTo("reader");
        assertThat(verifier.verify(token(Map.of("sub", "x"))).role()).isEqualTo("anon");
        assertThat(verifier.verify(token(Map.of("role", ""))).role()).isEqualTo("anon");
        assertThat(verifier.verify(token(Map.of("role", 7))).role()).isEqualTo("anon");
        VerifiedToken t = verifier.verify(token(Map.of("role", "reader", "k", "v")));
        assertThat(t.claimsJson()).contains("\"role\":\"reader\"").contains("\"k\":\"v\"");
    }

    @Test
    void onlyARegistryAccessTokenNamesARegistryUser() throws Exception {
        Map<String, Object> access = Map.of("role", "registry_user", "typ", "access", "username", "alice",
                "user_id", "6c3b1a52-0000-4000-8000-000000000001", "exp", T + 600);
        assertThat(verifier.verify(token(access)).registryUser()).contains("alice");
        assertThat(verifier.verify(token(Map.of("role", "registry_user", "username", "alice", "user_id", "u"))).registryUser()).isEmpty();
        assertThat(verifier.verify(token(Map.of("typ", "access", "user_id", "u"))).registryUser()).isEmpty();
        assertThat(verifier.verify(token(Map.of("typ", "access", "username", "alice"))).registryUser()).isEmpty();
        assertThat(verifier.verify(token(Map.of("typ", "access", "username", " ", "user_id", "u"))).registryUser()).isEmpty();
    }

    /** A token with exactly this payload JSON, signed with the key (the JOSE builder would refuse some of these claims). */
    private static String unsignedClaims(String payloadJson) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256).toBase64URL(), Base64URL.encode(payloadJson),
                Base64URL.encode(new byte[32]));
        String input = jwt.getHeader().toBase64URL() + "." + Base64URL.encode(payloadJson);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        return "Bearer " + input + "." + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
