package io.sgregistry.sgr;

/**
 * A failure the user can act on: what failed ({@link #getMessage()}) and what to do ({@link #hint()}).
 * The command line prints both and exits non-zero.
 */
public class SgrException extends RuntimeException {
    private final String hint;

    public SgrException(String message, String hint) {
        this(message, hint, null);
    }

    public SgrException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
