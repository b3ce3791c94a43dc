package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST's EmbedInnerJoinSpec.hs, ported whole: {@code !inner} embeddings drop the parents without
 * a match (many-to-one, one-to-many, many-to-many, through views of a private schema's tables, from a
 * function's rows, with hints), filters on an inner embedding drop parents too (also two levels down,
 * but only through inner embeddings all the way), and exact counts count what is left. Requests without
 * {@code order} rely on the fixtures' insertion order, as PostgREST's do.
 */
@Spec
class EmbedInnerJoinSpecIT {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private final SpecClient api;

    EmbedInnerJoinSpecIT(SpecClient api) {
        this.api = api;
    }

    private void get(String path, String expectedJson) {
        api.get(path).is(200, expectedJson).header("Content-Type", JSON_TYPE);
    }

    /** HEAD with an exact count: no body, JSON's type, and the range of what is left. */
    private void headCount(String path, String contentRange) {
        api.request("HEAD", path, null, "Prefer", "count=exact").status(200).body("")
                .header("Content-Type", JSON_TYPE).header("Content-Range", contentRange);
    }

    // many-to-one

    @Test
    void manyToOneIgnoresNullEmbeddingsWhileTheDefaultLeftJoinDoesNot() {
        get("/projects?select=id,clients!inner(id)", "[{\"id\":1,\"clients\":{\"id\":1}}, {\"id\":2,\"clients\":{\"id\":1}},"
                + " {\"id\":3,\"clients\":{\"id\":2}}, {\"id\":4,\"clients\":{\"id\":2}}]");
        get("/projects?select=id,clients!left(id)", "[{\"id\":1,\"clients\":{\"id\":1}}, {\"id\":2,\"clients\":{\"id\":1}},"
                + " {\"id\":3,\"clients\":{\"id\":2}}, {\"id\":4,\"clients\":{\"id\":2}}, {\"id\":5,\"clients\":null}]");
        headCount("/projects?select=id,clients!inner(id)", "0-3/4");
    }

    @Test
    void manyToOneFiltersTheSourceWhenTheEmbeddingIsFiltered() {
        get("/projects?select=id,clients!inner(id)&clients.id=eq.1", "[{\"id\":1,\"clients\":{\"id\":1}}, {\"id\":2,\"clients\":{\"id\":1}}]");
        get("/projects?select=id,clients!inner(id)&clients.id=eq.2", "[{\"id\":3,\"clients\":{\"id\":2}}, {\"id\":4,\"clients\":{\"id\":2}}]");
        get("/projects?select=id,clients!inner(id)&clients.id=eq.0", "[]");
        headCount("/projects?select=id,clients!inner(id)&clients.id=eq.1", "0-1/2");
    }

    @Test
    void manyToOneFiltersTheSourceWhenAnEmbeddingTwoLevelsBelowIsFiltered() {
        get("/tasks?select=id,projects!inner(id,clients!inner(id))&projects.clients.id=eq.1",
                "[{\"id\":1,\"projects\":{\"id\":1,\"clients\":{\"id\":1}}}, {\"id\":2,\"projects\":{\"id\":1,\"clients\":{\"id\":1}}},"
                        + " {\"id\":3,\"projects\":{\"id\":2,\"clients\":{\"id\":1}}}, {\"id\":4,\"projects\":{\"id\":2,\"clients\":{\"id\":1}}}]");
        get("/tasks?select=id,projects!inner(id,clients!inner(id))&projects.clients.id=eq.2",
                "[{\"id\":5,\"projects\":{\"id\":3,\"clients\":{\"id\":2}}}, {\"id\":6,\"projects\":{\"id\":3,\"clients\":{\"id\":2}}},"
                        + " {\"id\":7,\"projects\":{\"id\":4,\"clients\":{\"id\":2}}}, {\"id\":8,\"projects\":{\"id\":4,\"clients\":{\"id\":2}}}]");
        headCount("/tasks?select=id,projects!inner(id,clients!inner(id))&projects.clients.id=eq.1", "0-3/4");
    }

