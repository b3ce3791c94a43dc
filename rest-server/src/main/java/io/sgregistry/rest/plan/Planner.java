package io.sgregistry.rest.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sgregistry.service.auth.VerifiedToken;
import io.sgregistry.rest.config.ServerConfig;
import io.sgregistry.rest.error.ErrorCode;
import io.sgregistry.rest.error.SqlErrors;
import io.sgregistry.rest.query.Ast;
import io.sgregistry.rest.query.CastTypes;
import io.sgregistry.rest.query.QueryParser;
import io.sgregistry.rest.query.BoundStatement;
import io.sgregistry.rest.query.SqlBuilder;
import io.sgregistry.rest.query.Counting;
import io.sgregistry.rest.query.SqlBuilder.ArgValue;
import io.sgregistry.rest.query.SqlBuilder.Paging;
import io.sgregistry.rest.query.SqlBuilder.Output;
import io.sgregistry.rest.query.SqlBuilder.Shape;
import io.sgregistry.rest.request.Action;
import io.sgregistry.rest.request.ApiRequest;
import io.sgregistry.rest.request.BodyType;
import io.sgregistry.rest.request.CallBody;
import io.sgregistry.rest.request.MediaType;
import io.sgregistry.rest.request.MediaHandler;
import io.sgregistry.rest.request.Negotiated;
import io.sgregistry.rest.request.Negotiation;
import io.sgregistry.rest.request.Payload;
import io.sgregistry.rest.request.RangeHeader;
import io.sgregistry.rest.request.Target;
import io.sgregistry.rest.schema.Catalog;
import io.sgregistry.rest.schema.Catalog.Column;
import io.sgregistry.rest.schema.Catalog.Function;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.Catalog.Schema;
import io.sgregistry.rest.schema.SchemaCache;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan stage: from a request and the schema cache to the statement (read, mutate or call), as
 * PostgREST plans. Names are checked against the catalogue here; nothing runs yet.
 */
public final class Planner {
    private final ServerConfig config;
    private final SchemaCache cache;
    private final CastTypes casts;

    public Planner(ServerConfig config, SchemaCache cache, CastTypes casts) {
        this.config = config;
        this.cache = cache;
        this.casts = casts;
    }

