-- splitgraph_api: the registry's RPC surface (Splitgraph's names and shapes) plus object upload and
-- repository listing. SECURITY DEFINER, owner sgr, fixed search_path, every name qualified.
-- Privileges: check_privilege(namespace, repository, action) on every write and every read of a
-- repository. SQLSTATEs: docs/registry-api.md.

-- ---------------------------------------------------------------- validation and privileges
CREATE OR REPLACE FUNCTION "registry_meta"."check_name"("kind" text, "value" varchar) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF "value" IS NULL OR "value" !~ '^[-A-Za-z0-9_]+$' OR length("value") > 64 THEN
        RAISE EXCEPTION 'invalid % %', "kind", coalesce(quote_literal("value"), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('a %s has 1 to 64 characters: letters, digits, - and _', "kind");
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION "registry_meta"."check_hash"("kind" text, "value" varchar) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF "value" IS NULL OR "value" !~ '^[a-f0-9]{64}$' THEN
        RAISE EXCEPTION 'invalid % %', "kind", coalesce(quote_literal("value"), 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'a hash is 64 lowercase hex characters';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION "registry_meta"."check_object_id"("value" varchar) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF "value" IS NULL OR "value" !~ '^o[a-f0-9]{62}$' THEN
        RAISE EXCEPTION 'invalid object id %', coalesce(quote_literal("value"), 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'an object id is o followed by 62 lowercase hex characters';
    END IF;
END
$$;

-- A table_schema ([[ordinal, name, type, is_pk, comment], ...]) is data that clients and the mounter
-- turn into DDL, so it is checked here once for everyone: names are identifiers of at most 63 bytes,
-- and a type is a plain name as format_type prints it (no dots, comments or punctuation that could end
-- a column definition) that resolves here to a built-in, non-pseudo type of pg_catalog. format_type
-- quotes a built-in whose name is a keyword ("char", and "char"[]): one quoted lowercase identifier
-- without quotes inside is accepted too, as it cannot end a definition either. Anything else is 22023,
-- naming the column.
CREATE OR REPLACE FUNCTION "registry_meta"."check_table_schema"("table_schema" jsonb) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "col" jsonb;
    "names" text[] := '{}';
    "ordinals" numeric[] := '{}';
    "typ" text;
    "oid_" oid;
BEGIN
    IF "table_schema" IS NULL OR jsonb_typeof("table_schema") <> 'array' OR jsonb_array_length("table_schema") = 0 THEN
        RAISE EXCEPTION 'table_schema must be a non-empty JSON array of [ordinal, name, type, is_pk, comment]'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR "col" IN SELECT c FROM jsonb_array_elements("table_schema") AS c LOOP
        IF jsonb_typeof("col") <> 'array' OR jsonb_array_length("col") NOT BETWEEN 4 AND 5
           OR jsonb_typeof("col" -> 0) <> 'number' OR jsonb_typeof("col" -> 1) <> 'string'
           OR jsonb_typeof("col" -> 2) <> 'string' OR jsonb_typeof("col" -> 3) <> 'boolean'
           OR coalesce(jsonb_typeof("col" -> 4), 'null') NOT IN ('null', 'string') THEN
            RAISE EXCEPTION 'invalid column %', left("col"::text, 200) USING ERRCODE = 'invalid_parameter_value',
                HINT = 'each column is [ordinal, name, type, is_pk, comment]';
        END IF;
        IF ("col" ->> 0)::numeric = ANY ("ordinals") THEN
            RAISE EXCEPTION 'duplicate column ordinal %', "col" ->> 0 USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF octet_length("col" ->> 1) NOT BETWEEN 1 AND 63 OR "col" ->> 1 = 'sg_ud_flag' OR ("col" ->> 1) = ANY ("names") THEN
            RAISE EXCEPTION 'invalid or duplicate column name %', quote_literal(left("col" ->> 1, 100))
                USING ERRCODE = 'invalid_parameter_value', HINT = 'a column name has 1 to 63 bytes and is not sg_ud_flag';
        END IF;
        "typ" := "col" ->> 2;
        "oid_" := NULL;
        IF ("typ" ~ '^[A-Za-z][A-Za-z0-9_ ]*(\([0-9, ]+\))?[A-Za-z ]*( ?\[[0-9]*\])*$'
            OR "typ" ~ '^"[a-z_][a-z0-9_]*"( ?\[[0-9]*\])*$') AND octet_length("typ") <= 200 THEN
            BEGIN
                "oid_" := to_regtype("typ");
            EXCEPTION WHEN OTHERS THEN
                "oid_" := NULL;  -- PostgreSQL 15 raises on a syntax error instead of answering NULL
            END;
            IF left("typ", 1) = '"' AND format_type("oid_", NULL) IS DISTINCT FROM "typ" THEN
                "oid_" := NULL;  -- quoted only as format_type quotes it: "char", not "text"
            END IF;
        END IF;
        IF "oid_" IS NULL OR NOT EXISTS (SELECT 1 FROM pg_type AS t WHERE t.oid = "oid_"
                                           AND t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype <> 'p') THEN
            RAISE EXCEPTION 'column % has a type the registry does not hold: %', quote_literal("col" ->> 1),
                quote_literal(left("typ", 200)) USING ERRCODE = 'invalid_parameter_value',
                HINT = 'a built-in type as format_type prints it, e.g. integer, character varying(20), numeric(10,2), '
                    || 'timestamp(3) with time zone, text[], "char"; enums, domains and composite types cannot be pushed';
        END IF;
        "names" := "names" || ("col" ->> 1);
        "ordinals" := "ordinals" || ("col" ->> 0)::numeric;
    END LOOP;
END
$$;

-- Raises 42501 unless the caller may do action ('read' or 'write') on namespace/repository.
-- write: the namespace is the caller's username. read: the caller owns the namespace or the
-- repository is public (a missing repository reads as private, so nothing leaks its existence).
CREATE OR REPLACE FUNCTION "splitgraph_api"."check_privilege"("namespace" varchar, "repository" varchar, "action" varchar)
    RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "me" text := "auth"."get_current_username"();
BEGIN
    IF "action" = 'write' THEN
        IF "me" IS NULL THEN
            RAISE EXCEPTION 'anonymous users cannot write to %', quote_literal("namespace")
                USING ERRCODE = 'insufficient_privilege', HINT = 'log in, or connect with machine credentials';
        ELSIF "me" IS DISTINCT FROM "namespace" THEN
            RAISE EXCEPTION 'user % cannot write to namespace %', quote_literal("me"), quote_literal("namespace")
                USING ERRCODE = 'insufficient_privilege', HINT = 'users write only to the namespace named like them';
        END IF;
    ELSIF "action" = 'read' THEN
        IF "me" IS NOT NULL AND "me" = "namespace" THEN
            RETURN;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM "registry_meta"."repositories" AS r
                        WHERE r."namespace" = "check_privilege"."namespace"
                          AND r."repository" = "check_privilege"."repository" AND r."is_public") THEN
            RAISE EXCEPTION 'repository %/% does not exist or is private', "namespace", "repository"
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSE
        RAISE EXCEPTION 'unknown action %', quote_literal("action") USING ERRCODE = 'invalid_parameter_value',
            HINT = 'read or write';
    END IF;
END
$$;

-- The tables (of any repository) that name at least one of "object_ids", found through the GIN index
-- on object_ids alone: that index answers && exactly, whereas the planner prefers, on a small
-- catalog, a scan that compares every array with every id (a 1 000-object image against five tables
-- of 1 000 objects: 130 ms instead of 20 ms).
CREATE OR REPLACE FUNCTION "registry_meta"."tables_naming"("object_ids" varchar[])
    RETURNS TABLE ("namespace" varchar, "repository" varchar, "object_ids" varchar[])
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    SET enable_seqscan = off SET enable_indexscan = off SET enable_indexonlyscan = off
AS $$
    SELECT t."namespace", t."repository", t."object_ids" FROM "splitgraph_meta"."tables" AS t
     WHERE t."object_ids" && "tables_naming"."object_ids"
$$;

-- The objects among "object_ids" that the caller may use: its namespace holds the content (uploaded
-- it), or registered it without content here (stored elsewhere: add_object_location), or a public
-- repository uses it. Everything else answers like an id nobody registered. Set-based: the caller's
-- name is asked once and the tables naming the objects found once, not once an object; one by one,
-- the 1 000 objects of a 10 M-row image (asked by every first mount of it) took 0.4-0.6 s, now 30 ms.
CREATE OR REPLACE FUNCTION "registry_meta"."readable_objects"("object_ids" varchar[]) RETURNS SETOF varchar
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH "me" AS MATERIALIZED (SELECT "auth"."get_current_username"() AS "name"),
         "asked" AS MATERIALIZED (SELECT DISTINCT x AS "id" FROM unnest("readable_objects"."object_ids") AS x WHERE x IS NOT NULL),
         -- Every object of the public tables that name one asked (hashed below, not joined: the
         -- planner's guesses for these sets made it loop over every pair, 5 M comparisons).
         "published" AS MATERIALIZED (
             SELECT x."id"
               FROM "registry_meta"."tables_naming"("readable_objects"."object_ids") AS t
               JOIN "registry_meta"."repositories" AS r ON r."namespace" = t."namespace" AND r."repository" = t."repository"
              CROSS JOIN LATERAL unnest(t."object_ids") AS x("id")
              WHERE r."is_public")
    SELECT a."id" FROM "asked" AS a CROSS JOIN "me"
     WHERE a."id" IN (SELECT p."id" FROM "published" AS p)
        OR EXISTS (SELECT 1 FROM "registry_meta"."object_holders" AS h
                    WHERE h."object_id" = a."id" AND h."namespace" = "me"."name")
        OR EXISTS (SELECT 1 FROM "splitgraph_meta"."objects" AS o
                    WHERE o."object_id" = a."id" AND o."namespace" = "me"."name"
                      AND NOT EXISTS (SELECT 1 FROM "registry_meta"."object_holders" AS h WHERE h."object_id" = o."object_id"))
$$;

-- Whether the caller may use one object (readable_objects' rule).
CREATE OR REPLACE FUNCTION "registry_meta"."object_readable"("object_id" varchar) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (SELECT 1 FROM "registry_meta"."readable_objects"(ARRAY["object_readable"."object_id"]))
$$;

-- Grants (or revokes) SELECT on the stored tables of a repository's objects to registry_reader.
-- Revoking keeps objects that another public repository uses.
CREATE OR REPLACE FUNCTION "registry_meta"."publish_objects"("object_ids" varchar[], "public" boolean) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "oid_" varchar;
BEGIN
    FOR "oid_" IN SELECT DISTINCT x FROM unnest("object_ids") AS x LOOP
        CONTINUE WHEN to_regclass(format('%I.%I', 'splitgraph_objects', "oid_")) IS NULL;
        IF "public" THEN
            EXECUTE format('GRANT SELECT ON %I.%I TO %I', 'splitgraph_objects', "oid_", 'registry_reader');
        ELSIF NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."tables" AS t
                            JOIN "registry_meta"."repositories" AS r
                              ON r."namespace" = t."namespace" AND r."repository" = t."repository"
                           WHERE r."is_public" AND t."object_ids" @> ARRAY["oid_"]::varchar[]) THEN
            EXECUTE format('REVOKE SELECT ON %I.%I FROM %I', 'splitgraph_objects', "oid_", 'registry_reader');
        END IF;
    END LOOP;
END
$$;

-- ---------------------------------------------------------------- reads
CREATE OR REPLACE FUNCTION "splitgraph_api"."get_version"() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT v."version" FROM "splitgraph_meta"."version" AS v LIMIT 1
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_images"("namespace" varchar, "repository" varchar)
    RETURNS TABLE ("image_hash" varchar, "parent_id" varchar, "created" timestamp, "comment" varchar, "provenance_data" jsonb)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'read');
    RETURN QUERY SELECT i."image_hash", i."parent_id", i."created", i."comment", i."provenance_data"
                   FROM "splitgraph_meta"."images" AS i
                  WHERE i."namespace" = "get_images"."namespace" AND i."repository" = "get_images"."repository"
                  ORDER BY i."created", i."image_hash";
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_image"("namespace" varchar, "repository" varchar, "image_hash_prefix" varchar)
    RETURNS TABLE ("image_hash" varchar, "parent_id" varchar, "created" timestamp, "comment" varchar, "provenance_data" jsonb)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "n" int;
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'read');
    IF "image_hash_prefix" IS NULL OR "image_hash_prefix" !~ '^[a-f0-9]{1,64}$' THEN
        RAISE EXCEPTION 'invalid image hash prefix %', coalesce(quote_literal("image_hash_prefix"), 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = '1 to 64 lowercase hex characters';
    END IF;
    SELECT count(*) INTO "n" FROM "splitgraph_meta"."images" AS i
     WHERE i."namespace" = "get_image"."namespace" AND i."repository" = "get_image"."repository"
       AND starts_with(i."image_hash", "image_hash_prefix");
    IF "n" = 0 THEN
        RAISE EXCEPTION 'no image %/%:%', "namespace", "repository", "image_hash_prefix" USING ERRCODE = 'no_data_found';
    ELSIF "n" > 1 THEN
        RAISE EXCEPTION 'image hash prefix % is ambiguous (% images)', "image_hash_prefix", "n"
            USING ERRCODE = 'invalid_parameter_value', HINT = 'give more characters of the hash';
    END IF;
    RETURN QUERY SELECT i."image_hash", i."parent_id", i."created", i."comment", i."provenance_data"
                   FROM "splitgraph_meta"."images" AS i
                  WHERE i."namespace" = "get_image"."namespace" AND i."repository" = "get_image"."repository"
                    AND starts_with(i."image_hash", "image_hash_prefix");
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_tagged_images"("namespace" varchar, "repository" varchar)
    RETURNS TABLE ("image_hash" varchar, "tag" varchar)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'read');
    RETURN QUERY SELECT t."image_hash", t."tag" FROM "splitgraph_meta"."tags" AS t
                  WHERE t."namespace" = "get_tagged_images"."namespace" AND t."repository" = "get_tagged_images"."repository"
                  ORDER BY t."tag";
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_all_tables"("namespace" varchar, "repository" varchar)
    RETURNS TABLE ("image_hash" varchar, "table_name" varchar, "table_schema" jsonb, "object_ids" varchar[])
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'read');
    RETURN QUERY SELECT t."image_hash", t."table_name", t."table_schema", t."object_ids" FROM "splitgraph_meta"."tables" AS t
                  WHERE t."namespace" = "get_all_tables"."namespace" AND t."repository" = "get_all_tables"."repository"
                  ORDER BY t."image_hash", t."table_name";
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_tables"("namespace" varchar, "repository" varchar, "image_hash" varchar)
    RETURNS TABLE ("table_name" varchar, "table_schema" jsonb, "object_ids" varchar[])
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'read');
    RETURN QUERY SELECT t."table_name", t."table_schema", t."object_ids" FROM "splitgraph_meta"."tables" AS t
                  WHERE t."namespace" = "get_tables"."namespace" AND t."repository" = "get_tables"."repository"
                    AND t."image_hash" = "get_tables"."image_hash"
                  ORDER BY t."table_name";
