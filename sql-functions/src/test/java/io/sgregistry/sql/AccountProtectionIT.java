package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.failure;
import static io.sgregistry.sql.Db.sqlState;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts: logins locked per account with backoff (known and unknown names alike), the same time for
 * unknown and existing users, registration that does not confirm an email, and passwords over 72 bytes
 * refused (bcrypt would ignore the rest).
 */
@RegistryEngineTest
class AccountProtectionIT {

    /**
     * Names that match no account share 64 failure counters (by a hash of the name). A counter that
     * an earlier test drove into a lockout would refuse another test's random names with PGRST, so
     * every test starts from cleared shared counters (the per-account ones belong to new accounts).
     */
    @BeforeEach
    void clearTheSharedCountersOfUnknownNames(RegistryDatabase stack) throws Exception {
        try (Connection c = stack.engineAdmin().connect()) {
            exec(c, "DO $$ BEGIN FOR i IN 0..63 LOOP EXECUTE format('ALTER SEQUENCE auth_throttle.%I RESTART', 'unknown_' || i); "
                    + "END LOOP; END $$");
        }
    }
    private static final String LOGIN = "SELECT \"auth\".\"refresh_token\"(?, ?)";
    private static final String KEY_LOGIN = "SELECT \"auth\".\"access_token\"(api_key => ?, api_secret => ?)";
    private static final String REGISTER = "SELECT \"user_id\" FROM \"auth\".\"register_user\"(?, ?, ?)";

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The lockout's Retry-After in seconds, after checking that the error is the throttle's. */
    private static int lockedFor(SQLException e) {
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("PGRST");
        assertThat(e.getMessage()).contains("\"code\" : \"TOO_MANY_LOGINS\"");
        String detail = ((PSQLException) e).getServerErrorMessage().getDetail();
        assertThat(detail).contains("\"status\" : 429");
        return Integer.parseInt(detail.replaceAll(".*\"Retry-After\" : \"(\\d+)\".*", "$1"));
    }

    @Test
    void wrongPasswordsLockTheAccountWithBackoffThoughEachFailureRollsBack(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser u = users.create();
        try (Connection c = users.asAnonymous()) {
            for (int i = 0; i < 5; i++) {
                assertThat(sqlState(() -> value(c, LOGIN, u.username(), "wrong-password"))).isEqualTo("28P01");
            }
            // Locked now, the right password included; the name's case does not matter.
            int wait = lockedFor(failure(() -> value(c, LOGIN, u.username().toUpperCase(), u.password())));
            assertThat(wait).isBetween(1, 2);
            Thread.sleep(wait * 1000L + 200);
            // One more failure after the lock: locked again, for twice as long.
            assertThat(sqlState(() -> value(c, LOGIN, u.username(), "wrong-password"))).isEqualTo("28P01");
            int longer = lockedFor(failure(() -> value(c, LOGIN, u.username(), u.password())));
            assertThat(longer).isBetween(3, 4);
            Thread.sleep(longer * 1000L + 200);
            // The right password clears the count: the next failure is an ordinary one.
            assertThat(value(c, LOGIN, u.username(), u.password())).isNotBlank();
            assertThat(sqlState(() -> value(c, LOGIN, u.username(), "wrong-password"))).isEqualTo("28P01");
            assertThat(value(c, LOGIN, u.username(), u.password())).isNotBlank();
        }
        // Another account is not affected by this one's lock.
        TestUser other = users.create();
        try (Connection c = users.asAnonymous()) {
            assertThat(value(c, LOGIN, other.username(), other.password())).isNotBlank();
        }
    }

    @Test
    void anUnknownNameFailsAndLocksLikeAKnownOne(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        String nobody = unique("nobody");
        try (Connection c = users.asAnonymous()) {
            for (int i = 0; i < 5; i++) {
                SQLException e = failure(() -> value(c, LOGIN, nobody, "wrong-password"));
                assertThat(e.getSQLState()).isEqualTo("28P01");
                assertThat(e.getMessage()).contains("invalid username or password");
            }
            assertThat(lockedFor(failure(() -> value(c, LOGIN, nobody, "wrong-password")))).isBetween(1, 2);
        }
    }

    @Test
    void apiKeysAreLockedPerKey(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser u = users.create();
        TestUser other = users.create();
        try (Connection c = users.asAnonymous()) {
            for (int i = 0; i < 5; i++) {
                assertThat(sqlState(() -> value(c, KEY_LOGIN, u.apiKey(), "0".repeat(40)))).isEqualTo("28P01");
            }
            lockedFor(failure(() -> value(c, KEY_LOGIN, u.apiKey(), u.apiSecret())));
            assertThat(value(c, KEY_LOGIN, other.apiKey(), other.apiSecret())).isNotBlank();
            // The user's password login is a different account of the throttle.
            assertThat(value(c, LOGIN, u.username(), u.password())).isNotBlank();
        }
    }

    @Test
    void unknownAndExistingUsersTakeTheSameTime(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        List<TestUser> existing = List.of(users.create(), users.create(), users.create());
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        try (Connection c = users.asAnonymous()) {
            value(c, "SELECT 1");
            // Four tries per user (a fifth failure would lock it), alternated with unknown names so that
            // the machine's load weighs on both; medians, because a shared machine has outliers.
            for (int i = 0; i < 4; i++) {
                for (TestUser u : existing) {
                    known.add(timeOfFailure(c, u.username()));
                    unknown.add(timeOfFailure(c, unique("nobody")));
                }
            }
        }
        long k = median(known);
        long n = median(unknown);
        System.out.printf("login failure, median of %d: existing user %.1f ms, unknown user %.1f ms%n",
                known.size(), k / 1e6, n / 1e6);
        // Before: 67 ms against 8 ms (a ratio of 0.12), the bcrypt of the existing user's hash alone.
        assertThat((double) n / k).as("unknown %d ns / existing %d ns", n, k).isBetween(0.4, 2.5);
    }

    private static long timeOfFailure(Connection c, String username) {
        long t0 = System.nanoTime();
        assertThat(sqlState(() -> value(c, LOGIN, username, "wrong-password"))).isEqualTo("28P01");
        return System.nanoTime() - t0;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    @Test
    void registrationDoesNotTellWhetherAnEmailIsRegistered(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser u = users.create();
        try (Connection c = users.asAnonymous()) {
            // Same address, other case too: registered like any other, nothing said about the address.
            assertThat(value(c, REGISTER, unique("mail"), "another-password", u.email())).isNotBlank();
            assertThat(value(c, REGISTER, unique("mail"), "another-password", u.email().toUpperCase())).isNotBlank();
        }
    }

    @Test
    void passwordsLongerThan72BytesAreRefusedAtRegistrationAndLogin(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        try (Connection c = users.asAnonymous()) {
            String name = unique("long");
            String max = "p".repeat(72);
            // 37 characters, 74 bytes in UTF-8.
            for (String tooLong : new String[] {max + "q", "é".repeat(37)}) {
                SQLException e = failure(() -> value(c, REGISTER, unique("long"), tooLong, "x@example.test"));
                assertThat(e.getSQLState()).isEqualTo("22023");
                assertThat(e.getMessage()).contains("72 bytes");
            }
            assertThat(value(c, REGISTER, name, max, name + "@example.test")).isNotBlank();
            assertThat(value(c, LOGIN, name, max)).isNotBlank();
            // bcrypt would accept this one (its first 72 bytes are the password): refused instead.
            assertThat(sqlState(() -> value(c, LOGIN, name, max + "anything"))).isEqualTo("22023");
            exec(c, "SELECT 1");
        }
    }
}