    public Plan plan(ApiRequest req, VerifiedToken session) {
        Action action = req.action();
        if (action == Action.INFO) {
            // The root answers its description whatever is accepted (the front door asks /auth/ for objects).
            return new Plan.Info(existing(req.schema()));
        }
        if (action == Action.OPTIONS) {
            return options(req);
        }
        if (req.target() instanceof Target.Routine r) {
            return call(req, r.name(), session);
        }
        Schema schema = existing(req.schema());
        Relation rel = relation(req.schema(), ((Target.Relation) req.target()).name());
        Ast.Query q = parse(req.params(), session);
        checkEmbeddedScopes(q);
        // Negotiated after the query is read, as PostgREST: a relation's own handlers need its default select.
        Negotiated media = Negotiation.negotiate(req.accept(), handlers(schema, rel.name(), null, defaultSelect(q)),
                config.planEnabled());
        Output shape = output(media);
        if (action == Action.READ) {
            q = maxRowsOnEmbeddings(q);
            RangeHeader.Page page = RangeHeader.page(q.limit(), q.offset(), req.range());
            Paging paging = new Paging(config.cappedLimit(page.limit()), page.offset());
            String count = req.prefer().count();
            // A plan explains the statement alone (no second EXPLAIN for a planned count, nothing streamed).
            Counting counting = count == null || count.equals("exact") || media.explain() != null ? null
                    : new Counting(count, SqlBuilder.countPlan(schema, rel, q), config.maxRows());
            if (counting == null && media.explain() == null && paging.limit() > config.streamAboveRows()
                    && (shape == Shape.ARRAY || shape == Shape.ARRAY_STRIPPED || shape == Shape.CSV)) {
                return new Plan.Read(SqlBuilder.readStream(schema, rel, q, paging, count != null, (Shape) shape), media, page.offset(),
                        count != null, null, true);
            }
            BoundStatement sql = SqlBuilder.read(schema, rel, q, paging, count != null && (counting == null || counting.inStatement()),
                    counting != null && count.equals("estimated") ? Long.valueOf(config.maxRows() + 1L) : null, shape);
            return new Plan.Read(explained(sql, media), media, page.offset(), count != null, counting, false);
        }
        // Rows are read back for return=representation, and for headers-only (the key for Location).
        boolean rows = req.prefer().representation() || req.prefer().headersOnly();
        // PostgREST ignores Prefer: resolution where no key says what a duplicate is.
        boolean upsert = action == Action.INSERT && req.prefer().resolution() != null
                && !(rel.primaryKey().isEmpty() && q.onConflict().isEmpty());
        BoundStatement sql = switch (action) {
            case DELETE -> SqlBuilder.delete(schema, rel, q, shape, rows);
            case INSERT -> {
                Payload body = Payload.parse(req.contentType(), req.body().text());
                if (q.columns().isEmpty() && !body.uniformKeys()) {
                    throw ErrorCode.INVALID_BODY.withMessage("All object keys must match", null, null);
                }
                SqlBuilder.Upsert resolution = !upsert ? SqlBuilder.Upsert.NONE
                        : req.prefer().resolution().equals("merge-duplicates") ? SqlBuilder.Upsert.MERGE : SqlBuilder.Upsert.IGNORE;
                yield SqlBuilder.insert(schema, rel, q, body, resolution, req.prefer().missingDefault(), shape, rows);
            }
            case UPDATE -> {
                yield SqlBuilder.update(schema, rel, q, patchBody(Payload.parse(req.contentType(), req.body().text())), shape, rows);
            }
            case SINGLE_UPSERT -> SingleUpsert.sql(schema, rel, q, Payload.parse(req.contentType(), req.body().text()), shape, rows);
            default -> throw new IllegalStateException("no plan for " + action);
        };
        return new Plan.Mutate(explained(sql, media), media, action, rel, upsert);
    }

    /**
     * OPTIONS: the methods the target allows, as PostgREST answers. A relation: reads, and the writes
     * PostgreSQL allows on it (PUT needs insert, update and a primary key); a function: POST, and GET
     * unless it is volatile; the root: reads. An unknown relation or function is a 404.
     */
    private Plan options(ApiRequest req) {
        if (req.target() instanceof Target.Relation r) {
            Relation rel = relation(req.schema(), r.name());
            Catalog.Writes w = rel.writes();
            StringBuilder allow = new StringBuilder("OPTIONS,GET,HEAD");
            if (w.insert()) {
                allow.append(",POST");
            }
            if (w.insert() && w.update() && !rel.primaryKey().isEmpty()) {
                allow.append(",PUT");
            }
            if (w.update()) {
                allow.append(",PATCH");
            }
            if (w.delete()) {
                allow.append(",DELETE");
            }
            return new Plan.Options(allow.toString());
        }
        if (req.target() instanceof Target.Routine r) {
            List<Function> candidates = existing(req.schema()).functions().getOrDefault(r.name(), List.of());
            if (candidates.isEmpty()) {
                throw ErrorCode.FUNCTION.withMessage("Could not find the function " + req.schema() + "." + r.name()
                        + " in the schema cache", null, null);
            }
            // A volatile function is only called by POST (GET runs read-only).
            return new Plan.Options(candidates.stream().anyMatch(f -> f.volatility() == 'v') ? "OPTIONS,POST" : "OPTIONS,GET,HEAD,POST");
        }
        existing(req.schema());
        return new Plan.Options("OPTIONS,GET,HEAD");
    }

    /** PostgREST's max-rows holds on every level of a read: each embedding's limit is capped too. */
    private Ast.Query maxRowsOnEmbeddings(Ast.Query q) {
        Map<String, Ast.Scope> scopes = new LinkedHashMap<>(q.embedded());
        capEmbeddings(q.select(), "", scopes);
        return new Ast.Query(q.select(), q.where(), q.order(), q.limit(), q.offset(), q.onConflict(), q.columns(), Map.copyOf(scopes));
    }