    @Test
    void manyToOneOnlyAffectsTheSourceWhenItsDirectEmbeddingIsInner() {
        get("/tasks?select=id,projects(id,clients!inner(id))&projects.clients.id=eq.2&order=id",
                "[{\"id\":1,\"projects\":null}, {\"id\":2,\"projects\":null}, {\"id\":3,\"projects\":null}, {\"id\":4,\"projects\":null},"
                        + " {\"id\":5,\"projects\":{\"id\":3,\"clients\":{\"id\":2}}}, {\"id\":6,\"projects\":{\"id\":3,\"clients\":{\"id\":2}}},"
                        + " {\"id\":7,\"projects\":{\"id\":4,\"clients\":{\"id\":2}}}, {\"id\":8,\"projects\":{\"id\":4,\"clients\":{\"id\":2}}}]");
        headCount("/tasks?select=id,projects(id,clients!inner(id))&projects.clients.id=eq.2", "0-7/8");
    }

    @Test
    void manyToOneWorksWithViews() {
        get("/books?select=title,authors!inner(name)&authors.name=eq.George%20Orwell",
                "[{\"title\":\"1984\",\"authors\":{\"name\":\"George Orwell\"}}]");
        headCount("/books?select=title,authors!inner(name)&authors.name=eq.George%20Orwell", "0-0/1");
    }

    // one-to-many

    @Test
    void oneToManyIgnoresEmptyArraysWhileTheDefaultLeftJoinDoesNot() {
        get("/entities?select=id,child_entities!inner(id)", "[{\"id\":1,\"child_entities\":[{\"id\":1}, {\"id\":2}, {\"id\":4}, {\"id\":5}]},"
                + " {\"id\":2,\"child_entities\":[{\"id\":3}, {\"id\":6}]}]");
        get("/entities?select=id,child_entities!left(id)", "[{\"id\":1,\"child_entities\":[{\"id\":1}, {\"id\":2}, {\"id\":4}, {\"id\":5}]},"
                + " {\"id\":2,\"child_entities\":[{\"id\":3}, {\"id\":6}]}, {\"id\":3,\"child_entities\":[]}, {\"id\":4,\"child_entities\":[]}]");
        headCount("/entities?select=id,child_entities!inner(id)", "0-1/2");
    }

    @Test
    void oneToManyFiltersTheSourceWhenTheEmbeddingIsFiltered() {
        get("/entities?select=id,child_entities!inner(id)&child_entities.id=eq.1", "[{\"id\":1,\"child_entities\":[{\"id\":1}]}]");
        get("/entities?select=id,child_entities!inner(id)&child_entities.id=eq.3", "[{\"id\":2,\"child_entities\":[{\"id\":3}]}]");
        get("/entities?select=id,child_entities!inner(id)&child_entities.id=eq.0", "[]");
        headCount("/entities?select=id,child_entities!inner(id)&child_entities.id=eq.1", "0-0/1");
    }

    @Test
    void oneToManyFiltersTheSourceWhenAnEmbeddingTwoLevelsBelowIsFiltered() {
        String path = "/entities?select=id,child_entities!inner(id,grandchild_entities!inner(id))";
        get(path + "&child_entities.grandchild_entities.id=in.(1,5)", "[{\"id\": 1, \"child_entities\": ["
                + "{ \"id\": 1, \"grandchild_entities\": [ { \"id\": 1 } ] }, { \"id\": 2, \"grandchild_entities\": [ { \"id\": 5 } ] }]}]");
        get(path + "&child_entities.grandchild_entities.id=eq.2", "[{\"id\": 1, \"child_entities\": ["
                + "{ \"id\": 1, \"grandchild_entities\": [ { \"id\": 2 } ] } ]}]");
        headCount(path + "&child_entities.grandchild_entities.id=in.(1,5)", "0-0/1");
    }

    @Test
    void oneToManyOnlyAffectsTheSourceWhenItsDirectEmbeddingIsInner() {
        String path = "/entities?select=id,child_entities!inner(id,grandchild_entities(id))&child_entities.grandchild_entities.id=eq.2";
        get(path, "[{\"id\": 1, \"child_entities\": [{ \"id\": 1, \"grandchild_entities\": [ { \"id\": 2 } ] },"
                + " { \"id\": 2, \"grandchild_entities\": [] }, { \"id\": 4, \"grandchild_entities\": [] },"
                + " { \"id\": 5, \"grandchild_entities\": [] } ]},"
                + " {\"id\": 2, \"child_entities\": [{ \"id\": 3, \"grandchild_entities\": [] }, { \"id\": 6, \"grandchild_entities\": [] } ]}]");
        headCount(path, "0-1/2");
    }

