package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ApiError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The REST sweep's {@code select=id::in t} (two words, as the cast pattern allows) went into CAST(... AS
 * in t) and PostgreSQL answered "syntax error at or near "in"" about rest-server's own statement. Casts
 * are now PostgreSQL's canonical type names, looked up first; what is no type is a 400 about the cast.
 */
class CastTypesTest {
    private final List<String> asked = new ArrayList<>();
    private final CastTypes casts = new CastTypes(name -> {
        asked.add(name);
        return Optional.ofNullable(Map.of("int", "integer", "double precision", "double precision", "text", "text",
                "int[]", "integer[]").get(name));
    });

    private static Ast.Query select(String text) {
        return QueryParser.parse(List.of(Map.entry("select", text)));
    }

    @Test
    void castsBecomeTheCanonicalTypeNameAndAreLookedUpOnce() throws Exception {
        Ast.Query q = casts.resolve(select("a::int,b,c:d::double precision,e::int[]"));
        assertThat(q.select()).containsExactly(new Ast.SelectItem("a", null, "integer"), new Ast.SelectItem("b", null, null),
                new Ast.SelectItem("d", "c", "double precision"), new Ast.SelectItem("e", null, "integer[]"));
        casts.resolve(select("x::int"));
        assertThat(asked).containsExactly("int", "double precision", "int[]");
    }

    @Test
    void aQueryWithoutCastsIsNotLookedUp() throws Exception {
        Ast.Query q = select("a,b");
        assertThat(casts.resolve(q)).isSameAs(q);
        assertThat(asked).isEmpty();
    }

    @Test
    void aNameThatIsNoTypeIsA400AboutTheCast() {
        for (String bad : List.of("in t", "select", "nosuchtype")) {
            assertThatThrownBy(() -> casts.resolve(select("a::" + bad))).isInstanceOf(ApiError.class)
                    .satisfies(e -> {
                        ApiError a = (ApiError) e;
                        assertThat(a.status()).isEqualTo(400);
                        assertThat(a.code()).isEqualTo("PGRST100");
                        assertThat(a.details()).contains("unknown cast type '" + bad + "'");
                    });
        }
    }
}
