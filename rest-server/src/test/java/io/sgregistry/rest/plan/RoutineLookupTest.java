package io.sgregistry.rest.plan;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.request.BodyType;
import io.sgregistry.rest.schema.Catalog.Function;
import io.sgregistry.rest.schema.Catalog.Param;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How a call finds its overload, and PostgREST's words when none or several fit. */
class RoutineLookupTest {
    private static Function fn(String name, Param... params) {
        return new Function("test", name, Arrays.asList(params), "integer", false, false, 'v', List.of());
    }

    private static Param p(String name, String type) {
        return new Param(name, type, false, false);
    }

    private static final List<Function> OVERLOADED = List.of(
            fn("f", p("", "json")), fn("f", p("", "bytea")), fn("f", p("", "text")), fn("f"), fn("f", p("x", "integer"), p("y", "integer")));

    private static RoutineLookup lookup(List<Function> overloads) {
        return new RoutineLookup("test", "f", overloads, Set.of("f", "g"));
    }

    @Test
    void argumentsNamesChooseTheOverload() {
        assertThat(lookup(OVERLOADED).find(Set.of(), BodyType.JSON, true).params()).isEmpty();
        assertThat(lookup(OVERLOADED).find(Set.of("x", "y"), BodyType.JSON, true).params()).hasSize(2);
    }

    @Test
    void otherwiseAPostsBodyFillsTheSingleUnnamedParameterOfItsType() {
        assertThat(lookup(OVERLOADED).find(Set.of("A"), BodyType.JSON, true).params().get(0).type()).isEqualTo("json");
        assertThat(lookup(OVERLOADED).find(Set.of(), BodyType.TEXT, true).params().get(0).type()).isEqualTo("text");
        assertThat(lookup(OVERLOADED).find(Set.of(), BodyType.OCTET_STREAM, true).params().get(0).type()).isEqualTo("bytea");
        // A GET calls the function without parameters whatever its Content-Type.
        assertThat(lookup(OVERLOADED).find(Set.of(), BodyType.TEXT, false).params()).isEmpty();
    }

    @Test
    void anUnnamedParameterOfAnotherTypeIsNotCallable() {
        assertThat(RoutineLookup.callable(fn("g", p("", "integer")))).isFalse();
        assertThat(RoutineLookup.callable(fn("g", p("", "text"), p("", "text")))).isFalse();
        assertThat(RoutineLookup.callable(fn("g", p("", "xml")))).isTrue();
        assertThat(RoutineLookup.callable(fn("g", p("a", "integer"), p("", "integer")))).isTrue();
    }

    @Test
    void noneIsA404InPostgrestsWords() {
        ApiError e = catchThrowableOfType(ApiError.class, () -> lookup(List.of(fn("f", p("", "integer")))).find(Set.of("y", "x"), BodyType.JSON, true));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).isEqualTo("Could not find the function test.f(x, y) in the schema cache");
        assertThat(e.details()).isEqualTo("Searched for the function test.f with parameters x, y or with a single unnamed json/jsonb "
                + "parameter, but no matches were found in the schema cache.");
        e = catchThrowableOfType(ApiError.class, () -> lookup(OVERLOADED).find(Set.of("a", "b"), BodyType.CSV, true));
        assertThat(e.hint()).isEqualTo("Perhaps you meant to call the function test.f(x, y)");
        e = catchThrowableOfType(ApiError.class, () -> lookup(List.of()).find(Set.of(), BodyType.JSON, false));
        assertThat(e.getMessage()).isEqualTo("Could not find the function test.f without parameters in the schema cache");
        assertThat(e.details()).isEqualTo("Searched for the function test.f without parameters, but no matches were found in the schema cache.");
        e = catchThrowableOfType(ApiError.class, () -> lookup(List.of(fn("f", p("x", "integer")))).find(Set.of(), BodyType.XML, true));
        assertThat(e.getMessage()).isEqualTo("Could not find the function test.f in the schema cache");
        assertThat(e.details()).endsWith(" with a single unnamed xml parameter, but no matches were found in the schema cache.");
        assertThat(e.hint()).isNull();
    }

    @Test
    void severalAreA300NamingEach() {
        List<Function> both = List.of(fn("f", p("", "jsonb")), fn("f", p("", "json")));
        ApiError e = catchThrowableOfType(ApiError.class, () -> lookup(both).find(Set.of("A"), BodyType.JSON, true));
        assertThat(e.status()).isEqualTo(300);
        assertThat(e.code()).isEqualTo("PGRST203");
        assertThat(e.getMessage()).isEqualTo("Could not choose the best candidate function between: test.f( => json), test.f( => jsonb)");
        assertThat(e.details()).isNull();
    }
}
