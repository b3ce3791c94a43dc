package io.sgregistry.sgr.hash;

import io.sgregistry.sgr.meta.TableSchema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * The Java side of docs/object-hash.md, for what does not need PostgreSQL's row text: the schema hash,
 * the object id from the two sums, and row hashes of given row texts. Row texts themselves are
 * PostgreSQL's (record output), so object data are hashed in the engine by {@link ObjectHasher}; these
 * functions let the client check the engine's answers and the test vectors byte for byte.
 */
public final class ObjectIds {
    private ObjectIds() {
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** sha256 of one line {@code <name> <type> <true|false>\n} per column, in ordinal order. */
    public static String schemaHash(TableSchema schema) {
        StringBuilder sb = new StringBuilder();
        schema.columns().stream().sorted(Comparator.comparingInt(TableSchema.Column::ordinal))
                .forEach(c -> sb.append(c.name()).append(' ').append(c.type()).append(' ').append(c.primaryKey()).append('\n'));
        return sha256Hex(sb.toString());
    }

    /** {@code 'o' || left(sha256_hex(insertion || deletion || schema), 62)}. */
    public static String objectId(String insertionHash, String deletionHash, String schemaHash) {
        return "o" + sha256Hex(insertionHash + deletionHash + schemaHash).substring(0, 62);
    }

    /** The lane sum of the sha256 of each row text (PostgreSQL record output, e.g. {@code (1,"a b",)}). */
    public static LaneSum rowsHash(Iterable<String> rowTexts) {
        LaneSum sum = LaneSum.zero();
        for (String row : rowTexts) {
            sum = sum.plus(LaneSum.ofDigest(sha256(row)));
        }
        return sum;
    }
}
