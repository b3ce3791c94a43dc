-- The object index also names the indexed columns that hold a NULL: {"range": {...}, "nulls": ["col", ...]}.
-- Ranges ignore NULLs, so two objects whose ranges of a column are disjoint may still share rows whose
-- value there is NULL. A keyless table's rows are matched by their whole text, NULLs included: only a
-- column without NULLs in both objects proves that they share no row (layered reads need that proof).
-- An index without "nulls" (computed before this) proves nothing of the kind.
CREATE OR REPLACE FUNCTION "splitgraph_meta"."object_index"("object_schema" varchar, "object_table" varchar)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
    SET "DateStyle" = 'ISO, MDY' SET "IntervalStyle" = 'postgres' SET "TimeZone" = 'UTC'
    SET "extra_float_digits" = 1 SET "bytea_output" = 'hex' SET "lc_monetary" = 'C'
AS $$
DECLARE
    "rel" regclass := format('%I.%I', "object_schema", "object_table")::regclass;
    "pairs" text;
    "nulls" text;
    "result" jsonb;
BEGIN
    SELECT string_agg(format('%L, jsonb_build_array(to_jsonb(min(%I%s)), to_jsonb(max(%I%s)))',
                             a."attname", a."attname", CASE WHEN a."attcollation" <> 0 THEN ' COLLATE "C"' ELSE '' END,
                             a."attname", CASE WHEN a."attcollation" <> 0 THEN ' COLLATE "C"' ELSE '' END),
                      ', ' ORDER BY a."attnum"),
           string_agg(format('CASE WHEN bool_or(%I IS NULL) THEN %L END', a."attname", a."attname"), ', ' ORDER BY a."attnum")
      INTO "pairs", "nulls"
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
    EXECUTE format('SELECT jsonb_build_object(''range'', jsonb_strip_nulls(jsonb_build_object(%s)), '
                   '''nulls'', to_jsonb(array_remove(ARRAY[%s]::text[], NULL))) FROM %s', "pairs", "nulls", "rel")
       INTO "result";
    RETURN "result";
END
$$;
REVOKE ALL ON FUNCTION "splitgraph_meta"."object_index"(varchar, varchar) FROM PUBLIC;
