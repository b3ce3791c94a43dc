package io.sgregistry.service.auth;

import java.util.Map;
import java.util.Optional;

/**
 * The outcome of {@link TokenVerifier#verify}: the database role a request runs as, the claims as
 * JSON (what {@code request.jwt.claims} holds), and whether a token was given at all.
 *
 * @param role          the {@code role} claim, or the anonymous role when the token has none (or no token)
 * @param claimsJson    every claim as a JSON object; an anonymous request has {@code {"role": <anonymous role>}}
 * @param authenticated a verified token was given
 * @param claims        the claims themselves
 */
public record VerifiedToken(String role, String claimsJson, boolean authenticated, Map<String, Object> claims) {
    /**
     * The registry user this token speaks for: only a registry access token ({@code typ} "access" with
     * string {@code username} and {@code user_id} claims) names one, the same rule as the registry's
     * {@code auth.get_current_username()}. A refresh token, or a token made with the secret for a role,
     * names no user.
     */
    public Optional<String> registryUser() {
        if (authenticated && "access".equals(claims.get("typ")) && claims.get("username") instanceof String name
                && !name.isBlank() && claims.get("user_id") instanceof String) {
            return Optional.of(name);
        }
        return Optional.empty();
    }
}
