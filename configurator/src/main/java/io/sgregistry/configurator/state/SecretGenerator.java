package io.sgregistry.configurator.state;

import java.security.SecureRandom;

/**
 * Makes new secrets. Alphanumeric only, so a value is safe unquoted in every file format we render
 * (HAProxy, INI, YAML, URLs, shell) without per-format escaping; 32 characters give 190 bits.
 */
public final class SecretGenerator {
    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public static final int LENGTH = 32;

    private final SecureRandom random;

    public SecretGenerator() {
        this(new SecureRandom());
    }

    public SecretGenerator(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