    @Test
    void oneToManyWorksWithViews() {
        get("/authors?select=*,books!inner(*)&books.title=eq.1984", "[{\"id\":1,\"name\":\"George Orwell\",\"books\":[{\"id\":1,"
                + "\"title\":\"1984\",\"publication_year\":1949,\"author_id\":1,\"first_publisher_id\":1}]}]");
        headCount("/authors?select=*,books!inner(*)&books.title=eq.1984", "0-0/1");
    }

    // many-to-many

    @Test
    void manyToManyIgnoresEmptyArraysWhileTheDefaultLeftJoinDoesNot() {
        get("/products?select=id,suppliers!inner(id)", "[{\"id\":1,\"suppliers\":[{\"id\":1}, {\"id\":2}]},"
                + " {\"id\":2,\"suppliers\":[{\"id\":1}, {\"id\":3}]}]");
        get("/products?select=id,suppliers!left(id)", "[{\"id\":1,\"suppliers\":[{\"id\":1}, {\"id\":2}]},"
                + " {\"id\":2,\"suppliers\":[{\"id\":1}, {\"id\":3}]}, {\"id\":3,\"suppliers\":[]}]");
        headCount("/products?select=id,suppliers!inner(id)", "0-1/2");
    }

    @Test
    void manyToManyFiltersTheSourceWhenTheEmbeddingIsFiltered() {
        get("/products?select=id,suppliers!inner(id)&suppliers.id=eq.2", "[{\"id\":1,\"suppliers\":[{\"id\":2}]}]");
        get("/products?select=id,suppliers!inner(id)&suppliers.id=eq.3", "[{\"id\":2,\"suppliers\":[{\"id\":3}]}]");
        get("/products?select=id,suppliers!inner(id)&suppliers.id=eq.0", "[]");
        headCount("/products?select=id,suppliers!inner(id)&suppliers.id=eq.2", "0-0/1");
    }

    @Test
    void manyToManyFiltersTheSourceWhenAnEmbeddingTwoLevelsBelowIsFiltered() {
        String path = "/products?select=id,suppliers!inner(id,trade_unions!inner(id))";
        get(path + "&suppliers.trade_unions.id=eq.3", "[{\"id\":1,\"suppliers\":[{\"id\":2,\"trade_unions\":[{\"id\":3}]}]}]");
        get(path + "&suppliers.trade_unions.id=eq.4", "[{\"id\":1,\"suppliers\":[{\"id\":2,\"trade_unions\":[{\"id\":4}]}]}]");
        headCount(path + "&suppliers.trade_unions.id=eq.3", "0-0/1");
    }

    @Test
    void manyToManyOnlyAffectsTheSourceWhenItsDirectEmbeddingIsInner() {
        String path = "/products?select=id,suppliers!inner(id,trade_unions(id))&suppliers.trade_unions.id=eq.3";
        get(path, "[{\"id\":1,\"suppliers\":[{\"id\":1,\"trade_unions\":[]}, {\"id\":2,\"trade_unions\":[{\"id\":3}]}]},"
                + " {\"id\":2,\"suppliers\":[{\"id\":1,\"trade_unions\":[]}, {\"id\":3,\"trade_unions\":[]}]}]");
        headCount(path, "0-1/2");
    }

    @Test
    void manyToManyWorksWithViews() {
        get("/actors?select=*,films!inner(*)&films.title=eq.douze%20commandements",
                "[{\"id\":1,\"name\":\"john\",\"films\":[{\"id\":12,\"title\":\"douze commandements\"}]}]");
        get("/films?select=*,actors!inner(*)&actors.name=eq.john",
                "[{\"id\":12,\"title\":\"douze commandements\",\"actors\":[{\"id\":1,\"name\":\"john\"}]}]");
        headCount("/actors?select=*,films!inner(*)&films.title=eq.douze%20commandements", "0-0/1");
    }

    // the rest

