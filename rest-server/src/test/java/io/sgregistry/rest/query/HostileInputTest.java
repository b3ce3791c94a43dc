package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.schema.Catalog.Column;
import io.sgregistry.rest.schema.Catalog.Relation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hostile values never reach the SQL text: they come out as bound parameters, unchanged. */
class HostileInputTest {
    private static final Relation ITEMS;

    static {
        Map<String, Column> cols = new LinkedHashMap<>();
        cols.put("id", new Column("id", "integer", false, true));
        cols.put("name", new Column("name", "text", true, false));
        ITEMS = new Relation("test", "items", false, cols, List.of("id"));
    }

    static Stream<String> hostile() {
        return Stream.of("'; DROP TABLE items; --", "1 OR 1=1", "x\" OR \"1\"=\"1", "/* comment */ 1",
                "-- comment", "$$; SELECT pg_sleep(10); $$", "héllo wörld ✓ 🚀 ا", "\u0000nul", "a\\b",
                "x".repeat(100_000), "); DELETE FROM items; (", "E'\\x41'");
    }

    private static BoundStatement build(String column, String expr) {
        Ast.Query q = QueryParser.parse(List.of(Map.entry(column, expr)));
        return SqlBuilder.read(null, ITEMS, q, SqlBuilder.Paging.ALL, true, SqlBuilder.Shape.ARRAY);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void eqValueIsBound(String value) {
        BoundStatement sql = build("name", "eq." + value);
        assertThat(sql.text()).doesNotContain(value);
        assertThat(sql.params()).contains(value);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void inValuesAreBound(String value) {
        String quoted = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        BoundStatement sql = build("name", "in.(" + quoted + ",plain)");
        assertThat(sql.text()).doesNotContain(value);
        assertThat(sql.params()).contains(value, "plain");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void logicValuesAreBound(String value) {
        // Double-quoted, as PostgREST takes a logic tree's values with reserved characters: \\ and \" escape.
        String quoted = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        BoundStatement sql = build("or", "(name.eq." + quoted + ",id.gt.3)");
        assertThat(sql.text()).doesNotContain(value);
        assertThat(sql.params()).contains(value, "3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name; DROP TABLE items", "\"name\"\"; --", "na me", "NAME", "pg_sleep(1)"})
    void unknownColumnsAreRejectedNotQuotedThrough(String column) {
        assertThatThrownBy(() -> build(column, "eq.1")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("42703");
        });
        assertThatThrownBy(() -> SqlBuilder.read(null, ITEMS,
                QueryParser.parse(List.of(Map.entry("select", "\"" + column.replace("\"", "\\\"") + "\""))),
                SqlBuilder.Paging.ALL, false, SqlBuilder.Shape.ARRAY)).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> SqlBuilder.read(null, ITEMS,
                QueryParser.parse(List.of(Map.entry("order", column.replace(".", "")))), SqlBuilder.Paging.ALL, false,
                SqlBuilder.Shape.ARRAY))
                .isInstanceOf(ApiError.class);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void aliasesAreQuotedIdentifiers(String alias) {
        String a = alias.replace(",", "").replace(":", "").replace("(", "").replace(")", "").replace("\"", "")
                .replace("\\", "");
        if (a.isBlank()) {
            return;
        }
        if (a.indexOf('\0') >= 0) {
            // No name holds a NUL: a parse error (400), never a statement.
            assertThatThrownBy(() -> QueryParser.parse(List.of(Map.entry("select", "\"" + a + "\":name"))))
                    .isInstanceOf(ApiError.class).hasMessageContaining("failed to parse select parameter");
            return;
        }
        BoundStatement sql = SqlBuilder.read(null, ITEMS, QueryParser.parse(List.of(Map.entry("select", "\"" + a + "\":name"))),
                SqlBuilder.Paging.ALL, false, SqlBuilder.Shape.ARRAY);
        assertThat(sql.text()).contains("AS \"" + a.replace("\"", "\"\"") + "\"");
        assertThat(sql.params()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void jsonPathKeysAreBound(String key) {
        String k = key.replace(",", "").replace("(", "").replace(")", "").replace("-", "").replace("\"", "")
                .replace(":", "").replace(".", "");
        if (k.isBlank() || k.matches("\\d+")) {
            return;
        }
        BoundStatement sql = SqlBuilder.read(null, ITEMS, QueryParser.parse(List.of(Map.entry("select", "v:name->" + k),
                Map.entry("name->>" + k, "eq.x"), Map.entry("order", "name->" + k))), SqlBuilder.Paging.ALL, false,
                SqlBuilder.Shape.ARRAY);
        assertThat(sql.text()).doesNotContain(k.strip());
        assertThat(sql.params()).containsExactly(k.strip(), k.strip(), "x", k.strip());
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void anyAllAndTextSearchValuesAreBound(String value) {
        String quoted = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        BoundStatement any = build("name", "eq(any).{" + quoted + ",b}");
        assertThat(any.text()).doesNotContain(value);
        BoundStatement fts = build("name", "fts(english)." + value);
        assertThat(fts.text()).doesNotContain(value);
        assertThat(fts.params()).contains("english", value);
        BoundStatement cs = build("name", "cs." + value);
        assertThat(cs.text()).doesNotContain(value);
        assertThat(cs.params()).contains(value);
    }
}
