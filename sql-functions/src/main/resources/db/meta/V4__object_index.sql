-- The object index (Splitgraph's objects.index): {"range": {"<column>": [min, max], ...}} over the
-- object's rows, for every column whose type has a default btree ordering and min/max. A reader skips an object
-- whose ranges exclude its filter; the REST mounter turns the ranges of key-disjoint objects into
-- partition bounds, so a point query reads one object. The registry computes it itself when an
-- upload is verified (it never trusts a pushed index). Collatable columns are ordered by "C", so
-- the ranges do not depend on an engine's default collation (partition keys use "C" too).
CREATE FUNCTION "splitgraph_meta"."object_index"("object_schema" varchar, "object_table" varchar)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
    SET "DateStyle" = 'ISO, MDY' SET "IntervalStyle" = 'postgres' SET "TimeZone" = 'UTC'
    SET "extra_float_digits" = 1 SET "bytea_output" = 'hex' SET "lc_monetary" = 'C'
AS $$
DECLARE
    "rel" regclass := format('%I.%I', "object_schema", "object_table")::regclass;
    "pairs" text;
    "result" jsonb;
BEGIN
    SELECT string_agg(format('%L, jsonb_build_array(to_jsonb(min(%I%s)), to_jsonb(max(%I%s)))',
                             a."attname", a."attname", CASE WHEN a."attcollation" <> 0 THEN ' COLLATE "C"' ELSE '' END,
                             a."attname", CASE WHEN a."attcollation" <> 0 THEN ' COLLATE "C"' ELSE '' END),
                      ', ' ORDER BY a."attnum")
      INTO "pairs"
      FROM pg_attribute AS a
      JOIN pg_type AS t ON t."oid" = a."atttypid"
     WHERE a."attrelid" = "rel" AND a."attnum" > 0 AND NOT a."attisdropped" AND a."attname" <> 'sg_ud_flag'
       AND t."typcategory" <> 'A'
       -- min and max must exist for the type (boolean, uuid and jsonb have a btree order but no min/max).
       AND EXISTS (SELECT 1 FROM pg_proc AS m
                    WHERE m."proname" = 'min' AND m."prokind" = 'a' AND m."pronamespace" = 'pg_catalog'::regnamespace
                      AND (m."proargtypes"[0] = a."atttypid"
                           OR EXISTS (SELECT 1 FROM pg_cast AS k WHERE k."castsource" = a."atttypid"
                                         AND k."casttarget" = m."proargtypes"[0] AND k."castmethod" = 'b')))
       AND EXISTS (SELECT 1 FROM pg_opclass AS oc JOIN pg_am AS am ON am."oid" = oc."opcmethod"
                    WHERE am."amname" = 'btree' AND oc."opcdefault"
                      AND (oc."opcintype" = a."atttypid"
                           OR EXISTS (SELECT 1 FROM pg_cast AS k WHERE k."castsource" = a."atttypid"
                                         AND k."casttarget" = oc."opcintype" AND k."castmethod" = 'b')));
    IF "pairs" IS NULL THEN
        RETURN '{"range": {}}'::jsonb;
    END IF;
    EXECUTE format('SELECT jsonb_build_object(''range'', jsonb_strip_nulls(jsonb_build_object(%s))) FROM %s', "pairs", "rel")
       INTO "result";
    RETURN "result";
END
$$;
REVOKE ALL ON FUNCTION "splitgraph_meta"."object_index"(varchar, varchar) FROM PUBLIC;