    private void capEmbeddings(List<Ast.Selected> select, String path, Map<String, Ast.Scope> scopes) {
        for (Ast.Selected s : select) {
            if (s instanceof Ast.Embed e) {
                String p = path.isEmpty() ? e.name() : path + "." + e.name();
                Ast.Scope sc = scopes.getOrDefault(p, Ast.Scope.NONE);
                scopes.put(p, new Ast.Scope(sc.where(), sc.order(), config.cappedLimit(sc.limit()), sc.offset()));
                capEmbeddings(e.select(), p, scopes);
            }
        }
    }

    /**
     * A PATCH body: an object, or an array as PostgREST takes it (its rows joined to every row to
     * update, so one row sets the values; none sets nothing).
     */
    private static Payload patchBody(Payload body) {
        JsonNode node = body.node();
        if (node.isObject()) {
            return body;
        }
        if (!node.isArray() || (node.size() > 0 && !node.get(0).isObject())) {
            throw ErrorCode.INVALID_BODY.error("PATCH expects a JSON object or an array of objects", null);
        }
        if (!body.uniformKeys()) {
            throw ErrorCode.INVALID_BODY.withMessage("All object keys must match", null, null);
        }
        return Payload.of(node.size() == 0 ? JsonNodeFactory.instance.objectNode() : node.get(0));
    }

    /** What the statement's body is: rest-server's own shape, or a database handler's result. */
    private static Output output(Negotiated media) {
        MediaType builtin = media.builtin();
        if (builtin == null) {
            return new SqlBuilder.Handled(media.handler());
        }
        return switch (builtin) {
            case OBJECT -> Shape.OBJECT;
            case ARRAY_STRIPPED -> Shape.ARRAY_STRIPPED;
            case OBJECT_STRIPPED -> Shape.OBJECT_STRIPPED;
            case CSV -> Shape.CSV;
            default -> Shape.ARRAY;
        };
    }

    /** PostgREST's default select, none or {@code *} alone: the rows are the relation's own, so its own handlers apply. */
    private static boolean defaultSelect(Ast.Query q) {
        return q.select().isEmpty() || q.select().size() == 1 && q.select().get(0) instanceof Ast.SelectItem s && s.star() && s.aggregate() == null
                && s.cast() == null && s.alias() == null;
    }

    /**
     * The media type handlers of a target (PostgREST's handler map, for one schema): the schema's aggregates over
     * the relation {@code relation} (a read's, or the one a function returns rows of), the function's own media
     * type if it returns one value of a media type domain, and for any rows rest-server's own with the schema's
     * {@code anyelement} aggregates over them.
     */
    private static Negotiation.Handlers handlers(Schema schema, String relation, Function function, boolean defaultSelect) {
        if (schema.mediaAggregates().isEmpty() && (function == null || function.returnsMedia() == null)) {
            // The usual schema: rest-server's own handlers only, nothing built per request.
            return defaultSelect ? Negotiation.Handlers.ROWS : new Negotiation.Handlers(Map.of(), Negotiation.Handlers.BUILTIN, false);
        }
        Map<String, MediaHandler> own = new LinkedHashMap<>();
        Map<String, MediaHandler> any = new LinkedHashMap<>(Negotiation.Handlers.BUILTIN);
        for (Catalog.MediaAggregate a : schema.mediaAggregates()) {
            MediaHandler h = new MediaHandler.Aggregate(schema.name(), a.name(), a.relation(), a.domain().mediaType(),
                    a.domain().binary());
            if (a.relation() == null) {
                any.put(a.domain().mediaType(), h);
            } else if (a.relation().equals(relation)) {
                own.put(a.domain().mediaType(), h);
            }
        }
        if (function != null && function.returnsMedia() != null && !function.returnsSet()) {
            own.put(function.returnsMedia().mediaType(), new MediaHandler.Scalar(function.returnsMedia().mediaType(),
                    function.returnsMedia().binary()));
        }
        return new Negotiation.Handlers(own, any, defaultSelect);
    }

