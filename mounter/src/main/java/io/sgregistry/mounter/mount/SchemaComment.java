package io.sgregistry.mounter.mount;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.Repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * A mount schema's comment from its repository's profile on the registry (sgr cloud description,
 * readme, metadata): data-api shows it as PostgREST does, its first line as the OpenAPI document's
 * title and the rest as its description. The title is the repository's one-line description (else
 * its name), the rest its README and then its metadata (topics, license, sources...) as a JSON block;
 * without any of them there is no comment and the document keeps its default title.
 */
final class SchemaComment {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaComment() {
    }

    /** Asked with the reader's rights, as the mount's tables are. */
    static Optional<String> of(Connection registry, Repository repo) throws SQLException {
        try (PreparedStatement q = registry.prepareStatement(
                "SELECT \"description\", \"readme\", \"metadata\"::text FROM \"splitgraph_api\".\"get_repository_profile\"(?, ?)")) {
            q.setString(1, repo.namespace());
            q.setString(2, repo.repository());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return text(repo, rs.getString(1), rs.getString(2), rs.getString(3));
            }
        }
    }

    static Optional<String> text(Repository repo, String description, String readme, String metadataJson) {
        boolean hasDescription = description != null && !description.isBlank();
        boolean hasReadme = readme != null && !readme.isBlank();
        String metadata = metadata(metadataJson);
        if (!hasDescription && !hasReadme && metadata == null) {
            return Optional.empty();
        }
        // The title is one line: a description is plain text of at most 160 characters, but may hold a line break.
        StringBuilder text = new StringBuilder(hasDescription ? description.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ")
                : repo.namespace() + "/" + repo.repository());
        if (hasReadme) {
            text.append("\n\n").append(readme.strip());
        }
        if (metadata != null) {
            text.append("\n\n## Metadata\n\n```json\n").append(metadata).append("\n```");
        }
        return Optional.of(text.toString());
    }

    /** The metadata object pretty-printed, or null when it has no key. */
    private static String metadata(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.isObject() && !node.isEmpty() ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) : null;
        } catch (JsonProcessingException e) {
            // The registry keeps a JSON object (CHECK on the column): anything else is left out.
            return null;
        }
    }

    /** In the caller's transaction, as the schema's owner. */
    static void set(Connection c, String schema, Optional<String> comment) throws SQLException {
        if (comment.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("COMMENT ON SCHEMA " + SqlQuoting.ident(schema) + " IS " + SqlQuoting.literal(comment.get()));
        }
    }
}
