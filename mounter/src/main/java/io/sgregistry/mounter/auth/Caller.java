package io.sgregistry.mounter.auth;

/**
 * Who asks for a mount: anonymous, or the user of a verified access token. {@code claimsJson} is
 * the token's claims as the registry's {@code auth.get_current_username()} reads them from
 * {@code request.jwt.claims}.
 */
public record Caller(String username, String claimsJson) {
    public static final Caller ANONYMOUS = new Caller(null, null);

    public boolean anonymous() {
        return username == null;
    }

    @Override
    public String toString() {
        return anonymous() ? "anonymous" : "user " + username;
    }
}