    /**
     * A plan asked for ({@code application/vnd.pgrst.plan}): the statement under {@code EXPLAIN} with PostgREST's
     * format and options (from a fixed list, never the request's text); else the statement itself.
     */
    private static BoundStatement explained(BoundStatement sql, Negotiated media) {
        Negotiated.Explain e = media.explain();
        if (e == null) {
            return sql;
        }
        List<String> options = new ArrayList<>();
        options.add(e.json() ? "FORMAT JSON" : "FORMAT TEXT");
        e.options().forEach(o -> options.add(o.toUpperCase(java.util.Locale.ROOT)));
        return new BoundStatement("EXPLAIN (" + String.join(", ", options) + ") " + sql.text(), sql.params());
    }

    /** The query string parsed, its casts' type names resolved by PostgreSQL (see {@link CastTypes}). */
    private Ast.Query parse(List<Map.Entry<String, String>> params, VerifiedToken session) {
        Ast.Query q = QueryParser.parse(params);
        if (!config.aggregatesEnabled() && Ast.aggregates(q.select())) {
            // Off by default, as PostgREST's db-aggregates-enabled: a grouped read of a large table is costly.
            throw ErrorCode.AGGREGATES_NOT_ALLOWED.error(null, null);
        }
        try {
            return casts.resolve(q);
        } catch (SQLException e) {
            throw SqlErrors.toApiError(e, session.authenticated());
        }
    }

    private Schema existing(String name) {
        Schema schema = cache.get(name);
        if (!schema.exists() && !config.schemas().contains(name)) {
            throw ErrorCode.SCHEMA.withMessage("The schema " + name + " does not exist", null, null);
        }
        return schema;
    }

    private Relation relation(String schemaName, String name) {
        Relation rel = existing(schemaName).relations().get(name);
        if (rel == null) {
            throw ErrorCode.TABLE.withMessage("Could not find the table '" + schemaName + "." + name
                    + "' in the schema cache", null, null);
        }
        return rel;
    }

