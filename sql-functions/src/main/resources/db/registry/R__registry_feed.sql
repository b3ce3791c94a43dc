-- The change feed (V104__change_feed.sql): written by splitgraph_api's functions, read by the mounter.

-- Records one change in the caller's transaction and wakes the readers at commit. The NOTIFY payload
-- is empty on purpose: anyone may LISTEN or NOTIFY on this channel, so it must name nothing and
-- decide nothing; the reader re-reads the feed, which only it may read.
CREATE OR REPLACE FUNCTION "registry_meta"."record_change"("kind" text, "namespace" varchar, "repository" varchar,
                                                           "image_hash" varchar DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "pruned" xid8;
BEGIN
    INSERT INTO "registry_meta"."changes" ("kind", "namespace", "repository", "image_hash")
    VALUES ("kind", "namespace", "repository", "image_hash");
    -- Retention: a week, pruned a bounded batch at a time by the writers themselves.
    WITH "gone" AS (
        DELETE FROM "registry_meta"."changes" AS c
         WHERE c."seq" IN (SELECT o."seq" FROM "registry_meta"."changes" AS o
                            WHERE o."at" < clock_timestamp() - interval '7 days'
                            ORDER BY o."at" LIMIT 1000 FOR UPDATE SKIP LOCKED)
        RETURNING c."xid")
    SELECT max(g."xid") INTO "pruned" FROM "gone" AS g;
    IF "pruned" IS NOT NULL THEN
        UPDATE "registry_meta"."changes_pruned" AS p SET "through_xid" = greatest(p."through_xid", "pruned");
    END IF;
    PERFORM pg_notify('registry_changes', '');
END
$$;

-- Where a reader stands: every transaction below "horizon" has ended, so a reader that has handled
-- every row visible in this snapshot may next read from "horizon" on. "pruned_through": a reader
-- whose position is below it may have missed pruned rows. Call it in the same REPEATABLE READ
-- transaction as changes_since, so both see one snapshot.
CREATE OR REPLACE FUNCTION "registry_feed"."position"()
    RETURNS TABLE ("horizon" bigint, "pruned_through" bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, p."through_xid"::text::bigint
      FROM "registry_meta"."changes_pruned" AS p
$$;

-- Every change written by a transaction numbered "from_xid" or later, oldest first. A reader sees
-- some rows twice (those of transactions that ended after its last horizon); their seq tells them apart.
CREATE OR REPLACE FUNCTION "registry_feed"."changes_since"("from_xid" bigint)
    RETURNS TABLE ("seq" bigint, "xid" bigint, "at" timestamptz, "kind" text, "namespace" varchar,
                   "repository" varchar, "image_hash" varchar)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c."seq", c."xid"::text::bigint, c."at", c."kind", c."namespace", c."repository", c."image_hash"
      FROM "registry_meta"."changes" AS c
     WHERE c."xid" >= "from_xid"::text::xid8
     ORDER BY c."seq"
$$;

REVOKE ALL ON FUNCTION "registry_meta"."record_change"(text, varchar, varchar, varchar) FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA "registry_feed" FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA "registry_feed" TO "registry_api_user";
