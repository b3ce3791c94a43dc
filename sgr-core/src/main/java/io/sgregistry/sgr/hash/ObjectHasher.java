package io.sgregistry.sgr.hash;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.meta.TableSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Hashes a fragment table in the engine with {@code splitgraph_meta.object_hashes} (the function the
 * registry verifies pushed objects with), then checks the id against the Java computation.
 */
public final class ObjectHasher {
    private ObjectHasher() {
    }

    public record Hashes(String insertionHash, String deletionHash, String schemaHash, String objectId) {
    }

    public static Hashes hash(Connection c, String schema, String table, TableSchema tableSchema) {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT * FROM \"splitgraph_meta\".\"object_hashes\"(?, ?, ?::jsonb)")) {
            q.setString(1, schema);
            q.setString(2, table);
            q.setString(3, tableSchema.toJson());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                Hashes h = new Hashes(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                String expected = ObjectIds.objectId(h.insertionHash(), h.deletionHash(), ObjectIds.schemaHash(tableSchema));
                if (!expected.equals(h.objectId())) {
                    throw new SgrException("the engine's object id " + h.objectId() + " differs from the client's " + expected,
                            "the engine's splitgraph_meta functions are of another version; run 'sgr init' to migrate them");
                }
                return h;
            }
        } catch (SQLException e) {
            throw EngineErrors.during("hashing fragment " + table, e);
        }
    }
}
