package io.sgregistry.sql;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fragment of the table (id integer PK, name text) with its object id computed here in Java from
 * docs/object-hash.md, so the registry's verification is checked against an independent computation.
 * Random names keep object ids unique across tests and runs.
 */
record Fragment(List<Row> rows) {
    static final String SCHEMA = """
            [[1, "id", "integer", true, null], [2, "name", "text", false, null]]""";

    record Row(int id, String name, boolean upsert) {
    }

    static Fragment random(int upserts, int deletes) {
        List<Row> rows = new ArrayList<>();
        String salt = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        for (int i = 0; i < upserts + deletes; i++) {
            rows.add(new Row(i + 1, "n" + salt + i, i < upserts));
        }
        return new Fragment(List.copyOf(rows));
    }

    /** CSV for COPY: id, name, sg_ud_flag. */
    String csv() {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            sb.append(r.id).append(',').append(r.name).append(',').append(r.upsert).append('\n');
        }
        return sb.toString();
    }

    String insertionHash() throws Exception {
        return ObjectHashIT.laneSum(rows.stream().filter(Row::upsert).map(r -> "(" + r.id + "," + r.name + ")").toList());
    }

    String deletionHash() throws Exception {
        return ObjectHashIT.laneSum(rows.stream().filter(r -> !r.upsert).map(r -> "(" + r.id + "," + r.name + ")").toList());
    }

    String objectId() throws Exception {
        String schemaHash = ObjectHashIT.sha256Hex("id integer true\nname text false\n");
        return "o" + ObjectHashIT.sha256Hex(insertionHash() + deletionHash() + schemaHash).substring(0, 62);
    }
}
