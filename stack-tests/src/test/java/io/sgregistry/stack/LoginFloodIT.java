package io.sgregistry.stack;

import io.sgregistry.fixtures.PgEndpoint;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of half-open logins (startup packet sent, password challenge never answered) through the
 * front door does not lock an honest user out: HAProxy caps connections per source and in total, and
 * the engine drops unfinished logins after 5 s.
 */
@RegistryStackTest
class LoginFloodIT {
    private static final int FLOOD = 205;

    /** A v3 startup packet for {@code user} on database splitgraph. */
    private static byte[] startupPacket(String user) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        d.writeInt(196608);
        for (String s : new String[] {"user", user, "database", "splitgraph"}) {
            d.write(s.getBytes(StandardCharsets.UTF_8));
            d.write(0);
        }
        d.write(0);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(packet);
        p.writeInt(body.size() + 4);
        p.write(body.toByteArray());
        return packet.toByteArray();
    }

    /** True if the peer closed the socket (EOF or reset) within the socket's read time-out. */
    private static boolean closedByPeer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[512];
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void aFloodOfHalfOpenLoginsDoesNotLockOutAnHonestUser(Stack stack) throws Exception {
        TestUser honest = new RegistryUsers(stack).create("honest");
        PgEndpoint door = stack.frontDoorPostgres("nobody", "x");
        List<Socket> flood = new ArrayList<>();
        try {
            byte[] packet = startupPacket("flood_" + System.nanoTime());
            for (int i = 0; i < FLOOD; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(door.host(), door.port()), 5000);
                s.getOutputStream().write(packet);
                s.getOutputStream().flush();
                flood.add(s);
            }
            // Beyond 64 from one source, HAProxy refuses at once: at most 64 are held open.
            List<Socket> held = new ArrayList<>();
            for (Socket s : flood) {
                s.setSoTimeout(50);
                if (!closedByPeer(s)) {
                    held.add(s);
                }
            }
            assertThat(held.size()).as("flood connections held open from one source").isLessThanOrEqualTo(64);
            assertThat(FLOOD - held.size()).as("connections over the per-source cap are closed at once").isGreaterThanOrEqualTo(FLOOD - 64);

            // The honest user gets in well before the old 60 s authentication_timeout would have freed the slots.
            long start = System.nanoTime();
            SQLException last = null;
            String me = null;
            while (me == null && System.nanoTime() - start < 15_000_000_000L) {
                try (Connection c = honest.connect()) {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT \"auth\".\"get_current_username\"()")) {
                        rs.next();
                        me = rs.getString(1);
                    }
                } catch (SQLException e) {
                    last = e;
                    Thread.sleep(250);
                }
            }
            assertThat(me).as("honest login during the flood (last error: %s)", last).isEqualTo(honest.username());
            // The engine itself dropped the half-open logins it held (authentication_timeout).
            for (Socket s : held) {
                s.setSoTimeout(8000);
                assertThat(closedByPeer(s)).as("a half-open login is dropped after authentication_timeout").isTrue();
            }
        } finally {
            for (Socket s : flood) {
                s.close();
            }
        }
    }
}
