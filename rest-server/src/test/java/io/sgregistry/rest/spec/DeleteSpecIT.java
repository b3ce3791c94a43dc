package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/** PostgREST's test/spec/Feature/Query/DeleteSpec.hs, ported whole (14 cases). */
@Spec
class DeleteSpecIT {
    private static final String REPRESENTATION = "return=representation";
    private final SpecClient api;

    DeleteSpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void anExistingRowIs204WithoutABody() {
        api.delete("/items?id=eq.1").status(204).body("").header("Content-Type", null).header("Content-Length", null)
                .header("Content-Range", "*/*");
    }

    @Test
    void theDeletedRowAndItsCountWhenAsked() {
        api.delete("/items?id=eq.2", "Prefer", REPRESENTATION, "Prefer", "count=exact").is(200, "[{\"id\":2}]")
                .header("Content-Range", "*/1").header("Content-Length", "10")
                .header("Preference-Applied", "return=representation, count=exact");
    }

    @Test
    void selectIsIgnoredWithoutARepresentation() {
        api.delete("/items?id=eq.3&select=id").status(204).body("").header("Content-Type", null)
                .header("Content-Length", null).header("Content-Range", "*/*");
        api.delete("/items?id=eq.3&select=id", "Prefer", "return=minimal").status(204).body("").header("Content-Type", null)
                .header("Content-Length", null).header("Content-Range", "*/*").header("Preference-Applied", "return=minimal");
    }

    @Test
    void theRepresentationIsShapedBySelect() {
        api.delete("/complex_items?id=eq.2&select=id,name", "Prefer", REPRESENTATION).is(200, "[{\"id\":2,\"name\":\"Two\"}]")
                .header("Content-Range", "*/*").header("Content-Length", "23");
    }

    @Test
    void selectedColumnsAreRenamedAndCast() {
        api.delete("/complex_items?id=eq.3&select=ciId:id::text,ciName:name", "Prefer", REPRESENTATION)
                .is(200, "[{\"ciId\":\"3\",\"ciName\":\"Three\"}]");
    }

    @Test
    void parentsAreEmbedded() {
        api.delete("/tasks?id=eq.8&select=id,name,project:projects(id)", "Prefer", REPRESENTATION)
                .is(200, "[{\"id\":8,\"name\":\"Code OSX\",\"project\":{\"id\":4}}]").header("Content-Range", "*/*");
    }

    @Test
    void aOneToOneIsEmbeddedAfterTheDelete() {
        api.delete("/students?id=eq.1&select=name,students_info(address)", "Prefer", REPRESENTATION)
                .is(200, "[{\"name\":\"John Doe\",\"students_info\":{\"address\":\"Street 1\"}}]")
                .header("Content-Type", "application/json; charset=utf-8");
        api.delete("/students_info?id=eq.1&select=address,students(name)", "Prefer", REPRESENTATION)
                .is(200, "[{\"address\":\"Street 1\",\"students\":{\"name\":\"John Doe\"}}]")
                .header("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void noMatchIsAnEmptyArray() {
        api.delete("/items?id=eq.101", "Prefer", REPRESENTATION).status(200).body("[]").header("Content-Range", "*/*");
    }

    @Test
    void anUnknownTableIs404() {
        api.delete("/foozle?id=eq.101").is(404, "{\"code\":\"PGRST205\",\"details\":null,\"hint\":null,"
                + "\"message\":\"Could not find the table 'test.foozle' in the schema cache\"}");
    }

    @Test
    void aRepresentationOfColumnsTheRoleCannotReadIs401() {
        api.delete("/app_users?id=eq.1", "Prefer", REPRESENTATION).status(401);
    }

    @Test
    void aRepresentationOfTheReadableColumns() {
        api.request("DELETE", "/app_users?id=eq.1&select=id,email", "{ \"password\": \"passxyz\" }", "Prefer", REPRESENTATION)
                .is(200, "[{\"id\":1,\"email\":\"test@123.com\"}]").header("Content-Range", "*/*");
    }

    @Test
    void noRepresentationNeedsNoReadPrivilege() {
        api.delete("/app_users?id=eq.2", "Prefer", "return=minimal").status(204).body("").header("Content-Type", null)
                .header("Content-Length", null).header("Preference-Applied", "return=minimal");
        api.delete("/app_users?id=eq.3").status(204).body("").header("Content-Type", null).header("Content-Length", null);
    }

    @Test
    void theRepresentationIsOrderedAndEmbeds() {
        api.delete("/artists?id=lt.3&select=id,name,albums(title)&order=id.desc", "Prefer", REPRESENTATION)
                .is(200, "[{\"id\":2,\"name\":\"black country, new road\",\"albums\":[{\"title\":\"ants from up above\"}]},"
                        + "{\"id\":1,\"name\":\"duster\",\"albums\":[{\"title\":\"stratosphere\"},{\"title\":\"contemporary movement\"}]}]")
                .header("Content-Type", "application/json; charset=utf-8").header("Preference-Applied", REPRESENTATION);
    }
}
