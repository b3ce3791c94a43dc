package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST 12's SpreadQueriesSpec.hs: {@code ...relation(columns)} puts a to-one embedding's columns
 * into the parent's object (many-to-one, nested, inside a normal embedding, one-to-one, through a
 * junction with or without the junction's columns); a spread of a to-many embedding is PGRST119.
 * Spreads of computed relationships too: to-one ({@code computed_designers}) and, refused, to-many
 * ({@code computed_videogames}, the 12.x case). Added: a to-many spread of the
 * aggregate fixtures (PGRST119 too) and an empty nested spread (PostgREST's later case, to-one).
 * Requests without {@code order} rely on the fixtures' insertion order, as PostgREST's do.
 */
@Spec
class SpreadQueriesSpecIT {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private final SpecClient api;

    SpreadQueriesSpecIT(SpecClient api) {
        this.api = api;
    }

    private void get(String path, String expectedJson) {
        api.get(path).is(200, expectedJson).header("Content-Type", JSON_TYPE);
    }

    @Test
    void spreadsAManyToOneRelationship() {
        get("/projects?select=id,...clients(client_name:name)", """
                [{"id":1,"client_name":"Microsoft"},
                 {"id":2,"client_name":"Microsoft"},
                 {"id":3,"client_name":"Apple"},
                 {"id":4,"client_name":"Apple"},
                 {"id":5,"client_name":null}]""");
        get("/videogames?select=name,...computed_designers(designer_name:name)", """
                [{"name":"Civilization I","designer_name":"Sid Meier"},
                 {"name":"Civilization II","designer_name":"Sid Meier"},
                 {"name":"Final Fantasy I","designer_name":"Hironobu Sakaguchi"},
                 {"name":"Final Fantasy II","designer_name":"Hironobu Sakaguchi"}]""");
        get("/grandchild_entities?select=name,...child_entities(parent_name:name,...entities(grandparent_name:name))&limit=3", """
                [{"name":"grandchild entity 1","parent_name":"child entity 1","grandparent_name":"entity 1"},
                 {"name":"grandchild entity 2","parent_name":"child entity 1","grandparent_name":"entity 1"},
                 {"name":"grandchild entity 3","parent_name":"child entity 2","grandparent_name":"entity 1"}]""");
    }

    @Test
    void spreadsInsideANormalEmbedding() {
        get("/grandchild_entities?select=name,child_entity:child_entities(name,...entities(parent_name:name))&limit=1",
                "[{\"name\":\"grandchild entity 1\",\"child_entity\":{\"name\":\"child entity 1\",\"parent_name\":\"entity 1\"}}]");
    }

    @Test
    void spreadsAOneToOneRelationship() {
        get("/country?select=name,...capital(capital:name)",
                "[{\"name\":\"Afghanistan\",\"capital\":\"Kabul\"}, {\"name\":\"Algeria\",\"capital\":\"Algiers\"}]");
    }

    @Test
    void aToManySpreadIsRefused() {
        api.get("/clients?select=*,...projects(*)").is(400, """
                {"code":"PGRST119",
                 "details":"'clients' and 'projects' do not form a many-to-one or one-to-one relationship",
                 "hint":null,
                 "message":"A spread operation on 'projects' is not possible"}""").header("Content-Type", JSON_TYPE);
        api.get("/factories?select=name,...processes(name)").is(400, """
                {"code":"PGRST119",
                 "details":"'factories' and 'processes' do not form a many-to-one or one-to-one relationship",
                 "hint":null,
                 "message":"A spread operation on 'processes' is not possible"}""");
        api.get("/designers?select=*,...computed_videogames(*)").is(400, """
                {"code":"PGRST119",
                 "details":"'designers' and 'computed_videogames' do not form a many-to-one or one-to-one relationship",
                 "hint":null,
                 "message":"A spread operation on 'computed_videogames' is not possible"}""").header("Content-Type", JSON_TYPE);
    }

    @Test
    void includesOrExcludesTheJunctionsColumns() {
        get("/users?select=*,tasks:users_tasks(*,...tasks(*))&limit=1", """
                [{"id":1,"name":"Angela Martin",
                  "tasks": [
                    {"user_id":1,"task_id":1,"id":1,"name":"Design w7","project_id":1},
                    {"user_id":1,"task_id":2,"id":2,"name":"Code w7","project_id":1},
                    {"user_id":1,"task_id":3,"id":3,"name":"Design w10","project_id":2},
                    {"user_id":1,"task_id":4,"id":4,"name":"Code w10","project_id":2}]}]""");
        get("/users?select=*,tasks:users_tasks(...tasks(*))&limit=1", """
                [{"id":1,"name":"Angela Martin",
                  "tasks":[
                    {"id":1,"name":"Design w7","project_id":1},
                    {"id":2,"name":"Code w7","project_id":1},
                    {"id":3,"name":"Design w10","project_id":2},
                    {"id":4,"name":"Code w10","project_id":2}]}]""");
    }

    @Test
    void anEmptyNestedSpreadAddsNothing() {
        get("/grandchild_entities?select=name,...child_entities(parent_name:name,...entities())", """
                [{"name":"grandchild entity 1","parent_name":"child entity 1"},
                 {"name":"grandchild entity 2","parent_name":"child entity 1"},
                 {"name":"grandchild entity 3","parent_name":"child entity 2"},
                 {"name":"(grandchild,entity,4)","parent_name":"child entity 2"},
                 {"name":"(grandchild,entity,5)","parent_name":"child entity 2"}]""");
    }
}
