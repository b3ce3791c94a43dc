package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * Resource embedding: cases of PostgREST's QuerySpec.hs ("embedding"), EmbedDisambiguationSpec.hs
 * and EmbedInnerJoinSpec.hs, ported to the spec fixtures' clients, projects, tasks, users and their
 * junctions, and orders with two keys to addresses.
 */
@Spec
class EmbedSpecIT {
    private final SpecClient api;

    EmbedSpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void manyToOneIsAnObjectOrNull() {
        api.get("/projects?select=id,clients(name)&order=id").is(200, "[{\"id\":1,\"clients\":{\"name\":\"Microsoft\"}},"
                + "{\"id\":2,\"clients\":{\"name\":\"Microsoft\"}},{\"id\":3,\"clients\":{\"name\":\"Apple\"}},"
                + "{\"id\":4,\"clients\":{\"name\":\"Apple\"}},{\"id\":5,\"clients\":null}]");
        api.get("/projects?select=*,clients(*)&id=eq.1").is(200,
                "[{\"id\":1,\"name\":\"Windows 7\",\"client_id\":1,\"clients\":{\"id\":1,\"name\":\"Microsoft\"}}]");
    }

    @Test
    void oneToManyIsAnArray() {
        api.get("/clients?select=id,projects(id)&order=id&projects.order=id")
                .is(200, "[{\"id\":1,\"projects\":[{\"id\":1},{\"id\":2}]},{\"id\":2,\"projects\":[{\"id\":3},{\"id\":4}]}]");
        api.get("/projects?select=id,tasks(id)&id=eq.5").is(200, "[{\"id\":5,\"tasks\":[]}]");
    }

    @Test
    void manyToManyThroughAJunction() {
        api.get("/users?select=name,tasks(name)&id=eq.1&tasks.order=id").is(200, "[{\"name\":\"Angela Martin\",\"tasks\":"
                + "[{\"name\":\"Design w7\"},{\"name\":\"Code w7\"},{\"name\":\"Design w10\"},{\"name\":\"Code w10\"}]}]");
        api.get("/tasks?select=id,users(id)&id=eq.1&users.order=id").is(200, "[{\"id\":1,\"users\":[{\"id\":1},{\"id\":3}]}]");
        api.get("/projects?select=id,users(name)&id=eq.3&users.order=id")
                .is(200, "[{\"id\":3,\"users\":[{\"name\":\"Michael Scott\"},{\"name\":\"Dwight Schrute\"}]}]");
    }

    @Test
    void nestedEmbeddingsWithFilters() {
        api.get("/clients?select=id,projects(id,tasks(id,name))&projects.tasks.name=like.Design*&order=id"
                        + "&projects.order=id&projects.tasks.order=id")
                .is(200, "[{\"id\":1,\"projects\":[{\"id\":1,\"tasks\":[{\"id\":1,\"name\":\"Design w7\"}]},{\"id\":2,\"tasks\":"
                        + "[{\"id\":3,\"name\":\"Design w10\"}]}]},{\"id\":2,\"projects\":[{\"id\":3,\"tasks\":[{\"id\":5,"
                        + "\"name\":\"Design IOS\"}]},{\"id\":4,\"tasks\":[{\"id\":7,\"name\":\"Design OSX\"}]}]}]");
        api.get("/clients?select=id,projects(id)&projects.or=(id.eq.1,id.eq.4)&order=id&projects.order=id.desc")
                .is(200, "[{\"id\":1,\"projects\":[{\"id\":1}]},{\"id\":2,\"projects\":[{\"id\":4}]}]");
        api.get("/clients?select=id,projects(id)&order=id&projects.order=id.desc&projects.limit=1&projects.offset=1")
                .is(200, "[{\"id\":1,\"projects\":[{\"id\":1}]},{\"id\":2,\"projects\":[{\"id\":3}]}]");
    }

    @Test
    void aliasesAndEmptyEmbeddings() {
        api.get("/projects?select=id,owner:clients(name),work:tasks(id)&id=eq.1&work.order=id")
                .is(200, "[{\"id\":1,\"owner\":{\"name\":\"Microsoft\"},\"work\":[{\"id\":1},{\"id\":2}]}]");
        api.get("/projects?select=id,name,clients()&order=id&limit=2")
                .is(200, "[{\"id\":1,\"name\":\"Windows 7\"},{\"id\":2,\"name\":\"Windows 10\"}]");
    }

