package io.sgregistry.configurator.state;

/** A problem the user can fix: the message says what is wrong, the hint what to do. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String hint;

    public ConfigException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public ConfigException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    public String hint() {
        return hint;
    }
}
