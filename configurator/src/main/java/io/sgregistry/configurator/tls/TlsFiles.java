package io.sgregistry.configurator.tls;

import io.sgregistry.configurator.state.SecureFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The TLS material kept beside config.json, in {@code tls/}: mkcert's local CA ({@code rootCA.pem},
 * {@code rootCA-key.pem}) and the front door's certificate and key. Key files are mode 0600.
 */
public record TlsFiles(Path dir) {
    /** HAProxy reads its certificate and key from one PEM file, here relative to the rendered folder. */
    public static final String HAPROXY_BUNDLE = "haproxy/certs/front.pem";

    public static TlsFiles besideState(Path stateFile) {
        return new TlsFiles(stateFile.toAbsolutePath().getParent().resolve("tls"));
    }

    public Path caCert() {
        return dir.resolve("rootCA.pem");
    }

    public Path caKey() {
        return dir.resolve("rootCA-key.pem");
    }

    public Path cert() {
        return dir.resolve("front.pem");
    }

    public Path key() {
        return dir.resolve("front-key.pem");
    }

    public boolean complete() {
        return Files.isRegularFile(caCert()) && Files.isRegularFile(caKey())
                && Files.isRegularFile(cert()) && Files.isRegularFile(key());
    }

    /** Writes cert + key as HAProxy's one PEM file into the rendered configuration (0600: it holds the key). */
    public Path installInto(Path outDir) {
        Path bundle = outDir.resolve(HAPROXY_BUNDLE);
        try {
            ByteArrayOutputStream pem = new ByteArrayOutputStream();
            pem.write(Files.readAllBytes(cert()));
            pem.write(Files.readAllBytes(key()));
            SecureFiles.writeAtomically(bundle, pem.toByteArray(), true);
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HAProxy certificate bundle " + bundle, e);
        }
    }
}
