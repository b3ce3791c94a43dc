-- Registry only: the change feed. Every change that moves a tag or takes a right away (tag set or
-- deleted, image or repository deleted, visibility changed) is a row here, written by the
-- splitgraph_api function that makes it, in the same transaction. The mounter reads the rows it has
-- not seen (through registry_feed, which only registry_api_user may use) and closes mounts and bans
-- cached answers. A NOTIFY on registry_changes, with an empty payload, only wakes it early: anyone
-- may send or hear one, so it carries no name and decides nothing.
CREATE TABLE "registry_meta"."changes" (
    "seq"        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The writer's transaction: a reader that saw every transaction below its snapshot's xmin has
    -- seen every row below it, whatever the order of commits (seq alone cannot tell a late commit).
    "xid"        xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "at"         timestamptz NOT NULL DEFAULT clock_timestamp(),
    "kind"       text NOT NULL CHECK ("kind" IN ('tag', 'access', 'image', 'repository')),
    "namespace"  varchar NOT NULL,
    "repository" varchar NOT NULL,
    "image_hash" varchar
);
CREATE INDEX "changes_xid" ON "registry_meta"."changes" ("xid");
CREATE INDEX "changes_at" ON "registry_meta"."changes" ("at");

-- Rows older than the retention are pruned; a reader whose position is below the highest pruned
-- transaction may have missed some and must start over (ban everything, close every public mount).
CREATE TABLE "registry_meta"."changes_pruned" (
    "only_row"      boolean PRIMARY KEY DEFAULT true CHECK ("only_row"),
    "through_xid"   xid8 NOT NULL
);
INSERT INTO "registry_meta"."changes_pruned" ("through_xid") VALUES ('0'::xid8);

-- The reader's schema: functions only (R__registry_feed.sql), for registry_api_user alone.
CREATE SCHEMA "registry_feed";
REVOKE ALL ON SCHEMA "registry_feed" FROM PUBLIC;
GRANT USAGE ON SCHEMA "registry_feed" TO "registry_api_user";
