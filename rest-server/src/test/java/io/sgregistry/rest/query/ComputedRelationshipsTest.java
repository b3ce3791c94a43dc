package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.query.Relationships.Kind;
import io.sgregistry.rest.query.Relationships.Relationship;
import io.sgregistry.rest.schema.Catalog.Column;
import io.sgregistry.rest.schema.Catalog.ComputedRelationship;
import io.sgregistry.rest.schema.Catalog.ForeignKey;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.Catalog.Schema;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Computed relationships resolved from the schema cache, and the SQL that calls them, without a database. */
class ComputedRelationshipsTest {
    private static final String SCHEMA = "we\"ird";

    private static Relation relation(String name, String... columns) {
        Map<String, Column> cols = new LinkedHashMap<>();
        for (String c : columns) {
            cols.put(c, new Column(c, "integer", true, false));
        }
        return new Relation(SCHEMA, name, false, cols, List.of("id"));
    }

    private static final Relation DESIGNERS = relation("designers", "id", "name");
    private static final Relation VIDEOGAMES = relation("videogames", "id", "name", "designer_id");
    private static final Schema CATALOG = new Schema(SCHEMA, true, Map.of("designers", DESIGNERS, "videogames", VIDEOGAMES),
            Map.of(), List.of(new ForeignKey("videogames_designer_id_fkey", "videogames", List.of("designer_id"), "designers",
            List.of("id"))), null, List.of(
            new ComputedRelationship("computed_designers", "videogames", "designers", true),
            new ComputedRelationship("computed_videogames", "designers", "videogames", false),
            new ComputedRelationship("designers", "videogames", "designers", true)));

    @Test
    void aFunctionNamesItsRelationshipAndItsCardinality() {
        Relationship toOne = Relationships.resolve(CATALOG, VIDEOGAMES, "computed_designers", null);
        assertThat(toOne.kind()).isEqualTo(Kind.COMPUTED);
        assertThat(toOne.toOne()).isTrue();
        assertThat(toOne.target()).isEqualTo(DESIGNERS);
        Relationship toMany = Relationships.resolve(CATALOG, DESIGNERS, "computed_videogames", null);
        assertThat(toMany.toOne()).isFalse();
        assertThat(toMany.target()).isEqualTo(VIDEOGAMES);
    }

    @Test
    void aFunctionNamedAfterARelationReplacesTheForeignKeysRelationships() {
        assertThat(Relationships.resolve(CATALOG, VIDEOGAMES, "designers", null).kind()).isEqualTo(Kind.COMPUTED);
        // The key's other names lead to the replaced relationship too: none is left.
        assertThatThrownBy(() -> Relationships.resolve(CATALOG, VIDEOGAMES, "designer_id", null))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("PGRST200"));
        // The other direction has no such function: the foreign key's one-to-many stays.
        assertThat(Relationships.resolve(CATALOG, DESIGNERS, "videogames", null).kind()).isEqualTo(Kind.ONE_TO_MANY);
    }

    @Test
    void aComputedRelationshipTakesNoHintAndOnlyItsOwnTable() {
        assertThatThrownBy(() -> Relationships.resolve(CATALOG, VIDEOGAMES, "computed_designers", "designer_id"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("PGRST200"));
        assertThatThrownBy(() -> Relationships.resolve(CATALOG, DESIGNERS, "computed_designers", null))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("PGRST200"));
    }

    @Test
    void theEmbeddingCallsTheFunctionOnTheParentRowWithItsIdentifiersQuotedAndValuesBound() {
        Ast.Query q = QueryParser.parse(List.of(Map.entry("select", "name,designer:computed_designers(name)"),
                Map.entry("designer.name", "eq.x'); DROP TABLE designers; --")));
        BoundStatement sql = SqlBuilder.read(CATALOG, VIDEOGAMES, q, SqlBuilder.Paging.ALL, false, SqlBuilder.Shape.ARRAY);
        assertThat(sql.text()).contains("FROM \"we\"\"ird\".\"computed_designers\"(CAST(\"pgrst_t\" AS \"we\"\"ird\".\"videogames\"))")
                .doesNotContain("DROP TABLE");
        assertThat(sql.params()).contains("x'); DROP TABLE designers; --");
    }
}
