package io.sgregistry.sgr.cli.it;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the row-fidelity tests record: {@code sgr commit}, then each named table's rows as they were committed. */
final class CommittedRows {
    /** A table's rows as sorted row texts. */
    interface Rows {
        List<String> of(String table) throws SQLException;
    }

    private CommittedRows() {
    }

    /** Commits {@code repo}, records in {@code into} (image hash -> table -> rows) what every named table held, returns the hash. */
    static String commit(ClientEngine engine, String repo, Rows rows, Map<String, Map<String, List<String>>> into, String... tables)
            throws Exception {
        String hash = engine.ok("commit", "-m", "step", repo).lines().reduce((a, b) -> b).orElseThrow().strip();
        assertThat(hash).matches("[0-9a-f]{64}");
        Map<String, List<String>> snapshot = new LinkedHashMap<>();
        for (String t : tables) {
            snapshot.put(t, rows.of(t));
        }
        into.put(hash, snapshot);
        return hash;
    }
}
