package io.sgregistry.sql;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;

import static io.sgregistry.sql.Db.column;
import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.failure;
import static io.sgregistry.sql.Db.sqlState;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/** The auth schema through the front door: users, tokens, machine credentials, who is calling. */
@RegistryEngineTest
class AuthIT {

    @Test
    void registerUserReturnsTokensSignedWithTheConfiguredSecret(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        for (String token : new String[] {u.accessToken(), u.refreshToken()}) {
            JWSObject jws = JWSObject.parse(token);
            assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
            assertThat(jws.verify(new MACVerifier(stack.secret("secret.auth.jwt").getBytes(StandardCharsets.UTF_8))))
                    .as("HS256 signature with secret.auth.jwt").isTrue();
            Map<String, Object> claims = jws.getPayload().toJSONObject();
            assertThat(claims).containsEntry("role", "registry_user").containsEntry("username", u.username())
                    .containsEntry("user_id", u.userId()).containsKeys("iat", "exp", "jti");
            long now = Instant.now().getEpochSecond();
            assertThat(((Number) claims.get("iat")).longValue()).isBetween(now - 120, now + 120);
            assertThat(((Number) claims.get("exp")).longValue()).isGreaterThan(now);
        }
        assertThat(JWSObject.parse(u.accessToken()).getPayload().toJSONObject()).containsEntry("typ", "access");
        assertThat(JWSObject.parse(u.refreshToken()).getPayload().toJSONObject()).containsEntry("typ", "refresh");
    }

    @Test
    void passwordsAreStoredWithBcrypt(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        try (Connection c = stack.registryOwner().connect()) {
            String hash = value(c, "SELECT \"password_hash\" FROM \"auth\".\"users\" WHERE \"username\" = ?", u.username());
            assertThat(hash).startsWith("$2a$10$").doesNotContain(u.password());
        }
    }

    @Test
    void aTakenUsernameIs23505(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser u = users.create();
        try (Connection c = users.asAnonymous()) {
            // Usernames are namespaces, public in every repository's address: a taken one is said so.
            // Emails are not unique (AccountProtectionIT): registration does not confirm an address.
            assertThat(sqlState(() -> exec(c, "SELECT * FROM \"auth\".\"register_user\"(?, ?, ?)",
                    u.username().toUpperCase(), "another-password", "x" + u.email()))).isEqualTo("23505");
        }
    }

    @Test
    void badRegistrationInputIs22023WithAMessage(RegistryDatabase stack) throws Exception {
        try (Connection c = new RegistryUsers(stack).asAnonymous()) {
            String[][] cases = {
                    {"bad name!", "password123", "a@b.c"},
                    {"-leadingdash", "password123", "a@b.c"},
                    {"okname" + System.nanoTime(), "short", "a@b.c"},
                    {"okname" + System.nanoTime(), "password123", "not-an-email"},
            };
            for (String[] args : cases) {
                var e = failure(() -> exec(c, "SELECT * FROM \"auth\".\"register_user\"(?, ?, ?)", (Object[]) args));
                assertThat(e.getSQLState()).as("%s", String.join(" ", args)).isEqualTo("22023");
                assertThat(e.getMessage()).containsPattern("invalid (username|password|email)");
            }
        }
    }

    @Test
    void refreshAndAccessTokens(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser u = users.create();
        try (Connection c = users.asAnonymous()) {
            String refresh = value(c, "SELECT \"auth\".\"refresh_token\"(?, ?)", u.username(), u.password());
            String viaRefresh = value(c, "SELECT \"auth\".\"access_token\"(refresh_token => ?)", refresh);
            String viaKey = value(c, "SELECT \"auth\".\"access_token\"(api_key => ?, api_secret => ?)", u.apiKey(), u.apiSecret());
            for (String t : new String[] {viaRefresh, viaKey}) {
                assertThat(JWSObject.parse(t).getPayload().toJSONObject())
                        .containsEntry("username", u.username()).containsEntry("typ", "access");
            }
            assertThat(sqlState(() -> value(c, "SELECT \"auth\".\"refresh_token\"(?, ?)", u.username(), "wrong-password")))
                    .isEqualTo("28P01");
            assertThat(sqlState(() -> value(c, "SELECT \"auth\".\"access_token\"(api_key => ?, api_secret => ?)",
                    u.apiKey(), "0".repeat(40)))).isEqualTo("28P01");
            // An access token is not a refresh token; a tampered token fails its signature.
            assertThat(sqlState(() -> value(c, "SELECT \"auth\".\"access_token\"(refresh_token => ?)", u.accessToken())))
                    .isEqualTo("28P01");
            String[] p = refresh.split("\\.");
            String forged = p[0] + "." + p[1].substring(0, p[1].length() - 2) + "AA." + p[2];
            assertThat(sqlState(() -> value(c, "SELECT \"auth\".\"access_token\"(refresh_token => ?)", forged)))
                    .isEqualTo("28P01");
            assertThat(sqlState(() -> value(c, "SELECT \"auth\".\"access_token\"()"))).isEqualTo("22023");
        }
    }