    @Test
    void innerJoinsAndNullFilters() {
        api.get("/projects?select=id,clients!inner(name)&clients.name=eq.Apple&order=id")
                .is(200, "[{\"id\":3,\"clients\":{\"name\":\"Apple\"}},{\"id\":4,\"clients\":{\"name\":\"Apple\"}}]");
        api.get("/projects?select=id,clients(name)&clients.name=eq.Apple&order=id&id=lt.4")
                .is(200, "[{\"id\":1,\"clients\":null},{\"id\":2,\"clients\":null},{\"id\":3,\"clients\":{\"name\":\"Apple\"}}]");
        api.get("/projects?select=id,clients()&clients=is.null").is(200, "[{\"id\":5}]");
        api.get("/projects?select=id,clients(id)&clients=not.is.null&order=id&limit=1")
                .is(200, "[{\"id\":1,\"clients\":{\"id\":1}}]");
        api.get("/clients?select=id,projects!inner(id)&projects.id=eq.3").is(200, "[{\"id\":2,\"projects\":[{\"id\":3}]}]");
        api.get("/clients?select=id,projects!inner(id,tasks!inner(id))&projects.tasks.id=eq.8")
                .is(200, "[{\"id\":2,\"projects\":[{\"id\":4,\"tasks\":[{\"id\":8}]}]}]");
    }

    @Test
    void ambiguousEmbeddingsNeedAHint() {
        api.get("/orders?select=*,addresses(*)").error(300, "PGRST201");
        api.get("/orders?select=id,billing:addresses!billing_address_id(address),"
                        + "shipping:addresses!orders_shipping_address_id_fkey(address)&id=eq.1")
                .is(200, "[{\"id\":1,\"billing\":{\"address\":\"address 1\"},\"shipping\":{\"address\":\"address 2\"}}]");
        api.get("/addresses?select=id,orders!billing_address_id(id)&id=eq.3&orders.order=id")
                .is(200, "[{\"id\":3,\"orders\":[{\"id\":2},{\"id\":3}]}]");
        api.get("/projects?select=id,clients!client(name)&id=eq.1").is(200, "[{\"id\":1,\"clients\":{\"name\":\"Microsoft\"}}]");
        api.get("/projects?select=id,clients!nope(name)").error(400, "PGRST200");
    }

    @Test
    void anEmbeddingByForeignKeyColumnName() {
        api.get("/projects?select=id,client_id(name)&id=eq.3").is(200, "[{\"id\":3,\"client_id\":{\"name\":\"Apple\"}}]");
    }

    @Test
    void oneToOneIsAnObjectBothWays() {
        api.get("/country?select=name,capital(name)&order=id")
                .is(200, "[{\"name\":\"Afghanistan\",\"capital\":{\"name\":\"Kabul\"}},{\"name\":\"Algeria\",\"capital\":{\"name\":\"Algiers\"}}]");
        api.get("/capital?select=name,country(name)&id=eq.1").is(200, "[{\"name\":\"Kabul\",\"country\":{\"name\":\"Afghanistan\"}}]");
    }

    @Test
    void noRelationshipIsPgrst200() {
        api.get("/projects?select=*,users_tasks(*)").error(400, "PGRST200");
        api.get("/items?select=*,clients(*)").error(400, "PGRST200");
    }

    @Test
    void embeddingFromAFunctionsRowsAndAWriteRepresentation() {
        api.get("/rpc/get_projects_below?id=3&select=id,clients(name)&order=id")
                .is(200, "[{\"id\":1,\"clients\":{\"name\":\"Microsoft\"}},{\"id\":2,\"clients\":{\"name\":\"Microsoft\"}}]");
        api.post("/projects?select=id,clients(name)", "{\"id\":6,\"name\":\"New\",\"client_id\":2}",
                "Prefer", "return=representation").is(201, "[{\"id\":6,\"clients\":{\"name\":\"Apple\"}}]");
    }

    @Test
    void orderByAToOneEmbedding() {
        api.get("/projects?select=id,clients(name)&order=clients(name).desc,id&id=lt.5").is(200,
                "[{\"id\":1,\"clients\":{\"name\":\"Microsoft\"}},{\"id\":2,\"clients\":{\"name\":\"Microsoft\"}},"
                        + "{\"id\":3,\"clients\":{\"name\":\"Apple\"}},{\"id\":4,\"clients\":{\"name\":\"Apple\"}}]");
        api.get("/clients?select=id,projects(id)&order=projects(id)").error(400, "PGRST118");
    }
}