    private Plan call(ApiRequest req, String fnName, VerifiedToken session) {
        Schema schema = existing(req.schema());
        List<Function> candidates = schema.functions().getOrDefault(fnName, List.of());
        Map<String, ArgValue> args = new LinkedHashMap<>();
        List<Map.Entry<String, String>> rest = new ArrayList<>();
        boolean readOnly = req.action() == Action.CALL_READ;
        BodyType bodyType = BodyType.of(req.contentType());
        Function f;
        if (!readOnly) {
            CallBody body = CallBody.of(bodyType, req.body());
            f = lookup(schema, fnName, candidates).find(body.keys(), bodyType, true);
            if (RoutineLookup.singleUnnamed(f)) {
                args.put("", unnamedArgument(f, body));
            } else if (body instanceof CallBody.Named named) {
                namedArguments(candidates, named, args);
            }
            rest.addAll(req.params());
        } else {
            Map<String, List<String>> repeated = new LinkedHashMap<>();
            for (Map.Entry<String, String> p : req.params()) {
                if (QueryParser.callArgument(p.getKey(), p.getValue())) {
                    repeated.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue());
                } else {
                    rest.add(p);
                }
            }
            // A repeated parameter is the variadic array; otherwise the last value wins, as in PostgREST.
            repeated.forEach((k, values) -> args.put(k, variadic(candidates, k)
                    ? new ArgValue(jsonArray(values), true) : new ArgValue(values.get(values.size() - 1), false)));
            f = lookup(schema, fnName, candidates).find(args.keySet(), bodyType, false);
        }
        Ast.Query q = parse(rest, session);
        checkEmbeddedScopes(q);
        q = maxRowsOnEmbeddings(q);
        // PostgREST's handlers of a call are those of the relation whose rows it returns, else the function's own.
        Relation returned = SqlBuilder.returnedRelation(schema, f);
        Negotiated media = Negotiation.negotiate(req.accept(),
                handlers(schema, returned != null ? returned.name() : f.name(), f, defaultSelect(q)), config.planEnabled());
        RangeHeader.Page page = RangeHeader.page(q.limit(), q.offset(), req.range());
        Paging paging = f.returnsSet() ? new Paging(config.cappedLimit(page.limit()), page.offset()) : Paging.ALL;
        Map<String, Column> resultColumns = new LinkedHashMap<>();
        f.resultColumns().forEach(n -> resultColumns.put(n, new Column(n, "unknown", true, false)));
        // PostgREST counts a call's rows for exact and estimated; a planned count of a call is not made.
        boolean counted = req.prefer().counted() && !"planned".equals(req.prefer().count()) && f.returnsSet();
        BoundStatement sql = SqlBuilder.call(schema, f, args, q, resultColumns, paging, counted, output(media));
        return new Plan.Call(explained(sql, media), media, f, readOnly, paging.offset(), counted);
    }

    /** How a call finds its overload among {@code candidates}, every function of the schema known for its hint. */
    private static RoutineLookup lookup(Schema schema, String fnName, List<Function> candidates) {
        Set<String> names = new LinkedHashSet<>();
        schema.functions().forEach((name, overloads) -> {
            if (overloads.stream().anyMatch(RoutineLookup::callable)) {
                names.add(name);
            }
        });
        return new RoutineLookup(schema.name(), fnName, candidates, names);
    }

    /** The body whole, for a function's single unnamed parameter: bytes for bytea, else its text. */
    private static ArgValue unnamedArgument(Function f, CallBody body) {
        if (body instanceof CallBody.Raw raw) {
            return f.params().get(0).type().equals("bytea") ? ArgValue.bytes(raw.body().bytes())
                    : new ArgValue(raw.body().text(), false);
        }
        return new ArgValue(((CallBody.Named) body).text(), false);
    }

    /** The body's object as named arguments (a scalar's text, else the JSON document; one value of a variadic parameter, an array of it). */
    private static void namedArguments(List<Function> candidates, CallBody.Named body, Map<String, ArgValue> args) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.arguments().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isArray() && variadic(candidates, e.getKey())) {
                // One value for a variadic parameter is an array of one (a form's v=hi).
                args.put(e.getKey(), new ArgValue(jsonArray(List.of(v.asText())), true));
                continue;
            }
            args.put(e.getKey(), v.isNull() ? new ArgValue(null, false)
                    : new ArgValue(v.isValueNode() ? v.asText() : v.toString(), v.isArray()));
        }
    }

    /** Every {@code a.b.param} names an embedding of the select list (PGRST108 otherwise). */
    private static void checkEmbeddedScopes(Ast.Query q) {
        Set<String> paths = new java.util.HashSet<>();
        collectPaths(q.select(), "", paths);
        for (String path : q.embedded().keySet()) {
            if (!paths.contains(path)) {
                String[] parts = path.split("\\.");
                String missing = parts[parts.length - 1];
                StringBuilder prefix = new StringBuilder();
                for (String part : parts) {
                    String candidate = prefix.length() == 0 ? part : prefix + "." + part;
                    if (!paths.contains(candidate)) {
                        missing = part;
                        break;
                    }
                    prefix.setLength(0);
                    prefix.append(candidate);
                }
                throw ErrorCode.EMBED_FILTER.withMessage("'" + missing + "' is not an embedded resource in this request", null,
                        "Verify that '" + missing + "' is included in the 'select' query parameter.");
            }
        }
    }

    private static void collectPaths(List<Ast.Selected> select, String prefix, Set<String> out) {
        for (Ast.Selected s : select) {
            if (s instanceof Ast.Embed e) {
                String path = prefix.isEmpty() ? e.name() : prefix + "." + e.name();
                out.add(path);
                collectPaths(e.select(), path, out);
            }
        }
    }

    private static boolean variadic(List<Function> candidates, String name) {
        return candidates.stream().flatMap(f -> f.params().stream()).anyMatch(p -> p.variadic() && p.name().equals(name));
    }

    private static String jsonArray(List<String> values) {
        com.fasterxml.jackson.databind.node.ArrayNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a.toString();
    }
}