END
$$;

-- The ids the caller has to upload: every one it may not use. Another namespace's private object
-- answers like an unknown one; uploading the content (proof of possession) makes the caller a holder.
CREATE OR REPLACE FUNCTION "splitgraph_api"."get_new_objects"("object_ids" varchar[]) RETURNS varchar[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}')
      FROM unnest("object_ids") AS x
     WHERE x NOT IN (SELECT r FROM "registry_meta"."readable_objects"("object_ids") AS r)
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_object_meta"("object_ids" varchar[])
    RETURNS TABLE ("object_id" varchar, "format" varchar, "namespace" varchar, "size" bigint, "created" timestamp,
                   "insertion_hash" varchar, "deletion_hash" varchar, "index" jsonb, "rows_inserted" integer,
                   "rows_deleted" integer)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    -- A holder sees its own namespace: who uploaded the content first is not its business.
    WITH "me" AS MATERIALIZED (SELECT "auth"."get_current_username"() AS "name")
    SELECT o."object_id", o."format",
           CASE WHEN EXISTS (SELECT 1 FROM "registry_meta"."object_holders" AS h
                              WHERE h."object_id" = o."object_id" AND h."namespace" = "me"."name")
                THEN "me"."name"::varchar ELSE o."namespace" END,
           o."size", o."created", o."insertion_hash", o."deletion_hash",
           o."index", o."rows_inserted", o."rows_deleted"
      FROM "splitgraph_meta"."objects" AS o CROSS JOIN "me"
     WHERE o."object_id" IN (SELECT r FROM "registry_meta"."readable_objects"("object_ids") AS r)
     ORDER BY o."object_id"
