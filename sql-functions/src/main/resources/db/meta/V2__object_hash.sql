-- Content hashes of objects (docs/object-hash.md). Shared by the registry, which verifies every
-- pushed object, and the client's local engine, which names the objects it commits: both compute
-- ids with these functions, so the row text is PostgreSQL's own on both sides.

-- sha256 of the schema: one line "<name> <type> <is_pk>\n" per column of a Splitgraph table_schema
-- (a jsonb array of [ordinal, name, type, is_pk, comment]), in ordinal order.
CREATE FUNCTION "splitgraph_meta"."schema_hash"("table_schema" jsonb) RETURNS varchar
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT encode(sha256(convert_to(coalesce(string_agg(
               (c ->> 1) || ' ' || (c ->> 2) || ' ' || (c ->> 3)::boolean::text || E'\n',
               '' ORDER BY (c ->> 0)::int), ''), 'UTF8')), 'hex')
      FROM jsonb_array_elements("table_schema") AS c
$$;

-- The object id of a fragment from its two row-hash sums and its schema hash.
CREATE FUNCTION "splitgraph_meta"."object_id"("insertion_hash" varchar, "deletion_hash" varchar, "schema_hash" varchar)
    RETURNS varchar
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT 'o' || left(encode(sha256(convert_to("insertion_hash" || "deletion_hash" || "schema_hash", 'UTF8')), 'hex'), 62)
$$;

-- Hashes of a fragment table (data columns from table_schema, plus sg_ud_flag). Each row is hashed
-- as sha256 of ROW(columns)::text; the digests are summed as 16 big-endian 16-bit lanes modulo
-- 2^16, separately for upserted (sg_ud_flag) and deleted rows. Runs with the caller's rights: the
-- caller must be able to read the table.
CREATE FUNCTION "splitgraph_meta"."object_hashes"("object_schema" varchar, "object_table" varchar, "table_schema" jsonb)
    RETURNS TABLE ("insertion_hash" varchar, "deletion_hash" varchar, "schema_hash" varchar, "object_id" varchar)
    LANGUAGE plpgsql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cols text;
    ins varchar;
    del varchar;
    sch varchar := "splitgraph_meta"."schema_hash"("table_schema");
BEGIN
    SELECT string_agg(format('%I', c ->> 1), ', ' ORDER BY (c ->> 0)::int) INTO cols
      FROM jsonb_array_elements("table_schema") AS c;
    IF cols IS NULL THEN
        RAISE EXCEPTION 'table_schema has no columns' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format($q$
        WITH "rows" AS (
            SELECT "sg_ud_flag" AS "flag", sha256(convert_to(ROW(%s)::text, 'UTF8')) AS "d" FROM %I.%I
        ), "lanes" AS (
            SELECT f."flag", l."i",
                   coalesce(sum((get_byte(r."d", 2 * l."i") << 8) | get_byte(r."d", 2 * l."i" + 1)), 0) %% 65536 AS "s"
              FROM (VALUES (true), (false)) AS f ("flag")
             CROSS JOIN generate_series(0, 15) AS l ("i")
              LEFT JOIN "rows" AS r ON r."flag" = f."flag"
             GROUP BY f."flag", l."i"
        )
        SELECT string_agg(lpad(to_hex("s"::int), 4, '0'), '' ORDER BY "i") FILTER (WHERE "flag"),
               string_agg(lpad(to_hex("s"::int), 4, '0'), '' ORDER BY "i") FILTER (WHERE NOT "flag")
          FROM "lanes"
        $q$, cols, "object_schema", "object_table") INTO ins, del;
    RETURN QUERY SELECT ins, del, sch, "splitgraph_meta"."object_id"(ins, del, sch);
END
$$;

REVOKE ALL ON FUNCTION "splitgraph_meta"."schema_hash"(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION "splitgraph_meta"."object_id"(varchar, varchar, varchar) FROM PUBLIC;
REVOKE ALL ON FUNCTION "splitgraph_meta"."object_hashes"(varchar, varchar, jsonb) FROM PUBLIC;
