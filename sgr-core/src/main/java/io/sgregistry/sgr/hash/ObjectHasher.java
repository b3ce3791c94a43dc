package io.sgregistry.sgr.hash;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.meta.TableSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Hashes a fragment table in the engine with {@code splitgraph_meta.object_digest} (the function the
 * registry verifies pushed objects with), then checks the id against the Java computation.
 */
public final class ObjectHasher {
    private ObjectHasher() {
    }

    public record Hashes(String insertionHash, String deletionHash, String schemaHash, String objectId) {
    }

    /** An object's hashes, its rows by sg_ud_flag and, when asked for, its index: one scan of the table. */
    public record Digest(Hashes hashes, long rowsInserted, long rowsDeleted, String indexJson) {
    }

    public static Hashes hash(Connection c, String schema, String table, TableSchema tableSchema) {
        return digest(c, schema, table, tableSchema, false).hashes();
    }

    public static Digest digest(Connection c, String schema, String table, TableSchema tableSchema, boolean withIndex) {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT * FROM \"splitgraph_meta\".\"object_digest\"(?, ?, ?::jsonb, ?)")) {
            q.setString(1, schema);
            q.setString(2, table);
            q.setString(3, tableSchema.toJson());
            q.setBoolean(4, withIndex);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                Hashes h = new Hashes(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                String expected = ObjectIds.objectId(h.insertionHash(), h.deletionHash(), ObjectIds.schemaHash(tableSchema));
                if (!expected.equals(h.objectId())) {
                    throw new SgrException("the engine's object id " + h.objectId() + " differs from the client's " + expected,
                            "the engine's splitgraph_meta functions are of another version; run 'sgr init' to migrate them");
                }
                return new Digest(h, rs.getLong(5), rs.getLong(6), rs.getString(7));
            }
        } catch (SQLException e) {
            throw EngineErrors.during("hashing fragment " + table, e);
        }
    }
}