$$;

-- An object's rows, for a session whose rights do not reach the object table itself: the mounter
-- reading a private repository on behalf of a token's user (registry_authenticator as registry_user
-- with the verified claims). Same rule as get_object_meta; the caller gives the column definition
-- list (the table's schema plus sg_ud_flag boolean), e.g.
--   COPY (SELECT * FROM splitgraph_api.read_object('o…') AS t("id" integer, "sg_ud_flag" boolean)) TO STDOUT
CREATE OR REPLACE FUNCTION "splitgraph_api"."read_object"("object_id" varchar)
    RETURNS SETOF record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM "registry_meta"."check_object_id"("object_id");
    IF NOT "registry_meta"."object_readable"("object_id")
       OR to_regclass(format('%I.%I', 'splitgraph_objects', "object_id")) IS NULL THEN
        RAISE EXCEPTION 'object % does not exist or is private', "object_id"
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'objects of private repositories are readable only by their owner';
    END IF;
    RETURN QUERY EXECUTE format('SELECT * FROM %I.%I', 'splitgraph_objects', "object_id");
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_object_locations"("object_ids" varchar[])
    RETURNS TABLE ("object_id" varchar, "location" varchar, "protocol" varchar)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT l."object_id", l."location", l."protocol" FROM "splitgraph_meta"."object_locations" AS l
     WHERE l."object_id" IN (SELECT r FROM "registry_meta"."readable_objects"("object_ids") AS r)
     ORDER BY l."object_id"
$$;

-- ---------------------------------------------------------------- sizes and lengths
CREATE OR REPLACE FUNCTION "splitgraph_api"."get_repository_size"("namespace" varchar, "repository" varchar) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "total" bigint;
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'read');
    SELECT coalesce(sum(o."size"), 0) INTO "total" FROM "splitgraph_meta"."objects" AS o
     WHERE o."object_id" IN (SELECT unnest(t."object_ids") FROM "splitgraph_meta"."tables" AS t
                              WHERE t."namespace" = "get_repository_size"."namespace"
                                AND t."repository" = "get_repository_size"."repository");
    RETURN "total";
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_image_size"("namespace" varchar, "repository" varchar, "image_hash" varchar)
    RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "total" bigint;
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'read');
    SELECT coalesce(sum(o."size"), 0) INTO "total" FROM "splitgraph_meta"."objects" AS o
     WHERE o."object_id" IN (SELECT unnest(t."object_ids") FROM "splitgraph_meta"."tables" AS t
                              WHERE t."namespace" = "get_image_size"."namespace"
                                AND t."repository" = "get_image_size"."repository"
                                AND t."image_hash" = "get_image_size"."image_hash");
    RETURN "total";
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_table_size"("namespace" varchar, "repository" varchar, "image_hash" varchar,
                                                            "table_name" varchar) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "total" bigint;
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'read');
    SELECT sum(o."size") INTO "total" FROM "splitgraph_meta"."tables" AS t
      CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(t."object_ids") AS x) AS ids
      JOIN "splitgraph_meta"."objects" AS o ON o."object_id" = ids.x
     WHERE t."namespace" = "get_table_size"."namespace" AND t."repository" = "get_table_size"."repository"
       AND t."image_hash" = "get_table_size"."image_hash" AND t."table_name" = "get_table_size"."table_name";
    RETURN coalesce("total", 0);
END
$$;

