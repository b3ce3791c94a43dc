package io.sgregistry.mounter.auth;

import io.sgregistry.mounter.mount.MountException;
import io.sgregistry.service.auth.TokenRejected;
import io.sgregistry.service.auth.TokenVerifier;
import io.sgregistry.service.auth.VerifiedToken;

/**
 * Who asks for a mount: anonymous, or the user of a verified access token. {@code claimsJson} is
 * the token's claims as the registry's {@code auth.get_current_username()} reads them from
 * {@code request.jwt.claims}.
 */
public record Caller(String username, String claimsJson) {
    public static final Caller ANONYMOUS = new Caller(null, null);

    /**
     * The caller of a request with this {@code Authorization} header. The token is checked by the
     * services' one policy ({@link TokenVerifier}, as data-api checks it for the query itself); the
     * registry trusts the claims the mounter passes from its registry_authenticator session, so a
     * token must be valid here. A valid token that names no registry user (no access token) is
     * refused: the mounter acts only for users or for nobody. Every refusal is a 401 in PostgREST's
     * shape, as data-api would answer.
     */
    public static Caller of(TokenVerifier tokens, String authorization) {
        VerifiedToken token;
        try {
            token = tokens.verify(authorization);
        } catch (TokenRejected e) {
            throw new MountException(e.status(), e.code(), e.getMessage(), e.status() == 401 ? HINT : null);
        }
        if (!token.authenticated()) {
            return ANONYMOUS;
        }
        String name = token.registryUser().orElseThrow(() -> new MountException(401, TokenRejected.CLAIMS,
                "JWT is not a registry access token (typ \"access\" with username and user_id)", HINT));
        return new Caller(name, token.claimsJson());
    }

    private static final String HINT = "log in again (sgr cloud login) and use the new access token";

    public boolean anonymous() {
        return username == null;
    }

    @Override
    public String toString() {
        return anonymous() ? "anonymous" : "user " + username;
    }
}
