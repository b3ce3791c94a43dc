package io.sgregistry.sgr.engine;

import io.sgregistry.sgr.SgrException;

import java.sql.SQLException;

/** Maps PostgreSQL errors (by SQLSTATE) to messages that say what failed and what to do. */
public final class EngineErrors {
    private EngineErrors() {
    }

    public static SgrException onConnect(Endpoint e, SQLException ex) {
        String state = ex.getSQLState() == null ? "" : ex.getSQLState();
        if (state.equals("28P01") || state.equals("28000")) {
            return new SgrException("the engine at " + e.host() + ":" + e.port() + " rejected user " + e.user()
                    + " (wrong password or user): " + ex.getMessage(),
                    "check SG_ENGINE_USER and SG_ENGINE_PWD in .sgconfig or the environment", ex);
        }
        if (state.equals("3D000")) {
            return new SgrException("database " + e.database() + " does not exist on " + e.host() + ":" + e.port(),
                    "run 'sgr init' to create it, or set SG_ENGINE_DB_NAME", ex);
        }
        if (state.startsWith("08")) {
            return new SgrException("cannot reach the engine at " + e.host() + ":" + e.port() + ": " + ex.getMessage(),
                    "start it (e.g. 'docker compose --profile client up -d client-engine') or fix SG_ENGINE_HOST/SG_ENGINE_PORT", ex);
        }
        return new SgrException("cannot connect to " + e + ": " + ex.getMessage(), "check the engine settings in .sgconfig", ex);
    }

    /** An error while running a step: names the step, keeps the server's message. */
    public static SgrException during(String step, SQLException ex) {
        String state = ex.getSQLState() == null ? "" : ex.getSQLState();
        String hint = switch (state) {
            case "42501" -> "the engine user lacks a privilege for this; use a user that owns the data";
            case "3F000", "42P01" -> "run 'sgr init' first (creates splitgraph_meta), or check the repository and table names";
            case "57014" -> "the statement timed out; try again or with less data";
            default -> state.startsWith("08") ? "the connection to the engine broke; check that it is running and retry"
                    : "see the engine's message above";
        };
        return new SgrException(step + " failed: " + ex.getMessage(), hint, ex);
    }
}