-- Rows of the table at that image: inserted minus deleted over its fragments (Splitgraph's estimate).
CREATE OR REPLACE FUNCTION "splitgraph_api"."get_table_length"("namespace" varchar, "repository" varchar, "image_hash" varchar,
                                                              "table_name" varchar) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "total" bigint;
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'read');
    SELECT sum(o."rows_inserted" - o."rows_deleted") INTO "total" FROM "splitgraph_meta"."tables" AS t
      CROSS JOIN LATERAL unnest(t."object_ids") AS ids (x)
      JOIN "splitgraph_meta"."objects" AS o ON o."object_id" = ids.x
     WHERE t."namespace" = "get_table_length"."namespace" AND t."repository" = "get_table_length"."repository"
       AND t."image_hash" = "get_table_length"."image_hash" AND t."table_name" = "get_table_length"."table_name";
    IF NOT FOUND OR "total" IS NULL THEN
        IF NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."tables" AS t
                        WHERE t."namespace" = "get_table_length"."namespace" AND t."repository" = "get_table_length"."repository"
                          AND t."image_hash" = "get_table_length"."image_hash" AND t."table_name" = "get_table_length"."table_name") THEN
            RAISE EXCEPTION 'no table % in %/%:%', "table_name", "namespace", "repository", "image_hash"
                USING ERRCODE = 'no_data_found';
        END IF;
    END IF;
    RETURN coalesce("total", 0);
END
$$;

-- ---------------------------------------------------------------- repository listing (web API)
CREATE OR REPLACE FUNCTION "splitgraph_api"."list_repositories"("ns" varchar DEFAULT NULL, "query" varchar DEFAULT NULL,
                                                               "lim" integer DEFAULT 100, "off" integer DEFAULT 0)
    RETURNS TABLE ("namespace" varchar, "repository" varchar, "owner" varchar, "is_public" boolean,
                   "created" timestamptz, "image_count" bigint, "last_image" timestamp)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "me" text := "auth"."get_current_username"();
BEGIN
    IF "lim" IS NULL OR "lim" NOT BETWEEN 1 AND 1000 OR "off" IS NULL OR "off" < 0 THEN
        RAISE EXCEPTION 'invalid paging: lim %, off %', "lim", "off" USING ERRCODE = 'invalid_parameter_value',
            HINT = 'lim is 1 to 1000, off 0 or more';
    END IF;
    RETURN QUERY
        SELECT r."namespace", r."repository", u."username"::varchar, r."is_public", r."created",
               (SELECT count(*) FROM "splitgraph_meta"."images" AS i
                 WHERE i."namespace" = r."namespace" AND i."repository" = r."repository"),
               (SELECT max(i."created") FROM "splitgraph_meta"."images" AS i
                 WHERE i."namespace" = r."namespace" AND i."repository" = r."repository")
          FROM "registry_meta"."repositories" AS r
          LEFT JOIN "auth"."users" AS u ON u."user_id" = r."owner_id"
         WHERE (r."is_public" OR r."namespace" = "me")
           AND ("ns" IS NULL OR r."namespace" = "ns")
           AND ("query" IS NULL OR strpos(lower(r."namespace" || '/' || r."repository"), lower("query")) > 0)
         ORDER BY r."namespace", r."repository"
         LIMIT "lim" OFFSET "off";
END
$$;

-- ---------------------------------------------------------------- writes
CREATE OR REPLACE FUNCTION "splitgraph_api"."add_image"("namespace" varchar, "repository" varchar, "image_hash" varchar,
                                                       "parent_id" varchar DEFAULT NULL, "created" timestamp DEFAULT NULL,
                                                       "comment" varchar DEFAULT NULL, "provenance_data" jsonb DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM "registry_meta"."check_name"('namespace', "namespace");
    PERFORM "registry_meta"."check_name"('repository', "repository");
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'write');
    PERFORM "registry_meta"."check_hash"('image hash', "image_hash");
    IF "parent_id" IS NOT NULL THEN
        PERFORM "registry_meta"."check_hash"('parent id', "parent_id");
        IF NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."images" AS i
                        WHERE i."namespace" = "add_image"."namespace" AND i."repository" = "add_image"."repository"
                          AND i."image_hash" = "add_image"."parent_id") THEN
            RAISE EXCEPTION 'parent image % is not in %/%', "parent_id", "namespace", "repository"
                USING ERRCODE = 'foreign_key_violation', HINT = 'push the parent image first';
        END IF;
    END IF;
    IF length("comment") > 4096 THEN
        RAISE EXCEPTION 'comment too long (% characters)', length("comment")
            USING ERRCODE = 'string_data_right_truncation', HINT = 'a comment has at most 4096 characters';
    END IF;
    INSERT INTO "registry_meta"."repositories" ("namespace", "repository", "owner_id")
    SELECT "namespace", "repository", u."user_id" FROM "auth"."users" AS u WHERE u."username" = "namespace"
    ON CONFLICT DO NOTHING;
    -- Idempotent: a retried push may add the same image again.
    INSERT INTO "splitgraph_meta"."images" ("namespace", "repository", "image_hash", "parent_id", "created", "comment", "provenance_data")
    VALUES ("namespace", "repository", "image_hash", "parent_id", coalesce("created", now() AT TIME ZONE 'UTC'),
            "comment", "provenance_data")
    ON CONFLICT DO NOTHING;
END
$$;

-- Registers an object whose checks are done (add_object's, or a verified upload's). Internal.
CREATE OR REPLACE FUNCTION "registry_meta"."register_object"("object_id" varchar, "format" varchar, "namespace" varchar,
                                                            "size" bigint, "created" timestamp, "insertion_hash" varchar,
                                                            "deletion_hash" varchar, "index" jsonb,
                                                            "rows_inserted" integer, "rows_deleted" integer)
    RETURNS void
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO "splitgraph_meta"."objects" ("object_id", "format", "namespace", "size", "created", "insertion_hash",
                                             "deletion_hash", "index", "rows_inserted", "rows_deleted")
    VALUES ("object_id", coalesce("format", 'FRAG'), "namespace", "size", coalesce("created", now() AT TIME ZONE 'UTC'),
            "insertion_hash", "deletion_hash", "index", coalesce("rows_inserted", 0), coalesce("rows_deleted", 0))
    ON CONFLICT DO NOTHING
$$;
REVOKE ALL ON FUNCTION "registry_meta"."register_object"(varchar, varchar, varchar, bigint, timestamp, varchar, varchar, jsonb,
                                                         integer, integer) FROM PUBLIC;

-- The registry's index of a stored object is its own reading of the rows (readers skip objects and
-- bound partitions by it); a pushed one is only compared.
CREATE OR REPLACE FUNCTION "registry_meta"."check_pushed_index"("object_id" varchar, "pushed" jsonb, "computed" jsonb)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF "pushed" IS NOT NULL AND "pushed" IS DISTINCT FROM "computed" THEN
        RAISE EXCEPTION 'the index of object % does not match its rows', "object_id" USING ERRCODE = 'invalid_parameter_value',
            HINT = 'push no index (the registry computes it), or the one splitgraph_meta.object_index computes';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION "registry_meta"."check_pushed_index"(varchar, jsonb, jsonb) FROM PUBLIC;

