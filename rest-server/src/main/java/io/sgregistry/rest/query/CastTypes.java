package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.query.Ast.SelectItem;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type names of {@code select=col::type} casts, resolved by PostgreSQL before they go into a
 * statement: {@code to_regtype} parses the name, {@code format_type} gives its canonical, quoted
 * spelling, and only that spelling reaches the SQL text. A name that is no type (unknown, a keyword
 * such as {@code select}, two words that are no type such as {@code in t}) is a 400 naming the cast,
 * never PostgreSQL's "syntax error" about the statement rest-server built. Resolved names are kept
 * (types are not dropped under a running server; the cache is bounded).
 */
public final class CastTypes {
    /** Looks up one type name: its canonical spelling, empty when it is no type. */
    @FunctionalInterface
    public interface Lookup {
        Optional<String> canonical(String typeName) throws SQLException;
    }

    private static final int MAX_CACHED = 1_000;
    private final Lookup lookup;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    public CastTypes(Lookup lookup) {
        this.lookup = lookup;
    }

    /** Resolution on the given pool, outside the request's transaction (type names do not depend on the caller). */
    public static CastTypes on(DataSource pool) {
        return new CastTypes(name -> {
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT format_type(to_regtype(?), NULL)")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.ofNullable(rs.getString(1));
                } catch (SQLException e) {
                    // A name PostgreSQL cannot parse as a type name (SQLSTATE class 42: syntax error, ...).
                    if (e.getSQLState() != null && (e.getSQLState().startsWith("42") || e.getSQLState().startsWith("22")
                            || e.getSQLState().startsWith("3F"))) {
                        return Optional.empty();
                    }
                    throw e;
                } finally {
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                }
            }
        });
    }

    /** The query with every cast in its select list replaced by the type's canonical name. */
    public Ast.Query resolve(Ast.Query q) throws SQLException {
        if (!hasCast(q.select())) {
            return q;
        }
        return new Ast.Query(resolve(q.select()), q.where(), q.order(), q.limit(), q.offset(), q.onConflict(),
                q.columns(), q.embedded());
    }

    private static boolean hasCast(List<Ast.Selected> select) {
        for (Ast.Selected s : select) {
            if (s instanceof SelectItem i ? i.cast() != null || i.aggregateCast() != null : hasCast(((Ast.Embed) s).select())) {
                return true;
            }
        }
        return false;
    }

    private List<Ast.Selected> resolve(List<Ast.Selected> select) throws SQLException {
        List<Ast.Selected> items = new ArrayList<>(select.size());
        for (Ast.Selected s : select) {
            if (s instanceof SelectItem i) {
                items.add(i.cast() == null && i.aggregateCast() == null ? i : new SelectItem(i.field(), i.alias(),
                        i.cast() == null ? null : canonical(i.cast()), i.aggregate(),
                        i.aggregateCast() == null ? null : canonical(i.aggregateCast())));
            } else {
                Ast.Embed e = (Ast.Embed) s;
                items.add(new Ast.Embed(e.relation(), e.alias(), e.hint(), e.inner(), resolve(e.select()), e.spread()));
            }
        }
        return List.copyOf(items);
    }

    String canonical(String cast) throws SQLException {
        String hit = known.get(cast);
        if (hit != null) {
            return hit;
        }
        String name = lookup.canonical(cast).orElseThrow(() -> ApiError.parse("\"failed to parse select parameter\"",
                "unknown cast type '" + cast + "': expected a PostgreSQL type name such as text, integer or numeric"));
        if (known.size() < MAX_CACHED) {
            known.put(cast, name);
        }
        return name;
    }
}
