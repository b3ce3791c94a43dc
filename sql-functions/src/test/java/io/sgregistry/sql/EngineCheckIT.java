package io.sgregistry.sql;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;

import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HAProxy's health check of the engine never refuses a client of the front door's PostgreSQL port:
 * on a busy machine a slow check once marked the one engine down and HAProxy closed every new
 * connection (clients saw SQLSTATE 08001, and RegistryIT retried them). Here the check is pointed at
 * a closed port through HAProxy's admin socket, so it really fails and the engine counts as down,
 * while the engine itself is fine: a user still logs in through haproxy:5431.
 */
@RegistryStackTest
class EngineCheckIT {
    /** Sends one command to HAProxy's admin socket inside its container (perl is in every Debian image). */
    private static String admin(Stack stack, String command) {
        String perl = "use IO::Socket::UNIX; my $s = IO::Socket::UNIX->new(Peer => '/var/run/haproxy/admin.sock') or die $!;"
                + " print $s \"$ARGV[0]\\n\"; print while <$s>;";
        return stack.compose(Duration.ofSeconds(30), "exec", "-T", "haproxy", "perl", "-e", perl, command)
                .requireSuccess("haproxy admin: " + command).output();
    }

    /** srv_op_state of the checked server: 0 stopped (down), 2 running. */
    private static String checkedServerState(Stack stack) {
        return admin(stack, "show servers state engine").lines().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length > 5 && f[1].equals("engine") && f[3].equals("engine")).map(f -> f[5])
                .findFirst().orElseThrow(() -> new AssertionError("no server engine/engine in HAProxy's state"));
    }

    private static void awaitState(Stack stack, String state, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!checkedServerState(stack).equals(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("engine/engine did not reach state " + state + " within " + limit.toSeconds() + " s");
            }
            Thread.sleep(500);
        }
    }

    @Test
    void anEngineThatFailsItsCheckStillServesClients(Stack stack) throws Exception {
        TestUser user = new RegistryUsers(stack).create("checked");
        String backupAddress = admin(stack, "show servers state engine").lines().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length > 5 && f[3].equals("engine-unchecked")).map(f -> f[4]).findFirst().orElse("-");
        assertThat(backupAddress).as("the unchecked backup resolved the engine's address").isNotEqualTo("-");
        try {
            // Checks now go to a port nobody listens on: after five misses (about 10 s) the engine counts as down.
            admin(stack, "set server engine/engine check-port 1");
            awaitState(stack, "0", Duration.ofSeconds(40));
            for (int i = 0; i < 5; i++) {
                try (Connection c = user.connect()) {
                    assertThat(value(c, "SELECT \"auth\".\"get_current_username\"()")).isEqualTo(user.username());
                }
            }
        } finally {
            admin(stack, "set server engine/engine check-port 5432");
            awaitState(stack, "2", Duration.ofSeconds(40));
        }
    }
}
