-- registry_mount_reader: the role rest-engine's postgres_fdw logs in as, so that the mounter's layered
-- mounts read objects in place, of private images too. It may read the object tables and nothing else:
-- no API function, no metadata. Who may read a mount is decided by the mounter on every request (the
-- registry is asked with the caller's token), as for a materialised private mount. The mounter could
-- already read every private object through registry_authenticator (it verifies tokens and sets the
-- claims itself), so this role gives it nothing new; it only lets rows be read in place.
-- The migrate step creates it as a LOGIN role with its password (role.registry_mount_reader.password);
-- without one (tests of migrations alone) it exists and cannot log in. Either way it has no attribute
-- beyond LOGIN (CREATE ROLE gives none).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'registry_mount_reader') THEN
        CREATE ROLE "registry_mount_reader" NOLOGIN;
    END IF;
END
$$;

GRANT CONNECT ON DATABASE "${flyway:database}" TO "registry_mount_reader";
GRANT USAGE ON SCHEMA "splitgraph_objects" TO "registry_mount_reader";

-- Objects stored before this role existed; verify_upload grants every later one.
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.relname FROM pg_catalog.pg_class AS c
              WHERE c.relnamespace = 'splitgraph_objects'::regnamespace AND c.relkind = 'r' LOOP
        EXECUTE format('GRANT SELECT ON %I.%I TO %I', 'splitgraph_objects', r.relname, 'registry_mount_reader');
    END LOOP;
END
$$;