    @Test
    void manyToOneAndManyToManyCombined() {
        get("/projects?select=name,clients!inner(name),users!inner(name)", "["
                + "{\"name\":\"Windows 7\",\"clients\":{\"name\":\"Microsoft\"},\"users\":[{\"name\":\"Angela Martin\"}, {\"name\":\"Dwight Schrute\"}]},"
                + "{\"name\":\"Windows 10\",\"clients\":{\"name\":\"Microsoft\"},\"users\":[{\"name\":\"Angela Martin\"}]},"
                + "{\"name\":\"IOS\",\"clients\":{\"name\":\"Apple\"},\"users\":[{\"name\":\"Michael Scott\"}, {\"name\":\"Dwight Schrute\"}]},"
                + "{\"name\":\"OSX\",\"clients\":{\"name\":\"Apple\"},\"users\":[{\"name\":\"Michael Scott\"}]}]");
        headCount("/projects?select=name,clients!inner(name),users!inner(name)", "0-3/4");
    }

    @Test
    void worksWithRpc() {
        get("/rpc/getallprojects?select=id,clients!inner(id)&clients.id=eq.1", "[{\"id\":1,\"clients\":{\"id\":1}}, {\"id\":2,\"clients\":{\"id\":1}}]");
        headCount("/rpc/getallprojects?select=id,clients!inner(id)&clients.id=eq.1", "0-1/2");
    }

    @Test
    void worksWithHints() {
        get("/projects?select=id,clients!client!inner(id)&clients.id=eq.2", "[{\"id\":3,\"clients\":{\"id\":2}}, {\"id\":4,\"clients\":{\"id\":2}}]");
        get("/projects?select=id,client!inner(id)&client.id=eq.2", "[{\"id\":3,\"client\":{\"id\":2}}, {\"id\":4,\"client\":{\"id\":2}}]");
        headCount("/projects?select=id,clients!client!inner(id)&clients.id=eq.2", "0-1/2");
    }

    @Test
    void worksWithManyOneToManyRelationships() {
        String path = "/client?select=id,name,contact!inner(name),clientinfo!inner(other)";
        get(path, "[{\"id\":1,\"name\":\"Walmart\",\"contact\":[{\"name\":\"Wally Walton\"}, {\"name\":\"Wilma Wellers\"}],"
                + "\"clientinfo\":[{\"other\":\"123 Main St\"}]},"
                + "{\"id\":2,\"name\":\"Target\", \"contact\":[{\"name\":\"Tabby Targo\"}],\"clientinfo\":[{\"other\":\"456 South 3rd St\"}]},"
                + "{\"id\":3,\"name\":\"Big Lots\",\"contact\":[{\"name\":\"Bobby Bots\"}, {\"name\":\"Bonnie Bits\"}, {\"name\":\"Billy Boats\"}],"
                + "\"clientinfo\":[{\"other\":\"789 Palm Tree Ln\"}]}]");
        get(path + "&contact.name=eq.Wally%20Walton", "[{\"id\":1,\"name\":\"Walmart\",\"contact\":[{\"name\":\"Wally Walton\"}],"
                + "\"clientinfo\":[{\"other\":\"123 Main St\"}]}]");
        get(path + "&clientinfo.other=eq.456%20South%203rd%20St", "[{\"id\":2,\"name\":\"Target\","
                + "\"clientinfo\":[{\"other\":\"456 South 3rd St\"}],\"contact\":[{\"name\":\"Tabby Targo\"}]}]");
        headCount(path, "0-2/3");
    }

    @Test
    void worksAlongsideAnotherEmbedding() {
        get("/books?select=id,authors(name),publishers!inner(name)&id=gte.7", "["
                + "{\"id\":7,\"authors\":{\"name\":\"Harper Lee\"},\"publishers\":{\"name\":\"J. B. Lippincott & Co.\"}},"
                + "{\"id\":8,\"authors\":{\"name\":\"Kurt Vonnegut\"},\"publishers\":{\"name\":\"Delacorte\"}},"
                + "{\"id\":9,\"authors\":{\"name\":\"Ken Kesey\"},\"publishers\":{\"name\":\"Viking Press & Signet Books\"}}]");
        headCount("/books?select=id,authors(name),publishers!inner(name)&id=gte.7", "0-2/3");
        headCount("/books?select=id,publishers!inner(name),authors(name)&id=gte.7", "0-2/3");
    }
}
