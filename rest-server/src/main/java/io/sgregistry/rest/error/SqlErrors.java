package io.sgregistry.rest.error;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.Map;

/** PostgREST's SQLSTATE -> HTTP status mapping (docs: "Errors", "SQLSTATE to HTTP status"). */
public final class SqlErrors {
    private SqlErrors() {
    }

    /** The status of a PostgreSQL error; {@code message} decides the few codes PostgREST splits by message. */
    public static int status(String sqlState, String message, boolean authenticated) {
        if (sqlState == null || sqlState.length() < 2) {
            return 500;
        }
        String m = message == null ? "" : message;
        switch (sqlState) {
            case "23503", "23505":
                return 409;
            case "25006":
                return 405;
            case "21000":
                // pg-safeupdate's refusal is the caller's; any other cardinality violation is the server's.
                return m.endsWith("requires a WHERE clause") ? 400 : 500;
            case "22023":
                // SET ROLE to a role that does not exist: the token names an unknown role.
                return m.startsWith("role") && m.endsWith("does not exist") ? 401 : 400;
            case "53400", "42P17":
                return 500;
            case "57P01":
                return 503;
            case "42883":
                return m.startsWith("function xmlagg(") ? 406 : 404;
            case "42P01":
                return 404;
            case "42501":
                return authenticated ? 403 : 401;
            case "P0001":
                return 400;
            default:
                break;
        }
        if (sqlState.startsWith("PT")) {
            try {
                int s = Integer.parseInt(sqlState.substring(2));
                return s >= 100 && s <= 599 ? s : 500;
            } catch (NumberFormatException e) {
                return 500;
            }
        }
        return switch (sqlState.substring(0, 2)) {
            case "08" -> 503;
            case "09" -> 500;
            case "0L", "0P" -> 403;
            case "25" -> 500;
            case "28" -> 403;
            case "2D", "38", "39", "3B", "40" -> 500;
            case "53" -> 503;
            case "54", "55", "57", "58", "F0", "HV", "P0", "XX" -> 500;
            default -> 400;
        };
    }

    public static ApiError toApiError(SQLException e, boolean authenticated) {
        String state = e.getSQLState();
        String message = e.getMessage();
        String details = null;
        String hint = null;
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            ServerErrorMessage m = pe.getServerErrorMessage();
            message = m.getMessage();
            details = m.getDetail();
            hint = m.getHint();
        } else if (state != null && state.startsWith("08")) {
            // The driver's own errors (no server message): the connection failed.
            return ErrorCode.CONNECTION.error(null, null);
        }
        if ("PGRST".equals(state)) {
            return RaisedError.of(message, details);
        }
        int status = status(state, message, authenticated);
        Map<String, String> headers = status == 401 ? Map.of("WWW-Authenticate", "Bearer") : Map.of();
        return new ApiError(status, state, message, details, hint, headers);
    }
}
