package io.sgregistry.sgr.hash;

import io.sgregistry.sgr.meta.TableSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixed vector of docs/object-hash.md, computed in Java byte for byte from the row texts. */
class HashVectorTest {
    static final TableSchema SCHEMA = TableSchema.fromJson("[[1,\"id\",\"integer\",true,null],[2,\"name\",\"text\",false,null]]");
    static final String INSERTION = "c807c784343361e40dbcd0da152a37fbe535196e70845e0ea9fe68f209d6931d";
    static final String DELETION = "7318b15debcba1ff0a96b1ef44ba2f97794a4c3cfa3e71944ce25b14df4e6a8b";
    static final String SCHEMA_HASH = "b80c0cff68292129ce73b6c7b66a41d02f66f4e78b8756ecc361cf7a2f850c52";
    static final String OBJECT_ID = "ocbdd41b3cf45619c6ad1f05f2f76c3d8594067c0d64458bdd214a0ef429ec9";

    @Test
    void rowHashesSumToTheVectorsInsertionAndDeletionHashes() {
        assertThat(ObjectIds.rowsHash(List.of("(1,a)", "(2,\"b c\")", "(3,)")).hex()).isEqualTo(INSERTION);
        assertThat(ObjectIds.rowsHash(List.of("(4,d)")).hex()).isEqualTo(DELETION);
    }

    @Test
    void schemaHashAndObjectIdMatchTheVector() {
        assertThat(ObjectIds.schemaHash(SCHEMA)).isEqualTo(SCHEMA_HASH);
        assertThat(ObjectIds.objectId(INSERTION, DELETION, SCHEMA_HASH)).isEqualTo(OBJECT_ID).hasSize(63);
    }

    @Test
    void theSumIsHomomorphicAndWrapsEachLaneModulo65536() {
        LaneSum a = ObjectIds.rowsHash(List.of("(1,a)", "(2,\"b c\")"));
        LaneSum b = ObjectIds.rowsHash(List.of("(3,)"));
        assertThat(a.plus(b).hex()).isEqualTo(INSERTION);
        assertThat(LaneSum.zero().hex()).isEqualTo("0".repeat(64));
        LaneSum max = LaneSum.ofHex("ffff".repeat(16));
        assertThat(max.plus(LaneSum.ofHex("0001".repeat(16)))).isEqualTo(LaneSum.zero());
        assertThat(LaneSum.ofHex(INSERTION).hex()).isEqualTo(INSERTION);
    }

    @Test
    void anyChangeInRowsOrSchemaChangesTheId() {
        String other = ObjectIds.rowsHash(List.of("(1,a)", "(2,\"b c\")", "(3,x)")).hex();
        assertThat(ObjectIds.objectId(other, DELETION, SCHEMA_HASH)).isNotEqualTo(OBJECT_ID);
        TableSchema noKey = TableSchema.fromJson("[[1,\"id\",\"integer\",false,null],[2,\"name\",\"text\",false,null]]");
        assertThat(ObjectIds.schemaHash(noKey)).isNotEqualTo(SCHEMA_HASH);
    }
}
