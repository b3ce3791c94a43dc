package io.sgregistry.rest.schema;

import io.sgregistry.rest.schema.Catalog.Column;
import io.sgregistry.rest.schema.Catalog.ForeignKey;
import io.sgregistry.rest.schema.Catalog.Relation;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ViewKeysTest {
    private static Relation rel(String name, boolean view, List<String> pk, String... cols) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (String c : cols) {
            columns.put(c, new Column(c, "integer", true, false));
        }
        return new Relation("s", name, view, columns, pk);
    }

    private static final Map<String, Relation> RELATIONS = Map.of(
            "clients", rel("clients", false, List.of("id"), "id"),
            "projects", rel("projects", false, List.of("id"), "id", "client_id"),
            "projects_view", rel("projects_view", true, List.of(), "pid", "cid"),
            "projects_view_view", rel("projects_view_view", true, List.of(), "x"),
            "names_only", rel("names_only", true, List.of(), "name"));
    private static final ForeignKey CLIENT = new ForeignKey("client", "projects", List.of("client_id"), "clients", List.of("id"));

    @Test
    void aViewShowingAKeysColumnsHasItsRelationships() {
        ViewKeys keys = ViewKeys.of("public", Map.of("projects_view", Map.of("pid", new ViewKeys.Column(new ViewKeys.Table("public", "projects"), "id"),
                "cid", new ViewKeys.Column(new ViewKeys.Table("public", "projects"), "client_id"))), RELATIONS, ViewKeys.Outside.NONE);
        assertThat(keys.foreignKeys(List.of(CLIENT))).containsExactly(CLIENT,
                new ForeignKey("client", "projects_view", List.of("cid"), "clients", List.of("id")));
        assertThat(keys.relations().get("projects_view").uniqueKeys()).containsExactly(List.of("pid"));
        assertThat(keys.relations().get("projects").uniqueKeys()).containsExactly(List.of("id"));
    }

    @Test
    void viewsOfViewsAreFollowedToTheTable() {
        ViewKeys keys = ViewKeys.of("public", Map.of(
                "projects_view", Map.of("pid", new ViewKeys.Column(new ViewKeys.Table("public", "projects"), "id")),
                "projects_view_view", Map.of("x", new ViewKeys.Column(new ViewKeys.Table("public", "projects_view"), "pid"))), RELATIONS, ViewKeys.Outside.NONE);
        ForeignKey toProjects = new ForeignKey("project", "tasks", List.of("project_id"), "projects", List.of("id"));
        assertThat(keys.foreignKeys(List.of(toProjects))).containsExactlyInAnyOrder(toProjects,
                new ForeignKey("project", "tasks", List.of("project_id"), "projects_view", List.of("pid")),
                new ForeignKey("project", "tasks", List.of("project_id"), "projects_view_view", List.of("x")));
    }

    @Test
    void aViewMissingAKeysColumnHasNoneOfItsRelationships() {
        ViewKeys keys = ViewKeys.of("public", Map.of("projects_view", Map.of("pid", new ViewKeys.Column(new ViewKeys.Table("public", "projects"), "id"))), RELATIONS, ViewKeys.Outside.NONE);
        assertThat(keys.foreignKeys(List.of(CLIENT))).containsExactly(CLIENT);
        ViewKeys none = ViewKeys.of("public", Map.of(), RELATIONS, ViewKeys.Outside.NONE);
        assertThat(none.foreignKeys(List.of(CLIENT))).containsExactly(CLIENT);
        assertThat(none.relations()).isSameAs(RELATIONS);
    }
}
