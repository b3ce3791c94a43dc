package io.sgregistry.sgr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.MetaStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

@Command(name = "object", mixinStandardHelpOptions = true,
        description = {"Show an object (a table fragment): namespace, format, size, creation time, rows inserted and deleted with "
                + "their content hashes, the column ranges of its index, and where its rows are.",
                "Location: 'on this engine' when its rows are here; 'upstream (not downloaded)' after a lazy clone or pull.",
                "With -r REMOTE: the object on that registry."})
final class ObjectCommand extends EngineCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "OBJECT_ID")
    String objectId;

    @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE", description = "the object on this registry ([remote: NAME] of .sgconfig)")
    String remote;

    @Override
    void execute() throws Exception {
        // The registry's get_object_meta answers with the columns of splitgraph_meta.objects, for objects the caller may read.
        String from = remote == null ? "\"splitgraph_meta\".\"objects\" WHERE \"object_id\" = ?"
                : "\"splitgraph_api\".\"get_object_meta\"(ARRAY[?]::varchar[])";
        try (Connection c = remote == null ? connect() : root().config().remote(remote).connect();
             PreparedStatement q = c.prepareStatement("SELECT \"namespace\", \"format\", \"size\", \"created\", "
                + "\"rows_inserted\", \"insertion_hash\", \"rows_deleted\", \"deletion_hash\", \"index\"::text FROM " + from)) {
            q.setString(1, objectId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw remote == null ? new SgrException("object " + objectId + " does not exist on the local engine",
                            "list the objects with 'sgr objects', or those of a table with 'sgr table ns/repo:IMAGE TABLE'")
                            : new SgrException("object " + objectId + " does not exist on registry " + remote + " (or you may not read it)",
                            "list the objects of a table there with 'sgr table -r " + remote + " ns/repo:IMAGE TABLE'");
                }
                out().println("Object ID: " + objectId);
                out().println();
                out().println("Namespace: " + rs.getString(1));
                out().println("Format: " + rs.getString(2));
                out().println("Size: " + ImageInfo.pretty(rs.getLong(3)));
                out().println("Created: " + LogCommand.time(rs.getObject(4, java.time.LocalDateTime.class)));
                out().println("Rows inserted: " + rs.getInt(5));
                out().println("Insertion hash: " + rs.getString(6));
                out().println("Rows deleted: " + rs.getInt(7));
                out().println("Deletion hash: " + rs.getString(8));
                out().println("Column index:");
                String index = rs.getString(9);
                JsonNode range = index == null ? null : JSON.readTree(index).path("range");
                if (range == null || !range.isObject() || range.isEmpty()) {
                    out().println("  (none: computed when the object is first read in place)");
                } else {
                    range.fields().forEachRemaining(e -> out().println("  " + e.getKey() + ": [" + e.getValue().path(0) + ", "
                            + e.getValue().path(1) + "]"));
                }
                out().println();
                out().println("Location: " + (remote != null ? "on registry " + remote
                        : new MetaStore(c).objectPresent(objectId) ? "on this engine" : "upstream (not downloaded)"));
            }
        }
    }
}
