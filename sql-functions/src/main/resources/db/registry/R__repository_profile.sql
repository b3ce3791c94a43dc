-- A repository's description, README and metadata (V131__repository_profiles.sql).

-- Sets what is given; a NULL argument leaves that part as it is. The repository must exist (push first).
CREATE OR REPLACE FUNCTION "splitgraph_api"."set_repository_profile"("namespace" varchar, "repository" varchar,
                                                                    "description" varchar DEFAULT NULL, "readme" text DEFAULT NULL,
                                                                    "metadata" jsonb DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'write');
    IF NOT EXISTS (SELECT 1 FROM "registry_meta"."repositories" AS r
                    WHERE r."namespace" = "set_repository_profile"."namespace" AND r."repository" = "set_repository_profile"."repository") THEN
        RAISE EXCEPTION 'no repository %/%', "namespace", "repository" USING ERRCODE = 'no_data_found',
            HINT = 'push an image first';
    END IF;
    IF length("description") > 160 THEN
        RAISE EXCEPTION 'description too long (% characters)', length("description")
            USING ERRCODE = 'string_data_right_truncation', HINT = 'a description has at most 160 characters (as Splitgraph''s); put the rest in the README';
    END IF;
    IF octet_length("readme") > 1048576 THEN
        RAISE EXCEPTION 'README too long (% bytes)', octet_length("readme")
            USING ERRCODE = 'string_data_right_truncation', HINT = 'a README has at most 1 MiB';
    END IF;
    IF "metadata" IS NOT NULL AND jsonb_typeof("metadata") <> 'object' THEN
        RAISE EXCEPTION 'metadata must be a JSON object, not %', jsonb_typeof("metadata")
            USING ERRCODE = 'invalid_parameter_value', HINT = 'e.g. {"topics": ["weather"], "license": "CC-BY-4.0"}';
    END IF;
    INSERT INTO "registry_meta"."repository_profiles" AS p ("namespace", "repository", "description", "readme", "metadata")
    VALUES ("namespace", "repository", "description", "readme", coalesce("metadata", '{}'::jsonb))
    ON CONFLICT ON CONSTRAINT "repository_profiles_pkey" DO UPDATE
       SET "description" = coalesce(EXCLUDED."description", p."description"),
           "readme" = coalesce("set_repository_profile"."readme", p."readme"),
           -- Keys merge: a key not given keeps its value (Splitgraph: omitting a key does not delete it).
           "metadata" = p."metadata" || coalesce("set_repository_profile"."metadata", '{}'::jsonb),
           "updated" = now();
    -- The profile is shown in the datasets' OpenAPI documents (V190__change_feed_profile.sql).
    PERFORM "registry_meta"."record_change"('profile', "namespace", "repository");
END
$$;

CREATE OR REPLACE FUNCTION "splitgraph_api"."get_repository_profile"("namespace" varchar, "repository" varchar)
    RETURNS TABLE ("description" varchar, "readme" text, "metadata" jsonb, "updated" timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM "splitgraph_api"."check_privilege"("namespace", "repository", 'read');
    RETURN QUERY SELECT p."description", p."readme", p."metadata", p."updated" FROM "registry_meta"."repository_profiles" AS p
                  WHERE p."namespace" = "get_repository_profile"."namespace" AND p."repository" = "get_repository_profile"."repository";
END
$$;

REVOKE ALL ON FUNCTION "splitgraph_api"."set_repository_profile"(varchar, varchar, varchar, text, jsonb),
    "splitgraph_api"."get_repository_profile"(varchar, varchar) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "splitgraph_api"."set_repository_profile"(varchar, varchar, varchar, text, jsonb)
    TO "registry_machine", "registry_user";
GRANT EXECUTE ON FUNCTION "splitgraph_api"."get_repository_profile"(varchar, varchar)
    TO "registry_machine", "registry_api_user", "registry_anon", "registry_user";
