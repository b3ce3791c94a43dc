package io.sgregistry.mounter.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sgregistry.mounter.mount.MountException;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;

/**
 * Checks the caller's {@code Authorization: Bearer} token (the registry's HS256 access tokens) before
 * the mounter acts for its user. The registry trusts the claims it is given from the mounter's
 * registry_authenticator session, so the signature and expiry are checked here, as data-api checks
 * them for the query itself. No header: anonymous. A bad token: 401, as data-api would answer.
 */
public final class AccessTokens {
    private static final long LEEWAY_MS = 30_000;

    private final byte[] secret;
    private final Clock clock;

    public AccessTokens(byte[] secret, Clock clock) {
        this.secret = secret.clone();
        this.clock = clock;
    }

    public Caller caller(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Caller.ANONYMOUS;
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
            throw invalid("the Authorization header is not 'Bearer <token>'");
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(parts[1]);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                throw invalid("the token is not signed with HS256");
            }
            if (!jwt.verify(new MACVerifier(secret))) {
                throw invalid("the token's signature is not the registry's");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("the token is not a JWT");
        } catch (JOSEException e) {
            throw invalid("the token cannot be verified");
        } catch (MountException e) {
            throw e;
        } catch (RuntimeException e) {
            // The JOSE library throws unchecked exceptions on some malformed tokens (a header that is
            // the JSON literal null, found by RestSweepIT): a malformed token all the same, never a 503.
            throw invalid("the token is not a JWT");
        }
        long now = Date.from(clock.instant()).getTime();
        if (claims.getExpirationTime() == null || claims.getExpirationTime().getTime() + LEEWAY_MS < now) {
            throw invalid("the token has expired");
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().getTime() - LEEWAY_MS > now) {
            throw invalid("the token is not valid yet");
        }
        Object typ = claims.getClaim("typ");
        Object username = claims.getClaim("username");
        if (!"access".equals(typ) || !(username instanceof String name) || name.isBlank() || !(claims.getClaim("user_id") instanceof String)) {
            throw invalid("the token is not an access token");
        }
        return new Caller(name, JSONObjectUtils.toJSONString(claims.toJSONObject()));
    }

    private static MountException invalid(String message) {
        return new MountException(401, "PGRST301", message, "log in again (sgr cloud login) and use the new access token");
    }
}
