package io.sgregistry.sgr.fragment;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.TableSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplySqlTest {
    @Test
    void withAPrimaryKeyKeysMatchByEqualityAndOnlyUpsertedRowsAreInserted() {
        TableSchema ts = TableSchema.fromJson("[[1,\"id\",\"integer\",true,null],[2,\"na\\\"me\",\"text\",false,null]]");
        ApplySql sql = ApplySql.of(ts, "splitgraph_meta", "oabc", "ns/repo", "t");
        assertThat(sql.delete()).isEqualTo("DELETE FROM \"ns/repo\".\"t\" AS t USING \"splitgraph_meta\".\"oabc\" AS f "
                + "WHERE t.\"id\" = f.\"id\"");
        assertThat(sql.insert()).isEqualTo("INSERT INTO \"ns/repo\".\"t\" (\"id\", \"na\"\"me\") SELECT \"id\", \"na\"\"me\" "
                + "FROM \"splitgraph_meta\".\"oabc\" WHERE \"sg_ud_flag\"");
    }

    @Test
    void withoutAPrimaryKeyAllColumnsAreTheKeyMatchedNullSafely() {
        TableSchema ts = TableSchema.fromJson("[[1,\"a\",\"integer\",false,null],[2,\"b\",\"text\",false,null]]");
        assertThat(ts.keyNames()).containsExactly("a", "b");
        assertThat(ApplySql.of(ts, "m", "o", "s", "t").delete())
                .endsWith("WHERE ROW(t.\"a\", t.\"b\")::text = ROW(f.\"a\", f.\"b\")::text");
    }

    @Test
    void columnsRejectTypesThatAreNotTypeNames() {
        TableSchema ts = new TableSchema(List.of(new TableSchema.Column(1, "id", "integer", true, null),
                new TableSchema.Column(2, "v", "numeric(10,2)", false, null)));
        assertThatThrownBy(() -> new TableSchema.Column(1, "x", "int); DROP TABLE y; --", false, null))
                .isInstanceOf(SgrException.class).hasMessageContaining("unusable type");
        assertThatThrownBy(() -> new TableSchema.Column(1, "x", "integer DEFAULT pg_read_file($$/etc/passwd$$)", false, null))
                .isInstanceOf(SgrException.class).hasMessageContaining("unusable type");
        assertThatThrownBy(() -> new TableSchema.Column(1, "x", "integer --", false, null))
                .isInstanceOf(SgrException.class).hasMessageContaining("unusable type");
        assertThat(TableSchema.fromJson(ts.toJson())).isEqualTo(ts);
    }

    @Test
    void sgrsOwnColumnNamesAreRefused() {
        TableSchema ts = TableSchema.fromJson("[[1,\"sg_ud_flag\",\"boolean\",false,null]]");
        assertThatThrownBy(() -> Fragments.checkColumns(ts, "t")).isInstanceOf(SgrException.class).hasMessageContaining("sg_ud_flag");
    }
}
