package io.sgregistry.mounter.mount;

/** A mount that cannot be served, with the HTTP status and PostgREST-shaped error the gateway relays. */
public final class MountException extends RuntimeException {
    private final int status;
    private final String code;
    private final String hint;

    public MountException(int status, String code, String message, String hint) {
        this(status, code, message, hint, null);
    }

    public MountException(int status, String code, String message, String hint, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.hint = hint;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String hint() {
        return hint;
    }

    public static MountException notFound(String message) {
        return new MountException(404, "NOT_FOUND", message, "check the namespace, repository and tag or hash");
    }

    public static MountException badRequest(String message, String hint) {
        return new MountException(400, "BAD_REQUEST", message, hint);
    }
}
