package io.sgregistry.mounter.mount;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An image of a repository materialised on rest-engine in its own schema. {@code isPublic}: the
 * repository was public when last resolved, so the schema is readable by data-api's anonymous role;
 * a private repository's schema is readable only with a token (and the mounter checks the token's
 * user on every request). {@code layered}: its tables are views that read the registry's objects in
 * place (as {@code registry_mount_reader}; who reads the schema is decided as for a materialised
 * one), with their internals in {@link #internalSchema()}.
 */
public record Mount(String namespace, String repository, String imageHash, String schema, boolean isPublic, boolean layered) {

    public Mount withPublic(boolean open) {
        return new Mount(namespace, repository, imageHash, schema, open, layered);
    }

    /** Where a layered mount keeps what its views read (never exposed: data-api serves img_ schemas only). */
    public String internalSchema() {
        return "lay_" + schema.substring("img_".length());
    }

    /**
     * The schema of an image of a repository: named for the image hash (40 hex of it) and the
     * repository (16 hex of sha256 of ns/repo), because a clone pushed elsewhere keeps its image
     * hashes and the two repositories may differ in who may read them. 61 characters: under
     * PostgreSQL's 63-byte limit, matched by data-api's schema pattern.
     */
    public static String schemaFor(String namespace, String repository, String imageHash) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((namespace + "/" + repository).getBytes(StandardCharsets.UTF_8));
            return "img_" + imageHash.substring(0, 40) + "_" + HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** data-api's db.schema_pattern: the schemas this class names. */
    public static final String SCHEMA_PATTERN = "img_[0-9a-f]{40}_[0-9a-f]{16}";
}
