package io.sgregistry.rest.spec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgREST's RollbackSpec.hs, ported whole: one server per {@code db.tx_end} (PostgREST's
 * tx-allow-override and tx-rollback-all), each asked the same cases without {@code Prefer: tx}, with
 * {@code tx=commit} and with {@code tx=rollback} (one invocation each): reads answer the same, writes
 * persist or not, constraints fail (deferred ones too, also when the transaction rolls back), and
 * {@code Preference-Applied} names the tx only when the server honoured it. The servers that commit
 * write to the shared fixtures: each case removes the items it made (ids 0 and below) itself, and
 * again after it, so a failing case leaves nothing behind for other classes.
 */
class RollbackSpecIT {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String UNIQUE_VIOLATION = "{\"hint\":null,\"details\":\"Key (col)=(1) already exists.\",\"code\":\"23505\","
            + "\"message\":\"duplicate key value violates unique constraint \\\"deferrable_unique_constraint_col_key\\\"\"}";

    /** The Prefer headers of a case: PostgREST's preferDefault, preferCommit and preferRollback. */
    enum Tx {
        NONE(null), COMMIT("commit"), ROLLBACK("rollback");

        final String value;

        Tx(String value) {
            this.value = value;
        }

        String[] headers() {
            return value == null ? new String[]{"Prefer", "return=representation"}
                    : new String[]{"Prefer", "return=representation", "Prefer", "tx=" + value};
        }
    }

    /** db.tx_end = rollback-allow-override (tx-rollback-all, tx-allow-override): PostgREST's baseCfg. */
    @Nested
    @Spec(txEnd = "rollback-allow-override")
    class RollbackAllowOverride extends Cases {
        RollbackAllowOverride(SpecClient api) {
            super(api);
        }

        @Override
        boolean persists(Tx tx) {
            return tx == Tx.COMMIT;
        }

        @Override
        boolean applied(Tx tx) {
            return tx != Tx.NONE;
        }
    }

    /** db.tx_end = commit (tx-rollback-all and tx-allow-override false): Prefer: tx is ignored. */
    @Nested
    @Spec(txEnd = "commit")
    class Commit extends Cases {
        Commit(SpecClient api) {
            super(api);
        }

        @Override
        boolean persists(Tx tx) {
            return true;
        }

        @Override
        boolean applied(Tx tx) {
            return false;
        }
    }

    /** db.tx_end = rollback (tx-rollback-all, no override): nothing persists, Prefer: tx is ignored. */
    @Nested
    @Spec(txEnd = "rollback")
    class Rollback extends Cases {
        Rollback(SpecClient api) {
            super(api);
        }

        @Override
        boolean persists(Tx tx) {
            return false;
        }

        @Override
        boolean applied(Tx tx) {
            return false;
        }
    }

    /** The cases every server answers, each once per {@link Tx}. */
    abstract static class Cases {
        final SpecClient api;

        Cases(SpecClient api) {
            this.api = api;
        }

        /** Whether this server keeps the writes of a request with these Prefer headers. */
        abstract boolean persists(Tx tx);

        /** Whether this server honours (and reports) the request's tx. */
        abstract boolean applied(Tx tx);

        /** Preference-Applied names the tx when honoured, and no tx otherwise (an error never does). */
        void appliedTx(SpecClient.Reply r, Tx tx, boolean honoured) {
            String header = r.header("Preference-Applied");
            if (honoured) {
                assertThat(header).as("Preference-Applied").contains("tx=" + tx.value);
            } else {
                assertThat(header == null ? "" : header).as("Preference-Applied").doesNotContain("tx=");
            }
        }

        /** PostgREST's postItem: item 0 made and committed (where the server lets a request commit). */
        void postItem() {
            api.post("/items", "{\"id\":0}", "Prefer", "tx=commit", "Prefer", "resolution=ignore-duplicates").status(201).body("")
                    .header("Content-Type", null).header("Content-Length", "0");
        }

        /** PostgREST's deleteItems: the items a case made, removed and committed. */
        void deleteItems() {
            api.delete("/items?id=lte.0", "Prefer", "tx=commit").status(204).body("")
                    .header("Content-Type", null).header("Content-Length", null);
        }

        @AfterEach
        void removeWhatACaseLeft() {
            api.delete("/items?id=lte.0", "Prefer", "tx=commit");
        }

