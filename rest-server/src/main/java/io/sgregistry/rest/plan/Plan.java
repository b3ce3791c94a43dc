package io.sgregistry.rest.plan;

import io.sgregistry.rest.query.BoundStatement;
import io.sgregistry.rest.query.Counting;
import io.sgregistry.rest.request.Action;
import io.sgregistry.rest.request.Negotiated;
import io.sgregistry.rest.schema.Catalog.Function;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.Catalog.Schema;

/** What the plan stage decided: the statement to run and what the response needs to know of it. */
public sealed interface Plan {
    /** The OpenAPI description of a schema. */
    record Info(Schema schema) implements Plan {
    }

    /** OPTIONS: the methods the target allows. */
    record Options(String allow) implements Plan {
    }

    /*
     * Each statement's media is what negotiation chose; with a plan asked for (media.explain()), the statement is
     * already the EXPLAIN of the one that would answer.
     */

    /**
     * A read of a relation; {@code offset} is where the page starts (for Content-Range);
     * {@code counting}: a planned or estimated count (null: none or exact); {@code streamed}: the
     * statement is {@link io.sgregistry.rest.query.SqlBuilder#readStream}'s, its rows sent as they come.
     */
    record Read(BoundStatement sql, Negotiated media, long offset, boolean counted, Counting counting, boolean streamed)
            implements Plan {
    }

    /**
     * A write to a relation; {@code upsert}: an insert's {@code Prefer: resolution} was honoured (PostgREST
     * ignores it, and does not report it, on a relation without a primary key and without {@code on_conflict}).
     */
    record Mutate(BoundStatement sql, Negotiated media, Action action, Relation relation, boolean upsert) implements Plan {
    }

    /** A function call; {@code readOnly} for GET and HEAD. */
    record Call(BoundStatement sql, Negotiated media, Function function, boolean readOnly, long offset, boolean counted)
            implements Plan {
    }
}
