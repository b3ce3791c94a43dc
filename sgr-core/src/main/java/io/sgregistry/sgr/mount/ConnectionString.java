package io.sgregistry.sgr.mount;

import io.sgregistry.sgr.SgrException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splitgraph's mount connection string {@code username:password@host:port} ({@code sgr mount -c},
 * and the Splitfile's {@code FROM MOUNT handler conn '{...}'}). The host is resolved by the engine
 * that mounts, not by the client.
 */
public record ConnectionString(String username, String password, String host, int port) {
    // Splitgraph's pattern: (\S+):(\S+)@(.+):(\d+); the first ':' splits user and password.
    private static final Pattern FORM = Pattern.compile("([^\\s:]+):(\\S+)@(.+):(\\d+)");

    public static ConnectionString parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new SgrException("'" + redact(text) + "' is not a connection string",
                    "write username:password@host:port (the host as the local engine sees it)");
        }
        int port = Integer.parseInt(m.group(4));
        if (port < 1 || port > 65535) {
            throw new SgrException("port " + m.group(4) + " of the connection string is out of range", "give a port from 1 to 65535");
        }
        return new ConnectionString(m.group(1), m.group(2), m.group(3), port);
    }

    /** The string with the password hidden, for messages and logs. */
    public static String redact(String text) {
        return text.replaceAll("^([^:@\\s]*):[^@]*@", "$1:***@");
    }

    @Override
    public String toString() {
        return username + ":***@" + host + ":" + port;
    }
}
