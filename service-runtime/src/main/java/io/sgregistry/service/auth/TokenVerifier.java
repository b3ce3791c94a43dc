package io.sgregistry.service.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The one verifier of {@code Authorization: Bearer} tokens in this project (registry-api and data-api,
 * which are rest-server, and the mounter). Its policy is PostgREST's, because the REST API speaks
 * PostgREST's dialect and PostgREST clients send it their tokens; it adds one rule of the registry.
 * docs/security.md ("Tokens") repeats it.
 * <ol>
 *   <li>No {@code Authorization} header, or a blank one: anonymous, role {@code anonRole}, claims
 *       {@code {"role": anonRole}}.</li>
 *   <li>Anything but {@code Bearer <token>} (scheme in any case): refused, PGRST301.</li>
 *   <li>No key configured: PGRST300, a server error (a token cannot be checked).</li>
 *   <li>Not a signed JWT, an algorithm other than HS256 (so never {@code none}), or a signature that
 *       is not the key's: refused, PGRST301.</li>
 *   <li>{@code exp}, {@code nbf} and {@code iat} are optional, as in PostgREST; when present each must
 *       be a number of seconds, and {@code exp} not past, {@code nbf} and {@code iat} not in the future,
 *       each with {@link #SKEW_SECONDS} of clock skew (PostgREST's 30 s): refused, PGRST303. The
 *       registry's own tokens always carry {@code exp} (an hour for access tokens).</li>
 *   <li>{@code aud}, when present, must be a string or an array of strings; with an audience
 *       configured (PostgREST's {@code jwt-aud}) it must name it (an empty array names every
 *       audience, as in PostgREST): refused, PGRST303. Without one, any audience is accepted.</li>
 *   <li>The registry's rule: a token whose {@code typ} is {@code refresh} is refused, PGRST303. A
 *       refresh token lives 30 days and is sent only in the body of {@code /auth/access_token};
 *       it is never a bearer credential. PostgREST has no {@code typ}, so other values pass.</li>
 *   <li>The {@code role} claim, when a non-blank string, is the request's role; otherwise the
 *       anonymous role (PostgREST's {@code jwt-role-claim-key} is {@code .role}).</li>
 * </ol>
 * Who the token speaks for in the registry is {@link VerifiedToken#registryUser()}.
 */
public final class TokenVerifier {
    /** PostgREST's allowed clock skew between the signer and the verifier. */
    public static final long SKEW_SECONDS = 30;

    private final byte[] key;
    private final String anonRole;
    private final String audience;
    private final Clock clock;

    /**
     * @param key      the HS256 key; empty means no key (every token is then PGRST300)
     * @param anonRole the role of a request without a token, or of a token without a role claim
     * @param audience the audience a token's {@code aud} must name, or null for none
     */
    public TokenVerifier(byte[] key, String anonRole, String audience, Clock clock) {
        this.key = key.clone();
        this.anonRole = anonRole;
        this.audience = audience;
        this.clock = clock;
    }

    public boolean hasKey() {
        return key.length > 0;
    }

    /** The request's role and claims from its {@code Authorization} header (null: none). */
    public VerifiedToken verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            Map<String, Object> claims = Map.of("role", anonRole);
            return new VerifiedToken(anonRole, JSONObjectUtils.toJSONString(claims), false, claims);
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
            throw new TokenRejected(TokenRejected.INVALID, "Invalid Authorization header: expected 'Bearer <token>'");
        }
        if (!hasKey()) {
            throw new TokenRejected(TokenRejected.NO_KEY, "Server lacks JWT secret");
        }
        Map<String, Object> claims;
        try {
            SignedJWT jwt = SignedJWT.parse(parts[1]);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                throw new TokenRejected(TokenRejected.INVALID, "Wrong or unsupported encoding algorithm");
            }
            if (!jwt.verify(new MACVerifier(key))) {
                throw new TokenRejected(TokenRejected.INVALID, "JWSInvalidSignature");
            }
            claims = jwt.getPayload().toJSONObject();
        } catch (ParseException e) {
            throw malformed();
        } catch (JOSEException e) {
            throw new TokenRejected(TokenRejected.INVALID, "JWT cannot be verified");
        } catch (TokenRejected e) {
            throw e;
        } catch (RuntimeException e) {
            // The JOSE library throws unchecked exceptions on some malformed tokens (a header that is the
            // JSON literal null): a malformed token all the same, never a server error.
            throw malformed();
        }
        if (claims == null) {
            throw malformed();
        }
        checkClaims(claims);
        Object role = claims.get("role");
        String roleName = role instanceof String s && !s.isBlank() ? s : anonRole;
        return new VerifiedToken(roleName, JSONObjectUtils.toJSONString(claims), true, Map.copyOf(nonNull(claims)));
    }

    private void checkClaims(Map<String, Object> claims) {
        long now = clock.instant().getEpochSecond();
        Long exp = seconds(claims, "exp");
        if (exp != null && exp < now - SKEW_SECONDS) {
            throw new TokenRejected(TokenRejected.CLAIMS, "JWT expired");
        }
        Long nbf = seconds(claims, "nbf");
        if (nbf != null && nbf > now + SKEW_SECONDS) {
            throw new TokenRejected(TokenRejected.CLAIMS, "JWT not yet valid");
        }
        Long iat = seconds(claims, "iat");
        if (iat != null && iat > now + SKEW_SECONDS) {
            throw new TokenRejected(TokenRejected.CLAIMS, "JWT issued at future");
        }
        if (claims.containsKey("aud")) {
            Object aud = claims.get("aud");
            boolean valid;
            if (aud instanceof String s) {
                valid = audience == null || audience.equals(s);
            } else if (aud instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                valid = audience == null || list.isEmpty() || list.contains(audience);
            } else {
                throw new TokenRejected(TokenRejected.CLAIMS, "The JWT 'aud' claim must be a string or an array of strings");
            }
            if (!valid) {
                throw new TokenRejected(TokenRejected.CLAIMS, "JWT not in audience");
            }
        }
        if ("refresh".equals(claims.get("typ"))) {
            throw new TokenRejected(TokenRejected.CLAIMS, "JWT is a refresh token, which is not a bearer credential");
        }
    }

    /** A time claim: absent is null; present must be a number (PostgREST: "The JWT '<claim>' claim must be a number"). */
    private static Long seconds(Map<String, Object> claims, String name) {
        if (!claims.containsKey(name)) {
            return null;
        }
        if (claims.get(name) instanceof Number n) {
            return (long) Math.floor(n.doubleValue());
        }
        throw new TokenRejected(TokenRejected.CLAIMS, "The JWT '" + name + "' claim must be a number");
    }

    private static Map<String, Object> nonNull(Map<String, Object> claims) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        claims.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static TokenRejected malformed() {
        return new TokenRejected(TokenRejected.INVALID, "Expected 3 parts in JWT; got a malformed token");
    }
}