CREATE OR REPLACE FUNCTION "splitgraph_api"."add_object"("object_id" varchar, "format" varchar, "namespace" varchar,
                                                        "size" bigint, "created" timestamp, "insertion_hash" varchar,
                                                        "deletion_hash" varchar, "index" jsonb,
                                                        "rows_inserted" integer, "rows_deleted" integer)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "computed" jsonb;
BEGIN
    PERFORM "registry_meta"."check_object_id"("object_id");
    PERFORM "registry_meta"."check_name"('namespace', "namespace");
    PERFORM "splitgraph_api"."check_privilege"("namespace", NULL, 'write');
    PERFORM "registry_meta"."check_hash"('insertion hash', "insertion_hash");
    PERFORM "registry_meta"."check_hash"('deletion hash', "deletion_hash");
    IF coalesce("rows_inserted", 0) < 0 OR coalesce("rows_deleted", 0) < 0 OR coalesce("size", 0) < 0 THEN
        RAISE EXCEPTION 'negative size or row count' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- An id registered already keeps its first registration, and the call answers as for a new id:
    -- whether another namespace has it is not the caller's to learn (upload the content to use it).
    IF EXISTS (SELECT 1 FROM "splitgraph_meta"."objects" AS o WHERE o."object_id" = "add_object"."object_id") THEN
        RETURN;
    END IF;
    -- An object stored elsewhere has no index.
    IF to_regclass(format('%I.%I', 'splitgraph_objects', "object_id")) IS NOT NULL THEN
        "computed" := "splitgraph_meta"."object_index"('splitgraph_objects', "object_id");
        PERFORM "registry_meta"."check_pushed_index"("object_id", "index", "computed");
    END IF;
    PERFORM "registry_meta"."register_object"("object_id", "format", "namespace", "size", "created", "insertion_hash",
                                              "deletion_hash", "computed", "rows_inserted", "rows_deleted");
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."add_object_location"("object_id" varchar, "location" varchar, "protocol" varchar)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "owner" varchar;
    "computed" jsonb;
