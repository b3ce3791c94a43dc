package io.sgregistry.rest.request;

import io.sgregistry.rest.error.ApiError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paths and methods to targets and actions, with PostgREST's errors for the rest. */
class TargetActionTest {
    @Test
    void paths() {
        assertThat(Target.of("/")).isInstanceOf(Target.Root.class);
        assertThat(Target.of("")).isInstanceOf(Target.Root.class);
        assertThat(Target.of("/items")).isEqualTo(new Target.Relation("items"));
        assertThat(Target.of("/rpc/add")).isEqualTo(new Target.Routine("add"));
        for (String bad : new String[]{"/a/b", "/rpc/a/b", "/items/"}) {
            assertThatThrownBy(() -> Target.of(bad)).as(bad).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.code()).isEqualTo("PGRST125");
            });
        }
    }

    @Test
    void methods() {
        Target rel = new Target.Relation("items");
        assertThat(Action.of("GET", rel)).isEqualTo(Action.READ);
        assertThat(Action.of("HEAD", rel)).isEqualTo(Action.READ);
        assertThat(Action.of("POST", rel)).isEqualTo(Action.INSERT);
        assertThat(Action.of("PATCH", rel)).isEqualTo(Action.UPDATE);
        assertThat(Action.of("PUT", rel)).isEqualTo(Action.SINGLE_UPSERT);
        assertThat(Action.of("DELETE", rel)).isEqualTo(Action.DELETE);
        assertThat(Action.of("GET", new Target.Routine("f"))).isEqualTo(Action.CALL_READ);
        assertThat(Action.of("POST", new Target.Routine("f"))).isEqualTo(Action.CALL);
        assertThatThrownBy(() -> Action.of("PATCH", new Target.Routine("f"))).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(405);
            assertThat(e.code()).isEqualTo("PGRST101");
        });
        assertThatThrownBy(() -> Action.of("TRACE", rel)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(405);
            assertThat(e.code()).isEqualTo("PGRST117");
        });
    }
}
