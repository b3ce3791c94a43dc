-- A layered checkout (sgr checkout -l) reads the image's objects in place and is read-only. Its
-- views and the tables materialised for it (keyless tables, keys of several columns) get triggers
-- calling this function, so that a write fails with a clear error instead of failing obscurely or
-- being lost at the next checkout.
CREATE FUNCTION "splitgraph_meta"."refuse_write_to_layered_checkout"() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION '%.% belongs to a layered checkout, which is read-only', quote_ident(TG_TABLE_SCHEMA), quote_ident(TG_TABLE_NAME)
        USING ERRCODE = 'read_only_sql_transaction',
              HINT = 'check the image out without -l to change it: sgr checkout REPOSITORY:IMAGE';
END
$$;
REVOKE ALL ON FUNCTION "splitgraph_meta"."refuse_write_to_layered_checkout"() FROM PUBLIC;
