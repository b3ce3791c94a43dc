package io.sgregistry.service.auth;

/**
 * A bearer token that {@link TokenVerifier} refuses, with PostgREST's code: PGRST301 for a token that
 * is malformed or not signed with our key, PGRST303 for a signed token whose claims are not valid
 * now (both HTTP 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}), PGRST300 when no
 * key is configured (HTTP 500). The message is safe to answer: it names no secret and no Java.
 */
public final class TokenRejected extends RuntimeException {
    public static final String INVALID = "PGRST301";
    public static final String CLAIMS = "PGRST303";
    public static final String NO_KEY = "PGRST300";

    private final String code;

    public TokenRejected(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public int status() {
        return NO_KEY.equals(code) ? 500 : 401;
    }

    /** The {@code WWW-Authenticate} value of the 401 (RFC 6750 section 3). */
    public String wwwAuthenticate() {
        return "Bearer error=\"invalid_token\", error_description=\"" + getMessage().replace("\"", "'") + "\"";
    }
}