    @Test
    void machineCredentialsAreALoginRoleThatMapsToItsUser(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        try (Connection c = u.connect()) {
            assertThat(value(c, "SELECT session_user::text")).isEqualTo(u.apiKey());
            assertThat(value(c, "SELECT \"auth\".\"get_current_username\"()")).isEqualTo(u.username());
            // A machine role cannot pose as another user through the claims setting.
            exec(c, "SELECT set_config('request.jwt.claims', ?, false)", "{\"username\": \"someone\", \"typ\": \"access\"}");
            assertThat(value(c, "SELECT \"auth\".\"get_current_username\"()")).isEqualTo(u.username());
            assertThat(column(c, "SELECT pg_has_role(session_user, 'registry_machine', 'MEMBER')::text")).containsExactly("true");
        }
        try (Connection admin = stack.engineAdmin().connect()) {
            assertThat(value(admin, "SELECT \"rolpassword\" FROM pg_authid WHERE \"rolname\" = ?", u.apiKey()))
                    .startsWith("SCRAM-SHA-256$4096:");
            assertThat(value(admin, "SELECT (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls)::text"
                    + " FROM pg_roles WHERE rolname = ?", u.apiKey())).isEqualTo("false");
        }
    }

    @Test
    void aWrongMachineSecretIsRejectedByPostgres(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        assertThat(sqlState(() -> u.machine().as(u.apiKey(), "0".repeat(40)).connect().close())).isEqualTo("28P01");
    }

    @Test
    void createMachineCredentialsWithAnAccessToken(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser u = users.create();
        String key;
        String secret;
        try (Connection c = users.asJwtUser(u.accessToken())) {
            assertThat(value(c, "SELECT \"auth\".\"get_current_username\"()")).isEqualTo(u.username());
            var row = Db.rows(c, "SELECT \"key\", \"secret\" FROM \"auth\".\"create_machine_credentials\"()").get(0);
            key = row.get(0);
            secret = row.get(1);
        }
        assertThat(key).matches("sgr_mc_[0-9a-f]{24}");
        try (Connection m = stack.login(key, secret).connect()) {
            assertThat(value(m, "SELECT \"auth\".\"get_current_username\"()")).isEqualTo(u.username());
        }
        try (Connection anon = users.asAnonymous()) {
            assertThat(value(anon, "SELECT coalesce(\"auth\".\"get_current_username\"(), 'anonymous')")).isEqualTo("anonymous");
            assertThat(sqlState(() -> value(anon, "SELECT \"key\" FROM \"auth\".\"create_machine_credentials\"()")))
                    .isEqualTo("42501");
        }
    }

    @Test
    void theJwtSecretIsReadableByNoApiRole(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser u = users.create();
        String read = "SELECT \"secret\" FROM \"auth_secret\".\"jwt_secret\"";
        try (Connection m = u.connect(); Connection jwt = users.asJwtUser(u.accessToken());
             Connection api = stack.registryApiUser().connect()) {
            for (Connection c : new Connection[] {m, jwt, api}) {
                assertThat(sqlState(() -> value(c, read))).isEqualTo("42501");
                assertThat(sqlState(() -> value(c, "SELECT \"auth\".\"jwt_sign\"('{}'::jsonb)"))).isEqualTo("42501");
                assertThat(value(c, "SELECT count(*) FROM pg_settings WHERE setting = ?", stack.secret("secret.auth.jwt")))
                        .isEqualTo("0");
            }
        }
    }

    @Test
    void machineRolesMayUseOnlyTheApi(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        try (Connection c = u.connect()) {
            for (String sql : new String[] {
                    "SELECT * FROM \"splitgraph_meta\".\"images\"",
                    "SELECT * FROM \"auth\".\"users\"",
                    "SELECT * FROM \"registry_meta\".\"repositories\"",
                    "CREATE TABLE \"public\".\"x\" (\"a\" int)",
                    "CREATE TEMP TABLE \"x\" (\"a\" int)",
                    "CREATE TABLE \"splitgraph_objects_upload\".\"x\" (\"a\" int)"}) {
                assertThat(sqlState(() -> exec(c, sql))).as(sql).isEqualTo("42501");
            }
        }
    }

    @Test
    void aRestServerSessionWritesAsTheTokensUserOnly(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser u = users.create();
        TestUser other = users.create();
        String image = Push.randomImageHash();
        try (Connection c = users.asJwtUser(u.accessToken())) {
            exec(c, "SELECT \"splitgraph_api\".\"add_image\"(?, ?, ?)", u.namespace(), "via-rest", image);
            assertThat(column(c, "SELECT \"image_hash\" FROM \"splitgraph_api\".\"get_images\"(?, ?)", u.namespace(), "via-rest"))
                    .containsExactly(image);
            assertThat(sqlState(() -> exec(c, "SELECT \"splitgraph_api\".\"add_image\"(?, ?, ?)", other.namespace(), "via-rest",
                    Push.randomImageHash()))).isEqualTo("42501");
            // Claims naming a user with another user's id are not trusted (rest-server verified them, but be strict).
            exec(c, "SELECT set_config('request.jwt.claims', ?, false)",
                    "{\"typ\": \"access\", \"username\": \"" + other.username() + "\", \"user_id\": \"" + u.userId() + "\"}");
            assertThat(value(c, "SELECT coalesce(\"auth\".\"get_current_username\"(), 'anonymous')")).isEqualTo("anonymous");
            // A refresh token's claims do not log in.
            exec(c, "SELECT set_config('request.jwt.claims', ?, false)", RegistryUsers.claimsJson(u.refreshToken()));
            assertThat(value(c, "SELECT coalesce(\"auth\".\"get_current_username\"(), 'anonymous')")).isEqualTo("anonymous");
        }
    }
}
