-- Roles of the PostgREST spec suite, as its fixtures split them: the authenticator the server logs in
-- as (it holds no privilege of its own), the anonymous role and a role for tokens. Roles are
-- cluster-wide, so they are created once and kept; the password is set by the test on each run.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgrst_spec_authenticator') THEN
        CREATE ROLE pgrst_spec_authenticator LOGIN NOINHERIT;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgrst_spec_anon') THEN
        CREATE ROLE pgrst_spec_anon NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgrst_spec_user') THEN
        CREATE ROLE pgrst_spec_user NOLOGIN;
    END IF;
END
$$;
GRANT pgrst_spec_anon TO pgrst_spec_authenticator;
GRANT pgrst_spec_user TO pgrst_spec_authenticator;
