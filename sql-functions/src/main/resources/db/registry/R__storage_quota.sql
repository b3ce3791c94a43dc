-- Storage quotas (V130__storage_quota.sql). The check is a trigger on splitgraph_meta.objects, so
-- every way an object is registered (finish_upload, add_object) is held to it.

-- Bytes a namespace uses: its objects that an image's table names, and those registered in the last
-- day that none names yet (a push in progress registers its objects before its tables). Objects of
-- deleted images stop counting once a day old, when the orphan sweep may drop them.
CREATE OR REPLACE FUNCTION "registry_meta"."storage_used"("ns" varchar) RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(sum(o."size"), 0)::bigint FROM "splitgraph_meta"."objects" AS o
     WHERE o."namespace" = "ns"
       AND (o."created" > (now() AT TIME ZONE 'UTC') - interval '1 day'
            OR EXISTS (SELECT 1 FROM "splitgraph_meta"."tables" AS t WHERE t."object_ids" @> ARRAY[o."object_id"]));
$$;

CREATE OR REPLACE FUNCTION "registry_meta"."check_storage_quota"() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "quota" bigint;
    "used" bigint;
BEGIN
    SELECT q."quota_bytes" INTO "quota" FROM "registry_meta"."storage_quotas" AS q WHERE lower(q."username") = lower(NEW."namespace");
    IF "quota" IS NULL THEN
        RETURN NEW;
    END IF;
    -- One new object of a namespace at a time: two concurrent uploads cannot both fit in the last bytes.
    PERFORM pg_advisory_xact_lock(hashtextextended('storage_quota:' || lower(NEW."namespace"), 0));
    "used" := "registry_meta"."storage_used"(NEW."namespace");
    IF "used" + coalesce(NEW."size", 0) > "quota" THEN
        RAISE EXCEPTION 'storage quota of % exceeded: % bytes used of % bytes, object % needs % more',
            NEW."namespace", "used", "quota", NEW."object_id", coalesce(NEW."size", 0)
            USING ERRCODE = 'disk_full',
                  HINT = 'delete images or repositories you no longer need (sgr rm -r, sgr prune -r; their space is '
                         || 'free a day after they were pushed), or ask the registry administrator for a larger quota';
    END IF;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS "objects_storage_quota" ON "splitgraph_meta"."objects";
CREATE TRIGGER "objects_storage_quota" BEFORE INSERT ON "splitgraph_meta"."objects"
    FOR EACH ROW EXECUTE FUNCTION "registry_meta"."check_storage_quota"();

-- For the registry's administrator (the owner): a quota in bytes, or NULL for none.
CREATE OR REPLACE FUNCTION "registry_meta"."set_storage_quota"("username" varchar, "quota_bytes" bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM "auth"."users" AS u WHERE lower(u."username") = lower("set_storage_quota"."username")) THEN
        RAISE EXCEPTION 'no user %', "username" USING ERRCODE = 'no_data_found';
    END IF;
    IF "quota_bytes" IS NULL THEN
        DELETE FROM "registry_meta"."storage_quotas" AS q WHERE lower(q."username") = lower("set_storage_quota"."username");
    ELSE
        INSERT INTO "registry_meta"."storage_quotas" ("username", "quota_bytes") VALUES (lower("username"), "quota_bytes")
        ON CONFLICT ON CONSTRAINT "storage_quotas_pkey" DO UPDATE SET "quota_bytes" = EXCLUDED."quota_bytes";
    END IF;
END
$$;

-- The caller's namespace: bytes used and its quota (NULL: none).
CREATE OR REPLACE FUNCTION "splitgraph_api"."get_storage_usage"()
    RETURNS TABLE ("namespace" varchar, "used_bytes" bigint, "quota_bytes" bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "me" text := "auth"."get_current_username"();
BEGIN
    IF "me" IS NULL THEN
        RAISE EXCEPTION 'anonymous sessions have no storage' USING ERRCODE = 'insufficient_privilege',
            HINT = 'log in (sgr cloud login)';
    END IF;
    RETURN QUERY SELECT "me"::varchar, "registry_meta"."storage_used"("me"),
                        (SELECT q."quota_bytes" FROM "registry_meta"."storage_quotas" AS q WHERE q."username" = lower("me"));
END
$$;

REVOKE ALL ON FUNCTION "registry_meta"."storage_used"(varchar), "registry_meta"."check_storage_quota"(),
    "registry_meta"."set_storage_quota"(varchar, bigint), "splitgraph_api"."get_storage_usage"() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "splitgraph_api"."get_storage_usage"() TO "registry_machine", "registry_api_user", "registry_user";
