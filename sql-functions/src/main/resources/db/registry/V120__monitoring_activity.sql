-- The registry's own activity for Prometheus (postgres-exporter's custom query reads this view as the
-- login registry_monitor, which the engine's entrypoint creates as a member of pg_monitor). Rights go to
-- pg_monitor, the predefined role, so they hold whether or not the login exists yet.
--
-- Counts are of what is stored now (users, repositories, images, objects, bytes of objects); the three
-- *_calls columns count calls of the SQL API since the statistics were last reset (track_functions =
-- 'all' in postgresql.conf): every push registers its images with add_image and uploads each new object
-- after begin_upload; every pull or clone (and every mount of the REST API) lists the tables of the
-- repository with get_all_tables. Prometheus' rate() of those counters is the push and pull rate.
CREATE SCHEMA "registry_monitoring";
REVOKE ALL ON SCHEMA "registry_monitoring" FROM PUBLIC;

CREATE VIEW "registry_monitoring"."activity" AS
SELECT (SELECT count(*) FROM "auth"."users")                                      AS "users",
       (SELECT count(*) FROM "registry_meta"."repositories")                      AS "repositories",
       (SELECT count(*) FROM "registry_meta"."repositories" WHERE "is_public")    AS "public_repositories",
       (SELECT count(*) FROM "splitgraph_meta"."images")                          AS "images",
       (SELECT count(*) FROM "splitgraph_meta"."objects")                         AS "objects",
       (SELECT coalesce(sum("size"), 0) FROM "splitgraph_meta"."objects")         AS "object_bytes",
       coalesce((SELECT sum(f."calls") FROM pg_catalog.pg_stat_user_functions f
                  WHERE f."schemaname" = 'splitgraph_api' AND f."funcname" = 'add_image'), 0)      AS "add_image_calls",
       coalesce((SELECT sum(f."calls") FROM pg_catalog.pg_stat_user_functions f
                  WHERE f."schemaname" = 'splitgraph_api' AND f."funcname" = 'begin_upload'), 0)   AS "begin_upload_calls",
       coalesce((SELECT sum(f."calls") FROM pg_catalog.pg_stat_user_functions f
                  WHERE f."schemaname" = 'splitgraph_api' AND f."funcname" = 'get_all_tables'), 0) AS "get_all_tables_calls";

COMMENT ON VIEW "registry_monitoring"."activity" IS
    'One row: what the registry holds and how often it was pushed to and pulled from (read by Prometheus'' postgres-exporter)';

GRANT CONNECT ON DATABASE "${flyway:database}" TO "pg_monitor";
GRANT USAGE ON SCHEMA "registry_monitoring" TO "pg_monitor";
GRANT SELECT ON "registry_monitoring"."activity" TO "pg_monitor";
