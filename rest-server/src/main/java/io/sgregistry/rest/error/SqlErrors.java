package io.sgregistry.rest.error;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/** PostgREST's SQLSTATE -> HTTP status mapping (docs: "Errors", "SQLSTATE to HTTP status"). */
public final class SqlErrors {
    private SqlErrors() {
    }

    public static int status(String sqlState, boolean authenticated) {
        if (sqlState == null) {
            return 500;
        }
        return switch (sqlState) {
            case "23503", "23505" -> 409;
            case "25006" -> 405;
            case "42501" -> authenticated ? 403 : 401;
            case "42883" -> 404;
            case "42P01" -> 404;
            case "42P17" -> 500;
            case "53400" -> 500;
            case "57014" -> 500;
            case "P0001" -> 400;
            case "PT404" -> 404;
            default -> {
                String cls = sqlState.substring(0, 2);
                yield switch (cls) {
                    case "08" -> 503;
                    case "09" -> 500;
                    case "0L", "0P" -> 403;
                    case "23" -> 400;
                    case "22" -> 400;
                    case "25" -> 500;
                    case "28" -> 403;
                    case "2D", "38", "39", "3B", "40", "53", "54", "55", "57", "58", "F0", "HV", "P0", "XX" -> 500;
                    case "42" -> 400;
                    default -> 400;
                };
            }
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
        }
        if ("PGRST".equals(state)) {
            return RaisedError.of(message, details);
        }
        int status = status(state, authenticated);
        java.util.Map<String, String> headers = status == 401
                ? java.util.Map.of("WWW-Authenticate", "Bearer") : java.util.Map.of();
        return new ApiError(status, state, message, details, hint, headers);
    }
}
