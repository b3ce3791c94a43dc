-- Roles of the HTTP APIs (rest-server as registry-api), PostgREST style: rest-server logs in as
-- registry_authenticator (LOGIN, created with its password by the migrate step) and switches per
-- request to registry_anon (no token) or to the JWT's role claim, registry_user. Neither may log in.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'registry_anon') THEN
        CREATE ROLE "registry_anon" NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'registry_user') THEN
        CREATE ROLE "registry_user" NOLOGIN;
    END IF;
END
$$;

ALTER ROLE "registry_authenticator" NOINHERIT;
GRANT "registry_anon" TO "registry_authenticator";
GRANT "registry_user" TO "registry_authenticator";
GRANT CONNECT ON DATABASE "${flyway:database}" TO "registry_authenticator";