        // shouldRespondToReads

        @ParameterizedTest
        @EnumSource(Tx.class)
        void respondsToGet(Tx tx) {
            appliedTx(api.get("/items?id=eq.1", tx.headers()).is(200, "[{\"id\":1}]"), tx, applied(tx));
        }

        @ParameterizedTest
        @EnumSource(Tx.class)
        void respondsToHead(Tx tx) {
            appliedTx(api.request("HEAD", "/items?id=eq.1", null, tx.headers()).status(200).body("")
                    .header("Content-Type", JSON_TYPE), tx, applied(tx));
        }

        @ParameterizedTest
        @EnumSource(Tx.class)
        void respondsToGetOnRpc(Tx tx) {
            appliedTx(api.get("/rpc/search?id=1", tx.headers()).is(200, "[{\"id\":1}]"), tx, applied(tx));
        }

        @ParameterizedTest
        @EnumSource(Tx.class)
        void respondsToPostOnRpc(Tx tx) {
            appliedTx(api.post("/rpc/search", "{\"id\":1}", tx.headers()).is(200, "[{\"id\":1}]"), tx, applied(tx));
        }

        // shouldRaiseExceptions: the error is answered before the transaction ends, so no tx is applied.

        @ParameterizedTest
        @EnumSource(Tx.class)
        void raisesImmediateConstraints(Tx tx) {
            appliedTx(api.post("/rpc/raise_constraint", "", tx.headers()).is(409, UNIQUE_VIOLATION), tx, false);
        }

        @ParameterizedTest
        @EnumSource(Tx.class)
        void raisesDeferredConstraints(Tx tx) {
            appliedTx(api.post("/rpc/raise_constraint", "{\"deferred\": true}", tx.headers()).is(409, UNIQUE_VIOLATION), tx, false);
        }

        // shouldPersistMutations / shouldNotPersistMutations

        @ParameterizedTest
        @EnumSource(Tx.class)
        void post(Tx tx) {
            appliedTx(api.post("/items", "{\"id\":0}", tx.headers()).is(201, "[{\"id\":0}]"), tx, applied(tx));
            itemZeroIsThereIfPersisted(tx);
        }

        @ParameterizedTest
        @EnumSource(Tx.class)
        void put(Tx tx) {
            appliedTx(api.put("/items?id=eq.0", "{\"id\":0}", tx.headers()).is(201, "[{\"id\":0}]"), tx, applied(tx));
            itemZeroIsThereIfPersisted(tx);
        }

        /** After a write of item 0: it is there (then removed) if the transaction persisted, else it is not. */
        private void itemZeroIsThereIfPersisted(Tx tx) {
            if (persists(tx)) {
                api.get("/items?id=eq.0").is(200, "[{\"id\":0}]");
                deleteItems();
            } else {
                api.get("/items?id=eq.0").is(200, "[]");
            }
        }

        @ParameterizedTest
        @EnumSource(Tx.class)
        void patch(Tx tx) {
            if (persists(tx)) {
                postItem();
                appliedTx(api.patch("/items?id=eq.0", "{\"id\":-1}", tx.headers()).is(200, "[{\"id\":-1}]"), tx, applied(tx));
                api.get("/items?id=eq.0").is(200, "[]");
                api.get("/items?id=eq.-1").is(200, "[{\"id\":-1}]");
                deleteItems();
            } else {
                appliedTx(api.patch("/items?id=eq.1", "{\"id\":0}", tx.headers()).is(200, "[{\"id\":0}]"), tx, applied(tx));
                api.get("/items?id=eq.0").is(200, "[]");
                api.get("/items?id=eq.1").is(200, "[{\"id\":1}]");
            }
        }

        @ParameterizedTest
        @EnumSource(Tx.class)
        void delete(Tx tx) {
            if (persists(tx)) {
                postItem();
                appliedTx(api.delete("/items?id=eq.0", tx.headers()).is(200, "[{\"id\":0}]"), tx, applied(tx));
                api.get("/items?id=eq.0").is(200, "[]");
            } else {
                appliedTx(api.delete("/items?id=eq.1", tx.headers()).is(200, "[{\"id\":1}]"), tx, applied(tx));
                api.get("/items?id=eq.1").is(200, "[{\"id\":1}]");
            }
        }
    }
}
