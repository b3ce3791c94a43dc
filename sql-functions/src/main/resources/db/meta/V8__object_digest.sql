-- An object's digest in one scan: content hashes, row counts and the object index (V4, V6) together.
-- Before, the registry read every pushed object three times (hashes, counts, index) and a commit
-- twice; each read is a full scan of the object. The lane sum is the engine image's splitgraph_hash
-- extension (docs/object-hash.md): its C aggregate splitgraph_meta.sha256_lane_sum(text) replaces
-- 16 get_byte pairs and 16 sums per row, which cost more than the digests. Same ids as before: the
-- fixed test vector is asserted as ever.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'splitgraph_hash') THEN
        RAISE EXCEPTION 'this PostgreSQL has no splitgraph_hash extension'
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'the registry and sgr need the project''s engine image (docker/engine), which builds it: use that image for this engine';
    END IF;
END
$$;
CREATE EXTENSION IF NOT EXISTS "splitgraph_hash" SCHEMA "splitgraph_meta";

-- The object index of a table's rows as one SELECT-list expression over it (the columns, the "C"
-- ordering of V4 and the "nulls" of V6), or NULL when no column qualifies (the index is then
-- {"range": {}}). object_index and object_digest both evaluate it: one definition. A type borrows
-- min/max or a btree class through a binary cast only if the cast is implicit, as function calls
-- resolve (xml casts to text without a function, but only explicitly: min(xml) does not exist).
CREATE FUNCTION "splitgraph_meta"."index_expression"("rel" regclass) RETURNS text
    LANGUAGE sql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT format('jsonb_build_object(''range'', jsonb_strip_nulls(jsonb_build_object(%s)), '
                  '''nulls'', to_jsonb(array_remove(ARRAY[%s]::text[], NULL)))', x."pairs", x."nulls")
      FROM (SELECT string_agg(format('%L, jsonb_build_array(to_jsonb(min(%I%s)), to_jsonb(max(%I%s)))',
                                     a."attname", a."attname", CASE WHEN a."attcollation" <> 0 THEN ' COLLATE "C"' ELSE '' END,
                                     a."attname", CASE WHEN a."attcollation" <> 0 THEN ' COLLATE "C"' ELSE '' END),
                              ', ' ORDER BY a."attnum") AS "pairs",
                   string_agg(format('CASE WHEN bool_or(%I IS NULL) THEN %L END', a."attname", a."attname"),
                              ', ' ORDER BY a."attnum") AS "nulls"
              FROM pg_attribute AS a
              JOIN pg_type AS t ON t."oid" = a."atttypid"
             WHERE a."attrelid" = "rel" AND a."attnum" > 0 AND NOT a."attisdropped" AND a."attname" <> 'sg_ud_flag'
               AND t."typcategory" <> 'A'
               -- min and max must exist for the type (boolean, uuid and jsonb have a btree order but no min/max).
               AND EXISTS (SELECT 1 FROM pg_proc AS m
                            WHERE m."proname" = 'min' AND m."prokind" = 'a' AND m."pronamespace" = 'pg_catalog'::regnamespace
                              AND (m."proargtypes"[0] = a."atttypid"
                                   OR EXISTS (SELECT 1 FROM pg_cast AS k WHERE k."castsource" = a."atttypid"
                                                 AND k."casttarget" = m."proargtypes"[0] AND k."castmethod" = 'b' AND k."castcontext" = 'i')))
               AND EXISTS (SELECT 1 FROM pg_opclass AS oc JOIN pg_am AS am ON am."oid" = oc."opcmethod"
                            WHERE am."amname" = 'btree' AND oc."opcdefault"
                              AND (oc."opcintype" = a."atttypid"
                                   OR EXISTS (SELECT 1 FROM pg_cast AS k WHERE k."castsource" = a."atttypid"
                                                 AND k."casttarget" = oc."opcintype" AND k."castmethod" = 'b' AND k."castcontext" = 'i')))) AS x
     WHERE x."pairs" IS NOT NULL
$$;
REVOKE ALL ON FUNCTION "splitgraph_meta"."index_expression"(regclass) FROM PUBLIC;

CREATE OR REPLACE FUNCTION "splitgraph_meta"."object_index"("object_schema" varchar, "object_table" varchar)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
    SET "DateStyle" = 'ISO, MDY' SET "IntervalStyle" = 'postgres' SET "TimeZone" = 'UTC'
    SET "extra_float_digits" = 1 SET "bytea_output" = 'hex' SET "lc_monetary" = 'C'
AS $$
DECLARE
    "rel" regclass := format('%I.%I', "object_schema", "object_table")::regclass;
    "expr" text := "splitgraph_meta"."index_expression"("rel");
    "result" jsonb;
BEGIN
    IF "expr" IS NULL THEN
        RETURN '{"range": {}}'::jsonb;
    END IF;
    EXECUTE format('SELECT %s FROM %s', "expr", "rel") INTO "result";
    RETURN "result";
END
$$;

-- Hashes (docs/object-hash.md), row counts by sg_ud_flag and, with "with_index", the object index,
-- in one scan of the object table.
CREATE FUNCTION "splitgraph_meta"."object_digest"("object_schema" varchar, "object_table" varchar, "table_schema" jsonb,
                                                  "with_index" boolean)
    RETURNS TABLE ("insertion_hash" varchar, "deletion_hash" varchar, "schema_hash" varchar, "object_id" varchar,
                   "rows_inserted" bigint, "rows_deleted" bigint, "index" jsonb)
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
    SET "DateStyle" = 'ISO, MDY' SET "IntervalStyle" = 'postgres' SET "TimeZone" = 'UTC'
    SET "extra_float_digits" = 1 SET "bytea_output" = 'hex' SET "lc_monetary" = 'C'
AS $$
DECLARE
    "rel" regclass := format('%I.%I', "object_schema", "object_table")::regclass;
    "cols" text;
    "expr" text;
    "ins" varchar;
    "del" varchar;
    "n_ins" bigint;
    "n_del" bigint;
    "idx" jsonb;
    "sch" varchar := "splitgraph_meta"."schema_hash"("table_schema");
BEGIN
    SELECT string_agg(format('%I', c ->> 1), ', ' ORDER BY (c ->> 0)::int) INTO "cols"
      FROM jsonb_array_elements("table_schema") AS c;
    IF "cols" IS NULL THEN
        RAISE EXCEPTION 'table_schema has no columns' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF "with_index" THEN
        "expr" := coalesce("splitgraph_meta"."index_expression"("rel"), $e$'{"range": {}}'::jsonb$e$);
    END IF;
    -- The digest is of the UTF-8 row text: the aggregate converts (convert_to in the SQL form).
    EXECUTE format($q$
        SELECT "splitgraph_meta"."sha256_lane_sum"(ROW(%1$s)::text) FILTER (WHERE "sg_ud_flag"),
               "splitgraph_meta"."sha256_lane_sum"(ROW(%1$s)::text) FILTER (WHERE NOT "sg_ud_flag"),
               count(*) FILTER (WHERE "sg_ud_flag"), count(*) FILTER (WHERE NOT "sg_ud_flag"), %2$s
          FROM %3$s
        $q$, "cols",
        coalesce("expr", 'NULL::jsonb'),
        "rel") INTO "ins", "del", "n_ins", "n_del", "idx";
    RETURN QUERY SELECT "ins", "del", "sch", "splitgraph_meta"."object_id"("ins", "del", "sch"), "n_ins", "n_del", "idx";
END
$$;
REVOKE ALL ON FUNCTION "splitgraph_meta"."object_digest"(varchar, varchar, jsonb, boolean) FROM PUBLIC;

-- The hashes alone (pull checks objects whose index came with their metadata).
CREATE OR REPLACE FUNCTION "splitgraph_meta"."object_hashes"("object_schema" varchar, "object_table" varchar, "table_schema" jsonb)
    RETURNS TABLE ("insertion_hash" varchar, "deletion_hash" varchar, "schema_hash" varchar, "object_id" varchar)
    LANGUAGE sql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT d."insertion_hash", d."deletion_hash", d."schema_hash", d."object_id"
      FROM "splitgraph_meta"."object_digest"("object_schema", "object_table", "table_schema", false) AS d
$$;
REVOKE ALL ON FUNCTION "splitgraph_meta"."object_hashes"(varchar, varchar, jsonb) FROM PUBLIC;
