package io.sgregistry.rest.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.sgregistry.rest.error.ErrorCode;
import io.sgregistry.rest.query.Ast;
import io.sgregistry.rest.query.BoundStatement;
import io.sgregistry.rest.query.SqlBuilder;
import io.sgregistry.rest.request.Payload;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.Catalog.Schema;

import java.util.HashMap;
import java.util.Map;

/**
 * PUT: insert or replace one row named by its whole primary key, as PostgREST's single upsert. The
 * filters must be {@code eq} on every key column and nothing else; no limit or offset; the body's key
 * values must be the filters'. Of an array body only the first object is put.
 */
final class SingleUpsert {
    private SingleUpsert() {
    }

    static BoundStatement sql(Schema schema, Relation rel, Ast.Query q, Payload body, SqlBuilder.Output shape, boolean rows) {
        if (q.limit() != null || q.offset() != null) {
            throw ErrorCode.PUT_LIMIT.error(null, null);
        }
        Map<String, String> keyFilters = new HashMap<>();
        for (Ast.Condition c : q.where()) {
            if (!(c instanceof Ast.Filter f) || f.negated() || f.op() != Ast.Op.EQ || f.modifier() != null
                    || f.path() != null || keyFilters.put(f.column(), f.value()) != null) {
                throw ErrorCode.INVALID_PUT.error(null, null);
            }
        }
        if (rel.primaryKey().isEmpty() || !keyFilters.keySet().equals(new java.util.HashSet<>(rel.primaryKey()))) {
            throw ErrorCode.INVALID_PUT.error(null, null);
        }
        JsonNode row = body.node().isArray() ? body.node().path(0) : body.node();
        if (!row.isObject()) {
            throw ErrorCode.INVALID_BODY.error("PUT expects one JSON object", null);
        }
        for (String k : rel.primaryKey()) {
            JsonNode v = row.get(k);
            if (v == null || v.isNull() || !v.asText().equals(keyFilters.get(k))) {
                throw ErrorCode.PUT_KEY.error(null, null);
            }
        }
        // The embeddings' own filters, order and limits shape the representation as they do a read's.
        Ast.Query upsert = new Ast.Query(q.select(), q.where(), q.order(), null, null, rel.primaryKey(), q.columns(), q.embedded());
        return SqlBuilder.insert(schema, rel, upsert, Payload.of(row), SqlBuilder.Upsert.PUT, false, shape, rows);
    }
}