BEGIN
    PERFORM "registry_meta"."check_object_id"("object_id");
    PERFORM "splitgraph_api"."check_privilege"("auth"."get_current_username"(), NULL, 'write');
    SELECT o."namespace" INTO "owner" FROM "splitgraph_meta"."objects" AS o WHERE o."object_id" = "add_object_location"."object_id";
    -- Another namespace's object answers like an unknown one.
    IF NOT FOUND OR "owner" IS DISTINCT FROM "auth"."get_current_username"() THEN
        RAISE EXCEPTION 'unknown object %', "object_id" USING ERRCODE = 'foreign_key_violation',
            HINT = 'register the object with add_object first';
    END IF;
    IF "location" IS NULL OR "protocol" IS NULL OR length("location") > 2048 OR length("protocol") > 64 THEN
        RAISE EXCEPTION 'invalid location or protocol' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO "splitgraph_meta"."object_locations" ("object_id", "location", "protocol")
    VALUES ("object_id", "location", "protocol")
    ON CONFLICT ON CONSTRAINT "object_locations_pkey" DO UPDATE SET "location" = EXCLUDED."location", "protocol" = EXCLUDED."protocol";
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."add_table"("namespace" varchar, "repository" varchar, "image_hash" varchar,
                                                       "table_name" varchar, "table_schema" jsonb, "object_ids" varchar[])
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "bad" varchar[];
BEGIN
    PERFORM "registry_meta"."check_name"('namespace', "namespace");
    PERFORM "registry_meta"."check_name"('repository', "repository");
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'write');
    PERFORM "registry_meta"."check_hash"('image hash', "image_hash");
    IF "table_name" IS NULL OR "table_name" !~ '^[A-Za-z_][A-Za-z0-9_$]*$' OR length("table_name") > 63 THEN
        RAISE EXCEPTION 'invalid table name %', coalesce(quote_literal("table_name"), 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'a PostgreSQL identifier of up to 63 characters';
    END IF;
    PERFORM "registry_meta"."check_table_schema"("table_schema");
    IF "object_ids" IS NULL THEN
        RAISE EXCEPTION 'object_ids must be an array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT array_agg(x) INTO "bad" FROM unnest("object_ids") AS x WHERE x IS NULL OR x !~ '^o[a-f0-9]{62}$';
    IF "bad" IS NOT NULL OR array_position("object_ids", NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'invalid object ids: %', array_to_string("bad", ', ', 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."images" AS i
                    WHERE i."namespace" = "add_table"."namespace" AND i."repository" = "add_table"."repository"
                      AND i."image_hash" = "add_table"."image_hash") THEN
        RAISE EXCEPTION 'no image %/%:%', "namespace", "repository", "image_hash"
            USING ERRCODE = 'foreign_key_violation', HINT = 'add_image before add_table';
    END IF;
    -- Held until commit: the orphan sweep skips an object that a table is being given, and a table
    -- never names an object the sweep is dropping (it waits, then finds the object gone).
    PERFORM 1 FROM "splitgraph_meta"."objects" AS o WHERE o."object_id" = ANY ("object_ids")
      ORDER BY o."object_id" FOR KEY SHARE;
    -- Another namespace's private object answers like an unknown one.
    SELECT array_agg(x) INTO "bad" FROM unnest("object_ids") AS x
     WHERE x NOT IN (SELECT r FROM "registry_meta"."readable_objects"("object_ids") AS r);
    IF "bad" IS NOT NULL THEN
        RAISE EXCEPTION 'unknown object ids: %', array_to_string("bad", ', ')
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'upload every object (begin_upload, COPY, finish_upload) before add_table; objects of private repositories of other namespaces are usable only by uploading their content';
    END IF;
    -- Splitgraph's add_table appends on conflict (a table committed in several chunks).
    INSERT INTO "splitgraph_meta"."tables" AS t ("namespace", "repository", "image_hash", "table_name", "table_schema", "object_ids")
    VALUES ("namespace", "repository", "image_hash", "table_name", "table_schema", "object_ids")
    ON CONFLICT ON CONSTRAINT "tables_pkey"
        DO UPDATE SET "object_ids" = t."object_ids" || EXCLUDED."object_ids";
    IF EXISTS (SELECT 1 FROM "registry_meta"."repositories" AS r
                WHERE r."namespace" = "add_table"."namespace" AND r."repository" = "add_table"."repository" AND r."is_public") THEN
        PERFORM "registry_meta"."publish_objects"("object_ids", true);
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."tag_image"("namespace" varchar, "repository" varchar, "image_hash" varchar, "tag" varchar)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM "registry_meta"."check_name"('namespace', "namespace");
    PERFORM "registry_meta"."check_name"('repository', "repository");
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'write');
    PERFORM "registry_meta"."check_hash"('image hash', "image_hash");
    IF "tag" IS NULL OR "tag" !~ '^[-A-Za-z0-9_.]+$' OR length("tag") > 64 OR "tag" = 'HEAD' THEN
        RAISE EXCEPTION 'invalid tag %', coalesce(quote_literal("tag"), 'NULL') USING ERRCODE = 'invalid_parameter_value',
            HINT = '1 to 64 characters: letters, digits, -, _ and .; HEAD is reserved';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."images" AS i
                    WHERE i."namespace" = "tag_image"."namespace" AND i."repository" = "tag_image"."repository"
                      AND i."image_hash" = "tag_image"."image_hash") THEN
        RAISE EXCEPTION 'no image %/%:%', "namespace", "repository", "image_hash" USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO "splitgraph_meta"."tags" AS t ("namespace", "repository", "image_hash", "tag")
    VALUES ("namespace", "repository", "image_hash", "tag")
    ON CONFLICT ON CONSTRAINT "tags_pkey" DO UPDATE SET "image_hash" = EXCLUDED."image_hash";
    -- The mounter reads it from the feed after commit and bans this repository's tag URLs in the REST cache.
    PERFORM "registry_meta"."record_change"('tag', "namespace", "repository", "image_hash");
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."delete_tag"("namespace" varchar, "repository" varchar, "tag" varchar)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'write');
    DELETE FROM "splitgraph_meta"."tags" AS t
     WHERE t."namespace" = "delete_tag"."namespace" AND t."repository" = "delete_tag"."repository" AND t."tag" = "delete_tag"."tag";
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no tag %/%:%', "namespace", "repository", "tag" USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM "registry_meta"."record_change"('tag', "namespace", "repository");
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."delete_image"("namespace" varchar, "repository" varchar, "image_hash" varchar)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "ids" varchar[];
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'write');
    IF NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."images" AS i
                    WHERE i."namespace" = "delete_image"."namespace" AND i."repository" = "delete_image"."repository"
                      AND i."image_hash" = "delete_image"."image_hash") THEN
        RAISE EXCEPTION 'no image %/%:%', "namespace", "repository", "image_hash" USING ERRCODE = 'no_data_found';
    END IF;
    DELETE FROM "splitgraph_meta"."tags" AS t
     WHERE t."namespace" = "delete_image"."namespace" AND t."repository" = "delete_image"."repository"
       AND t."image_hash" = "delete_image"."image_hash";
    WITH "gone" AS (
        DELETE FROM "splitgraph_meta"."tables" AS t
         WHERE t."namespace" = "delete_image"."namespace" AND t."repository" = "delete_image"."repository"
           AND t."image_hash" = "delete_image"."image_hash"
        RETURNING t."object_ids")
    SELECT array_agg(x) INTO "ids" FROM "gone", unnest("gone"."object_ids") AS x;
    UPDATE "splitgraph_meta"."images" AS i SET "parent_id" = NULL
     WHERE i."namespace" = "delete_image"."namespace" AND i."repository" = "delete_image"."repository"
       AND i."parent_id" = "delete_image"."image_hash";
    DELETE FROM "splitgraph_meta"."images" AS i
     WHERE i."namespace" = "delete_image"."namespace" AND i."repository" = "delete_image"."repository"
       AND i."image_hash" = "delete_image"."image_hash";
    IF "ids" IS NOT NULL THEN
        PERFORM "registry_meta"."publish_objects"("ids", false);
    END IF;
    -- Its mount closes and every cached answer of the repository goes (its hash URLs, and tags that named it).
    PERFORM "registry_meta"."record_change"('image', "namespace", "repository", "image_hash");
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."delete_repository"("namespace" varchar, "repository" varchar)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "ids" varchar[];
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'write');
    IF NOT EXISTS (SELECT 1 FROM "registry_meta"."repositories" AS r
                    WHERE r."namespace" = "delete_repository"."namespace" AND r."repository" = "delete_repository"."repository")
       AND NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."images" AS i
                        WHERE i."namespace" = "delete_repository"."namespace" AND i."repository" = "delete_repository"."repository") THEN
        RAISE EXCEPTION 'no repository %/%', "namespace", "repository" USING ERRCODE = 'no_data_found';
    END IF;
    DELETE FROM "splitgraph_meta"."tags" AS t
     WHERE t."namespace" = "delete_repository"."namespace" AND t."repository" = "delete_repository"."repository";
    WITH "gone" AS (
        DELETE FROM "splitgraph_meta"."tables" AS t
         WHERE t."namespace" = "delete_repository"."namespace" AND t."repository" = "delete_repository"."repository"
        RETURNING t."object_ids")
    SELECT array_agg(x) INTO "ids" FROM "gone", unnest("gone"."object_ids") AS x;
    DELETE FROM "splitgraph_meta"."images" AS i
     WHERE i."namespace" = "delete_repository"."namespace" AND i."repository" = "delete_repository"."repository";
    DELETE FROM "splitgraph_meta"."upstream" AS u
     WHERE u."namespace" = "delete_repository"."namespace" AND u."repository" = "delete_repository"."repository";
    DELETE FROM "registry_meta"."repositories" AS r
     WHERE r."namespace" = "delete_repository"."namespace" AND r."repository" = "delete_repository"."repository";
    IF "ids" IS NOT NULL THEN
        PERFORM "registry_meta"."publish_objects"("ids", false);
    END IF;
    PERFORM "registry_meta"."record_change"('repository', "namespace", "repository");
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."set_repository_public"("namespace" varchar, "repository" varchar, "is_public" boolean)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "ids" varchar[];
    "was_public" boolean;
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'write');
    IF "is_public" IS NULL THEN
        RAISE EXCEPTION 'is_public must be true or false' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT r."is_public" INTO "was_public" FROM "registry_meta"."repositories" AS r
     WHERE r."namespace" = "set_repository_public"."namespace" AND r."repository" = "set_repository_public"."repository"
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no repository %/%', "namespace", "repository" USING ERRCODE = 'no_data_found',
            HINT = 'push an image first';
    END IF;
    UPDATE "registry_meta"."repositories" AS r SET "is_public" = "set_repository_public"."is_public"
     WHERE r."namespace" = "set_repository_public"."namespace" AND r."repository" = "set_repository_public"."repository";
    SELECT array_agg(x) INTO "ids" FROM "splitgraph_meta"."tables" AS t, unnest(t."object_ids") AS x
     WHERE t."namespace" = "set_repository_public"."namespace" AND t."repository" = "set_repository_public"."repository";
    IF "ids" IS NOT NULL THEN
        PERFORM "registry_meta"."publish_objects"("ids", "is_public");
    END IF;
    -- A right taken away: the mounter closes its public mounts and the REST cache drops every URL of the
    -- repository, hash ones too. Publishing takes nothing away (anonymous answers of a private repository
    -- are 404s, never cached), and setting what already holds changes nothing: neither is recorded.
    IF "was_public" AND NOT "is_public" THEN
        PERFORM "registry_meta"."record_change"('access', "namespace", "repository");
    END IF;
