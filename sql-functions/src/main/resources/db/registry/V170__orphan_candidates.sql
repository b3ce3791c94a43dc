-- Objects that may be orphans: registered and not (or no longer) named by any table. The orphan
-- sweep (called by every begin_upload) read every object older than its grace period and probed the
-- tables for each, so on a registry of N objects each upload cost O(N) index probes even when
-- nothing was orphaned. Triggers keep this set instead: an object enters when it is registered and
-- when the last tables naming it go (images or repositories deleted), and leaves when a table names
-- it. The sweep reads only these rows and still re-checks every one under its lock.
CREATE TABLE "registry_meta"."orphan_candidates" (
    "object_id" varchar PRIMARY KEY REFERENCES "splitgraph_meta"."objects" ("object_id") ON DELETE CASCADE
);

CREATE FUNCTION "registry_meta"."object_registered"() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO "registry_meta"."orphan_candidates" ("object_id")
    SELECT n."object_id" FROM "sg_new_objects" AS n
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION "registry_meta"."object_registered"() FROM PUBLIC;
CREATE TRIGGER "objects_orphan_candidates" AFTER INSERT ON "splitgraph_meta"."objects"
    REFERENCING NEW TABLE AS "sg_new_objects" FOR EACH STATEMENT EXECUTE FUNCTION "registry_meta"."object_registered"();

-- A table naming objects takes them out of the set; a table removed (or renamed to other objects)
-- puts back those no other table names.
CREATE FUNCTION "registry_meta"."tables_changed"() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        DELETE FROM "registry_meta"."orphan_candidates" AS c
         WHERE c."object_id" IN (SELECT unnest(n."object_ids") FROM "sg_new_tables" AS n);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO "registry_meta"."orphan_candidates" ("object_id")
        SELECT DISTINCT o."object_id"
          FROM (SELECT unnest(d."object_ids") AS "object_id" FROM "sg_old_tables" AS d) AS x
          JOIN "splitgraph_meta"."objects" AS o ON o."object_id" = x."object_id"
         WHERE NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."tables" AS t WHERE t."object_ids" @> ARRAY[o."object_id"])
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION "registry_meta"."tables_changed"() FROM PUBLIC;
CREATE TRIGGER "tables_orphan_candidates_insert" AFTER INSERT ON "splitgraph_meta"."tables"
    REFERENCING NEW TABLE AS "sg_new_tables" FOR EACH STATEMENT EXECUTE FUNCTION "registry_meta"."tables_changed"();
CREATE TRIGGER "tables_orphan_candidates_update" AFTER UPDATE ON "splitgraph_meta"."tables"
    REFERENCING OLD TABLE AS "sg_old_tables" NEW TABLE AS "sg_new_tables" FOR EACH STATEMENT
    EXECUTE FUNCTION "registry_meta"."tables_changed"();
CREATE TRIGGER "tables_orphan_candidates_delete" AFTER DELETE ON "splitgraph_meta"."tables"
    REFERENCING OLD TABLE AS "sg_old_tables" FOR EACH STATEMENT EXECUTE FUNCTION "registry_meta"."tables_changed"();

INSERT INTO "registry_meta"."orphan_candidates" ("object_id")
SELECT o."object_id" FROM "splitgraph_meta"."objects" AS o
 WHERE NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."tables" AS t WHERE t."object_ids" @> ARRAY[o."object_id"]);
