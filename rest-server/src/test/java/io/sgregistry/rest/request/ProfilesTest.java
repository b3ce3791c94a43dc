package io.sgregistry.rest.request;

import io.sgregistry.rest.config.ServerConfig;
import io.sgregistry.rest.error.ApiError;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Accept-Profile / Content-Profile to the schema, and when the answer names it, as PostgREST's MultipleSchemaSpec. */
class ProfilesTest {
    private static final String SPECIAL = "SPECIAL \"@/\\#~_-";

    private static ServerConfig config(String schemas, String pattern) {
        Properties p = new Properties();
        p.setProperty("db.host", "localhost");
        p.setProperty("db.database", "db");
        p.setProperty("db.user", "u");
        p.setProperty("db.password", "p");
        p.setProperty("db.anon_role", "anon");
        p.setProperty("db.schemas", schemas);
        if (pattern != null) {
            p.setProperty("db.schema_pattern", pattern);
        }
        return ServerConfig.from(p);
    }

    @Test
    void severalSchemasTheFirstIsTheDefaultAndEveryAnswerNamesTheSchema() {
        ServerConfig c = config("v1,v2," + SPECIAL, null);
        assertThat(Profiles.choose(c, null, true)).isEqualTo(new Profiles.Chosen("v1", true));
        assertThat(Profiles.choose(c, "v2", true)).isEqualTo(new Profiles.Chosen("v2", true));
        assertThat(Profiles.choose(c, "v2", false)).isEqualTo(new Profiles.Chosen("v2", true));
        assertThat(Profiles.choose(c, SPECIAL, true)).isEqualTo(new Profiles.Chosen(SPECIAL, true));
    }

    @Test
    void oneSchemaIsNamedOnlyWhenAskedFor() {
        ServerConfig c = config("test", null);
        assertThat(Profiles.choose(c, null, true)).isEqualTo(new Profiles.Chosen("test", false));
        assertThat(Profiles.choose(c, " ", false)).isEqualTo(new Profiles.Chosen("test", false));
        assertThat(Profiles.choose(c, "test", false)).isEqualTo(new Profiles.Chosen("test", true));
    }

    @Test
    void anUnknownSchemaIsA406ListingTheExposedOnes() {
        ServerConfig c = config("v1,v2," + SPECIAL, null);
        for (boolean reading : new boolean[]{true, false}) {
            assertThatThrownBy(() -> Profiles.choose(c, "unknown", reading)).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(406);
                assertThat(e.code()).isEqualTo("PGRST106");
                assertThat(e.getMessage()).isEqualTo("Invalid schema: unknown");
                assertThat(e.hint()).isEqualTo("Only the following schemas are exposed: v1, v2, " + SPECIAL);
            });
        }
    }

    @Test
    void internalSchemasOfThePatternAreServedButNeverNamed() {
        ServerConfig c = config("", "img_[a-z0-9]+");
        assertThat(Profiles.choose(c, "img_abc", true)).isEqualTo(new Profiles.Chosen("img_abc", false));
        assertThatThrownBy(() -> Profiles.choose(c, null, true)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.code()).isEqualTo("PGRST106"));
        assertThatThrownBy(() -> Profiles.choose(c, "public", true)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.getMessage()).isEqualTo("Invalid schema: public");
            assertThat(e.hint()).isNull();
        });
    }
}