END
$$;

-- ---------------------------------------------------------------- object upload
-- Drops uploads abandoned for longer than max_age (a client that died between begin and finish),
-- at most "lim" per call so that the caller's latency stays bounded. Called by begin_upload.
CREATE OR REPLACE FUNCTION "registry_meta"."sweep_uploads"("max_age" interval, "lim" integer) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "t" varchar;
    "n" integer := 0;
BEGIN
    FOR "t" IN SELECT u."upload_table" FROM "registry_meta"."uploads" AS u
                WHERE u."created" < now() - "max_age" ORDER BY u."created" LIMIT "lim"
                FOR UPDATE SKIP LOCKED LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I.%I', 'splitgraph_objects_upload', "t");
        DELETE FROM "registry_meta"."uploads" AS u WHERE u."upload_table" = "t";
        "n" := "n" + 1;
    END LOOP;
    RETURN "n";
END
$$;

-- Drops objects that no table of any image names (a push that died between its uploads and its
-- add_table, images and repositories deleted since) once registered longer than "grace" ago, at
-- most "lim" per call so that the caller's latency stays bounded. The grace spares a push in
-- progress: its objects are registered before its tables. Called by begin_upload.
CREATE OR REPLACE FUNCTION "registry_meta"."sweep_orphan_objects"("grace" interval, "lim" integer) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "oid_" varchar;
    "n" integer := 0;
