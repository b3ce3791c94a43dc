-- Change tracking (as Splitgraph's audit trigger): while a table is at a known image, statement
-- triggers log the text of every row a statement removed (is_old) or added, so a commit, a diff and
-- sgr status read what changed instead of comparing whole tables. An UPDATE logs its old and new rows.
-- A TRUNCATE logs a marker: the next commit compares the whole table. docs/change-tracking.md.

-- Row text depends on session settings (a timestamptz prints in the session's TimeZone, a float with
-- extra_float_digits, ...). Everything that turns rows into text for identity or hashing runs with
-- these settings, so the same content has the same text and the same object id on every engine.
-- The client reads them from record_change's configuration (one list, here).
CREATE TABLE "splitgraph_meta"."tracked_tables" (
    "table_oid" oid PRIMARY KEY,
    "namespace" varchar NOT NULL,
    "repository" varchar NOT NULL,
    "table_name" varchar NOT NULL,
    "image_hash" varchar(64) NOT NULL,
    -- pg_class.xmin when tracking began: any ALTER TABLE since (e.g. a column added, filled and dropped
    -- again, whose rows the log holds with that column) changes it, and the log is not trusted.
    "class_xmin" text NOT NULL
);

CREATE TABLE "splitgraph_meta"."pending_changes" (
    "seq" bigserial PRIMARY KEY,
    "table_oid" oid NOT NULL,
    "is_old" boolean NOT NULL,
    "row_text" text,
    "truncated" boolean NOT NULL DEFAULT false
);
CREATE INDEX "pending_changes_table" ON "splitgraph_meta"."pending_changes" ("table_oid", "seq");

-- ROW(o.*), not o: a column named like the alias would win over the whole-row reference.
-- SECURITY DEFINER: whoever may change a tracked table may log its changes, not read or alter the log.
CREATE FUNCTION "splitgraph_meta"."record_change"() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET "DateStyle" = 'ISO, MDY' SET "IntervalStyle" = 'postgres' SET "TimeZone" = 'UTC'
    SET "extra_float_digits" = 1 SET "bytea_output" = 'hex' SET "lc_monetary" = 'C'
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."tracked_tables" AS t WHERE t."table_oid" = TG_RELID) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO "splitgraph_meta"."pending_changes" ("table_oid", "is_old", "truncated") VALUES (TG_RELID, true, true);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO "splitgraph_meta"."pending_changes" ("table_oid", "is_old", "row_text")
        SELECT TG_RELID, true, ROW(o.*)::text FROM "sg_old_rows" AS o;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO "splitgraph_meta"."pending_changes" ("table_oid", "is_old", "row_text")
        SELECT TG_RELID, false, ROW(n.*)::text FROM "sg_new_rows" AS n;
    END IF;
    RETURN NULL;
END
$$;

-- Object hashes use the same settings, so an object's id does not depend on the session that hashed
-- it. Same result as V2's function (docs/object-hash.md's vector), computed in one pass: the 16 lane
-- sums are 16 aggregates over each row's digest (computed once: MATERIALIZED), not a join of every
-- row with 16 lanes.
CREATE OR REPLACE FUNCTION "splitgraph_meta"."object_hashes"("object_schema" varchar, "object_table" varchar, "table_schema" jsonb)
    RETURNS TABLE ("insertion_hash" varchar, "deletion_hash" varchar, "schema_hash" varchar, "object_id" varchar)
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
    SET "DateStyle" = 'ISO, MDY' SET "IntervalStyle" = 'postgres' SET "TimeZone" = 'UTC'
    SET "extra_float_digits" = 1 SET "bytea_output" = 'hex' SET "lc_monetary" = 'C'
AS $$
DECLARE
    cols text;
    sums text;
    ins varchar;
    del varchar;
    sch varchar := "splitgraph_meta"."schema_hash"("table_schema");
BEGIN
    SELECT string_agg(format('%I', c ->> 1), ', ' ORDER BY (c ->> 0)::int) INTO cols
      FROM jsonb_array_elements("table_schema") AS c;
    IF cols IS NULL THEN
        RAISE EXCEPTION 'table_schema has no columns' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(format('sum((get_byte(r."d", %s) << 8) | get_byte(r."d", %s))', 2 * i, 2 * i + 1), ', ' ORDER BY i) INTO sums
      FROM generate_series(0, 15) AS i;
    EXECUTE format($q$
        WITH "rows" AS MATERIALIZED (
            SELECT "sg_ud_flag" AS "flag", sha256(convert_to(ROW(%s)::text, 'UTF8')) AS "d" FROM %I.%I
        ), "sums" AS (
            SELECT f."flag", ARRAY[%s] AS "s"
              FROM (VALUES (true), (false)) AS f ("flag") LEFT JOIN "rows" AS r ON r."flag" = f."flag"
             GROUP BY f."flag"
        ), "hex" AS (
            SELECT s."flag", (SELECT string_agg(lpad(to_hex((coalesce(u."x", 0) %% 65536)::int), 4, '0'), '' ORDER BY u."i")
                                FROM unnest(s."s") WITH ORDINALITY AS u ("x", "i")) AS "h"
              FROM "sums" AS s
        )
        SELECT max("h") FILTER (WHERE "flag"), max("h") FILTER (WHERE NOT "flag") FROM "hex"
        $q$, cols, "object_schema", "object_table", sums) INTO ins, del;
    RETURN QUERY SELECT ins, del, sch, "splitgraph_meta"."object_id"(ins, del, sch);
END
$$;
REVOKE ALL ON FUNCTION "splitgraph_meta"."object_hashes"(varchar, varchar, jsonb) FROM PUBLIC;
