package io.sgregistry.sgr.registry;

import io.sgregistry.sgr.SgrException;

import java.sql.SQLException;

/** The registry's SQLSTATEs (docs/registry-api.md) as messages that say what failed and what to do. */
public final class RegistryErrors {
    private RegistryErrors() {
    }

    public static SgrException during(String step, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String hint = switch (state) {
            case "42501" -> "you may write only to your own namespace (your username) and read only public repositories"
                    + " or your own; check the repository name, or push to <your username>/<repository>";
            case "P0002" -> "check the repository name and that it exists on the registry";
            case "22023" -> "the registry rejected a value (name, type or content hash); check the data and retry";
            case "23503" -> "an object or parent image is missing on the registry; push again to upload it";
            case "53100" -> "your storage quota on the registry is used up: delete images or repositories you no longer need "
                    + "(sgr rm -r, sgr prune -r; their space is free a day after they were pushed), or ask the registry's administrator for more";
            case "28P01" -> "the registry rejected the machine credentials; log in again (sgr cloud login) or fix SG_ENGINE_USER/PWD of the remote";
            default -> state.startsWith("08") ? "the connection to the registry broke; check the network and retry (nothing was registered)"
                    : "see the registry's message";
        };
        // The server's own sentence, without the PL/pgSQL call stack of its context lines.
        String message = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getMessage() : e.getMessage();
        return new SgrException(step + " failed on the registry: " + message, hint, e);
    }
}