BEGIN
    -- SKIP LOCKED: add_table holds KEY SHARE on the objects it is naming.
    -- Only the candidates (V170's triggers keep them), not every object: bounded work per call.
    FOR "oid_" IN SELECT o."object_id" FROM "registry_meta"."orphan_candidates" AS c
                    JOIN "splitgraph_meta"."objects" AS o ON o."object_id" = c."object_id"
                   WHERE o."created" < (now() AT TIME ZONE 'UTC') - "grace"
                   ORDER BY o."created" LIMIT "lim"
                   FOR UPDATE OF o SKIP LOCKED LOOP
        -- Again under the lock, with a new snapshot: a table committed since the scan keeps it.
        IF EXISTS (SELECT 1 FROM "splitgraph_meta"."tables" AS t WHERE t."object_ids" @> ARRAY["oid_"]) THEN
            DELETE FROM "registry_meta"."orphan_candidates" AS c WHERE c."object_id" = "oid_";
            CONTINUE;
        END IF;
        BEGIN
            IF to_regclass(format('%I.%I', 'splitgraph_objects', "oid_")) IS NOT NULL THEN
                -- Never wait for a reader of the table (its owner's read_object): next time.
                EXECUTE format('LOCK TABLE %I.%I IN ACCESS EXCLUSIVE MODE NOWAIT', 'splitgraph_objects', "oid_");
                EXECUTE format('DROP TABLE %I.%I', 'splitgraph_objects', "oid_");
            END IF;
            DELETE FROM "splitgraph_meta"."object_locations" AS l WHERE l."object_id" = "oid_";
            DELETE FROM "splitgraph_meta"."objects" AS o WHERE o."object_id" = "oid_";
            "n" := "n" + 1;
        EXCEPTION WHEN lock_not_available THEN
            NULL;
        END;
    END LOOP;
    RETURN "n";
END
$$;

-- Begins an upload of one object by a machine-credentials role: creates a table with the declared
-- columns plus sg_ud_flag in splitgraph_objects_upload, on which the caller gets INSERT only (COPY).
-- Returns its name, or NULL when the namespace already holds the object.
CREATE OR REPLACE FUNCTION "splitgraph_api"."begin_upload"("namespace" varchar, "object_id" varchar, "table_schema" jsonb)
    RETURNS varchar
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "col" jsonb;
    "cols" text[] := '{}';
    "t" varchar := 'u' || encode("pgcrypto"."gen_random_bytes"(12), 'hex');
BEGIN
    PERFORM "registry_meta"."check_name"('namespace', "namespace");
    PERFORM "splitgraph_api"."check_privilege"("namespace", NULL, 'write');
    PERFORM "registry_meta"."check_object_id"("object_id");
    IF NOT EXISTS (SELECT 1 FROM "auth"."machine_credentials" AS m WHERE m."role_name" = session_user) THEN
        RAISE EXCEPTION 'uploads need machine credentials' USING ERRCODE = 'insufficient_privilege',
            HINT = 'connect to the registry database as your API key (create_machine_credentials)';
    END IF;
    -- Only the caller's own holding ends it here; content another namespace holds is uploaded again
    -- and, once its hash is checked, shared (verify_upload): the answer says nothing about others.
    IF EXISTS (SELECT 1 FROM "registry_meta"."object_holders" AS h
                WHERE h."object_id" = "begin_upload"."object_id" AND h."namespace" = "begin_upload"."namespace") THEN
        RETURN NULL;
    END IF;
    PERFORM "registry_meta"."check_table_schema"("table_schema");
    FOR "col" IN SELECT c FROM jsonb_array_elements("table_schema") AS c ORDER BY (c ->> 0)::numeric LOOP
        "cols" := "cols" || format('%I %s', "col" ->> 1, "col" ->> 2);
    END LOOP;
    PERFORM "registry_meta"."sweep_uploads"(interval '1 day', 10);
    PERFORM "registry_meta"."sweep_orphan_objects"(interval '1 day', 10);
    EXECUTE format('CREATE TABLE %I.%I (%s, %I boolean NOT NULL)', 'splitgraph_objects_upload', "t",
                   array_to_string("cols", ', '), 'sg_ud_flag');
    EXECUTE format('GRANT INSERT ON %I.%I TO %I', 'splitgraph_objects_upload', "t", session_user);
    INSERT INTO "registry_meta"."uploads" ("upload_table", "object_id", "namespace", "role_name", "table_schema")
    VALUES ("t", "object_id", "namespace", session_user, "table_schema");
    RETURN "t";
END
$$;

-- Verifies an upload: recomputes the content hash (docs/object-hash.md). On a mismatch the table
-- is dropped and the error is RETURNED (not raised, which would undo the drop): finish_upload
-- commits and then raises it. On a match the table becomes splitgraph_objects."<object_id>" and the
-- object is registered; if the object arrived meanwhile (concurrent push), the upload is dropped.
CREATE OR REPLACE FUNCTION "splitgraph_api"."verify_upload"("upload_table" varchar, "format" varchar DEFAULT 'FRAG',
                                                           "index" jsonb DEFAULT NULL)
    RETURNS TABLE ("object_id" varchar, "insertion_hash" varchar, "deletion_hash" varchar, "rows_inserted" integer,
                   "rows_deleted" integer, "size" bigint, "error" text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "up" "registry_meta"."uploads";
    "h" record;
    "ins" integer;
    "del" integer;
    "sz" bigint;
    "grp" name;
BEGIN
    SELECT * INTO "up" FROM "registry_meta"."uploads" AS u WHERE u."upload_table" = "verify_upload"."upload_table" FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no upload %', coalesce(quote_literal("upload_table"), 'NULL') USING ERRCODE = 'no_data_found',
            HINT = 'begin_upload returns the name of the upload table';
    END IF;
    IF "up"."role_name" <> session_user THEN
        RAISE EXCEPTION 'upload % belongs to another role', "upload_table" USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM "splitgraph_api"."check_privilege"("up"."namespace", NULL, 'write');
    -- No more rows from the uploader; waits for a COPY still running.
    EXECUTE format('LOCK TABLE %I.%I IN ACCESS EXCLUSIVE MODE', 'splitgraph_objects_upload', "up"."upload_table");
    EXECUTE format('REVOKE ALL ON %I.%I FROM %I', 'splitgraph_objects_upload', "up"."upload_table", "up"."role_name");
    -- Hashes, row counts and the index in one scan of the upload.
    SELECT * INTO "h" FROM "splitgraph_meta"."object_digest"('splitgraph_objects_upload', "up"."upload_table", "up"."table_schema", true);
    IF "h"."object_id" IS DISTINCT FROM "up"."object_id" THEN
        EXECUTE format('DROP TABLE %I.%I', 'splitgraph_objects_upload', "up"."upload_table");
        DELETE FROM "registry_meta"."uploads" AS u WHERE u."upload_table" = "up"."upload_table";
        RETURN QUERY SELECT "up"."object_id", "h"."insertion_hash", "h"."deletion_hash", NULL::integer, NULL::integer, NULL::bigint,
            format('content hash mismatch: declared object id %s, content hashes to %s; the upload was dropped',
                   "up"."object_id", "h"."object_id");
        RETURN;
    END IF;
    -- One registration per object id, however many pushes race.
    PERFORM pg_advisory_xact_lock(hashtextextended("up"."object_id", 0));
    IF to_regclass(format('%I.%I', 'splitgraph_objects', "up"."object_id")) IS NOT NULL THEN
        -- The content is here already (this namespace's or another's): the upload proved possession.
        EXECUTE format('DROP TABLE %I.%I', 'splitgraph_objects_upload', "up"."upload_table");
    ELSE
        PERFORM "registry_meta"."check_pushed_index"("up"."object_id", "index", "h"."index");
        "ins" := "h"."rows_inserted";
        "del" := "h"."rows_deleted";
        EXECUTE format('ALTER TABLE %I.%I SET SCHEMA %I', 'splitgraph_objects_upload', "up"."upload_table", 'splitgraph_objects');
        EXECUTE format('ALTER TABLE %I.%I RENAME TO %I', 'splitgraph_objects', "up"."upload_table", "up"."object_id");
        "sz" := pg_total_relation_size(format('%I.%I', 'splitgraph_objects', "up"."object_id")::regclass);
        IF EXISTS (SELECT 1 FROM "splitgraph_meta"."objects" AS o WHERE o."object_id" = "up"."object_id") THEN
            -- Registered without content (stored elsewhere): now it is here, with the registry's own index.
            UPDATE "splitgraph_meta"."objects" AS o
               SET "size" = "sz", "rows_inserted" = "ins", "rows_deleted" = "del",
                   "index" = "h"."index"
             WHERE o."object_id" = "up"."object_id";
        ELSE
            PERFORM "registry_meta"."register_object"("up"."object_id", "format", "up"."namespace", "sz", NULL,
                                                      "h"."insertion_hash", "h"."deletion_hash", "h"."index", "ins", "del");
        END IF;
    END IF;
    INSERT INTO "registry_meta"."object_holders" ("object_id", "namespace") VALUES ("up"."object_id", "up"."namespace")
    ON CONFLICT DO NOTHING;
    -- Layered mounts read objects in place as this role; the mounter decides who reads a mount.
    EXECUTE format('GRANT SELECT ON %I.%I TO %I', 'splitgraph_objects', "up"."object_id", 'registry_mount_reader');
    SELECT u."group_role" INTO "grp" FROM "auth"."users" AS u WHERE u."username" = "up"."namespace";
    IF "grp" IS NOT NULL THEN
        EXECUTE format('GRANT SELECT ON %I.%I TO %I', 'splitgraph_objects', "up"."object_id", "grp");
    END IF;
    DELETE FROM "registry_meta"."uploads" AS u WHERE u."upload_table" = "up"."upload_table";
    RETURN QUERY SELECT o."object_id", o."insertion_hash", o."deletion_hash", o."rows_inserted", o."rows_deleted", o."size",
                        NULL::text
                   FROM "splitgraph_meta"."objects" AS o WHERE o."object_id" = "up"."object_id";
END
$$;

-- Finishes an upload (call it outside an explicit transaction: it commits a rejected upload's drop
-- before raising). Runs with the caller's rights; the work is verify_upload's. Returns the object id.
CREATE OR REPLACE PROCEDURE "splitgraph_api"."finish_upload"("upload_table" varchar, "format" varchar DEFAULT 'FRAG',
                                                            "index" jsonb DEFAULT NULL, INOUT "object_id" varchar DEFAULT NULL)
    LANGUAGE plpgsql
AS $$
DECLARE
    "r" record;
BEGIN
    SELECT * INTO "r" FROM "splitgraph_api"."verify_upload"("upload_table", "format", "index") AS v;
    COMMIT;
    IF "r"."error" IS NOT NULL THEN
        RAISE EXCEPTION '%', "r"."error" USING ERRCODE = 'invalid_parameter_value',
            HINT = 'the object id must be the content hash of docs/object-hash.md; recompute it and push again';
    END IF;
    "object_id" := "r"."object_id";
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."abort_upload"("upload_table" varchar) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "up" "registry_meta"."uploads";
BEGIN
    SELECT * INTO "up" FROM "registry_meta"."uploads" AS u WHERE u."upload_table" = "abort_upload"."upload_table" FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no upload %', coalesce(quote_literal("upload_table"), 'NULL') USING ERRCODE = 'no_data_found';
    END IF;
    IF "up"."role_name" <> session_user THEN
        RAISE EXCEPTION 'upload % belongs to another role', "upload_table" USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('DROP TABLE %I.%I', 'splitgraph_objects_upload', "up"."upload_table");
    DELETE FROM "registry_meta"."uploads" AS u WHERE u."upload_table" = "up"."upload_table";
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA "splitgraph_api" FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA "registry_meta" FROM PUBLIC;
REVOKE ALL ON ALL PROCEDURES IN SCHEMA "splitgraph_api" FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA "splitgraph_api" TO "registry_machine", "registry_api_user", "registry_anon", "registry_user";
GRANT EXECUTE ON ALL PROCEDURES IN SCHEMA "splitgraph_api" TO "registry_machine";
