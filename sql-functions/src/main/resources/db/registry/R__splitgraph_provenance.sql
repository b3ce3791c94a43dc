-- Provenance queries of Splitgraph's API: which images a Splitfile-built image was made from, and
-- which images were made from an image. Both read images.provenance_data (a JSON array of the
-- Splitfile's commands, written by add_image on push: docs/splitfiles.md).
-- Same names, arguments and result columns as Splitgraph. One difference: Splitgraph's
-- get_image_dependents lists images of every repository; here only those the caller may read
-- (public, or in their own namespace), so a private repository does not show through.

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_image_dependencies"("_namespace" varchar, "_repository" varchar,
                                                                    "_image_hash" varchar)
    RETURNS TABLE ("namespace" varchar, "repository" varchar, "image_hash" varchar)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    "ns" varchar := "_namespace";
    "repo" varchar := "_repository";
    "img" varchar := "_image_hash";
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("ns", "repo", 'read');
    RETURN QUERY
        WITH "lines" AS (
            SELECT jsonb_array_elements(i."provenance_data") AS "d"
              FROM "splitgraph_meta"."images" AS i
             WHERE i."namespace" = "ns" AND i."repository" = "repo" AND i."image_hash" = "img"
               AND jsonb_typeof(i."provenance_data") = 'array'
        ), "sources" AS (
            SELECT l."d" FROM "lines" AS l WHERE l."d" ->> 'type' IN ('IMPORT', 'FROM')
            UNION
            SELECT jsonb_array_elements(l."d" -> 'sources') FROM "lines" AS l
             WHERE l."d" ->> 'type' = 'SQL' AND jsonb_typeof(l."d" -> 'sources') = 'array'
        )
        SELECT DISTINCT (s."d" ->> 'source_namespace')::varchar, (s."d" ->> 'source')::varchar,
                        (s."d" ->> 'source_hash')::varchar
          FROM "sources" AS s
         ORDER BY 1, 2, 3;
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_image_dependents"("_namespace" varchar, "_repository" varchar,
                                                                  "_image_hash" varchar)
    RETURNS TABLE ("namespace" varchar, "repository" varchar, "image_hash" varchar)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    "ns" varchar := "_namespace";
    "repo" varchar := "_repository";
    "img" varchar := "_image_hash";
    "me" text := "auth"."get_current_username"();
    "filter" jsonb;
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("ns", "repo", 'read');
    "filter" := jsonb_build_array(jsonb_build_object('source_namespace', "ns", 'source', "repo", 'source_hash', "img"));
    RETURN QUERY
        SELECT i."namespace", i."repository", i."image_hash"
          FROM "splitgraph_meta"."images" AS i
         WHERE (i."provenance_data" @> "filter"
                OR i."provenance_data" @> jsonb_build_array(jsonb_build_object('sources', "filter")))
           AND ((i."namespace" = "me")
                OR EXISTS (SELECT 1 FROM "registry_meta"."repositories" AS r
                            WHERE r."namespace" = i."namespace" AND r."repository" = i."repository" AND r."is_public"))
         ORDER BY i."created", 1, 2, 3;
END
$$;

REVOKE ALL ON FUNCTION "splitgraph_api"."get_image_dependencies"(varchar, varchar, varchar) FROM PUBLIC;
REVOKE ALL ON FUNCTION "splitgraph_api"."get_image_dependents"(varchar, varchar, varchar) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "splitgraph_api"."get_image_dependencies"(varchar, varchar, varchar)
    TO "registry_machine", "registry_api_user", "registry_anon", "registry_user";
GRANT EXECUTE ON FUNCTION "splitgraph_api"."get_image_dependents"(varchar, varchar, varchar)
    TO "registry_machine", "registry_api_user", "registry_anon", "registry_user";
