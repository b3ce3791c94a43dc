package io.sgregistry.rest.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.ErrorCode;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Map;

/**
 * Verifies {@code Authorization: Bearer} HS256 tokens as PostgREST does: the {@code role} claim names
 * the database role for the request, no token means the anonymous role, and a bad or expired token is
 * a 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}.
 */
public final class JwtVerifier {
    /** The session a request runs as. {@code claimsJson} is the JSON of all claims (or {@code {}}). */
    public record Session(String role, String claimsJson, boolean authenticated) {
    }

    private final byte[] secret;
    private final String anonRole;
    private final Clock clock;

    public JwtVerifier(byte[] secret, String anonRole, Clock clock) {
        this.secret = secret.clone();
        this.anonRole = anonRole;
        this.clock = clock;
    }

    public Session session(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            // PostgREST gives an anonymous request the claims {"role": <anonymous role>}.
            return new Session(anonRole, com.nimbusds.jose.util.JSONObjectUtils.toJSONString(Map.of("role", anonRole)), false);
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
            throw invalid(ErrorCode.JWT_INVALID, "Invalid Authorization header: expected 'Bearer <token>'");
        }
        if (secret.length == 0) {
            throw ErrorCode.JWT_SECRET.error(null, null);
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(parts[1]);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                throw invalid(ErrorCode.JWT_INVALID, "Wrong or unsupported encoding algorithm");
            }
            if (!jwt.verify(new MACVerifier(secret))) {
                throw invalid(ErrorCode.JWT_INVALID, "JWSInvalidSignature");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid(ErrorCode.JWT_INVALID, "Expected 3 parts in JWT; got a malformed token");
        } catch (JOSEException e) {
            throw invalid(ErrorCode.JWT_INVALID, "JWT cannot be verified: " + e.getMessage());
        } catch (ApiError e) {
            throw e;
        } catch (RuntimeException e) {
            // The JOSE library throws unchecked exceptions on some malformed tokens (e.g. a header that
            // is the JSON literal null): a malformed token all the same, never a server error.
            throw invalid(ErrorCode.JWT_INVALID, "Expected 3 parts in JWT; got a malformed token");
        }
        Date now = Date.from(clock.instant());
        // A little leeway for clock skew between the signer and this server, as PostgREST allows.
        if (claims.getExpirationTime() != null && claims.getExpirationTime().getTime() + 30_000 < now.getTime()) {
            throw invalid(ErrorCode.JWT_CLAIMS, "JWT expired");
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().getTime() - 30_000 > now.getTime()) {
            throw invalid(ErrorCode.JWT_CLAIMS, "JWT not yet valid");
        }
        Object role = claims.getClaim("role");
        String roleName = role instanceof String s && !s.isBlank() ? s : anonRole;
        Map<String, Object> all = claims.toJSONObject();
        return new Session(roleName, com.nimbusds.jose.util.JSONObjectUtils.toJSONString(all), true);
    }

    private static ApiError invalid(ErrorCode code, String message) {
        return code.withMessage(message, null, null).withHeaders(Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + message.replace("\"", "'") + "\""));
    }
}
