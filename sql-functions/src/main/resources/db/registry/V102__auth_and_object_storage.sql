-- Registry-only objects (issue 4): pgcrypto, the auth schema, the JWT secret's private schema,
-- repository visibility, object storage schemas and the group roles of API callers.
-- Functions live in repeatable migrations (R__auth.sql, R__splitgraph_api.sql).

-- pgcrypto is a trusted extension: the database owner (sgr) may create it. Its own schema, so no
-- function of ours resolves anything through a search_path a caller controls.
CREATE SCHEMA "pgcrypto";
REVOKE ALL ON SCHEMA "pgcrypto" FROM PUBLIC;
CREATE EXTENSION IF NOT EXISTS "pgcrypto" WITH SCHEMA "pgcrypto";

-- Functions are executable only where granted explicitly.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Group roles (NOLOGIN). registry_machine: every machine-credentials LOGIN role is a member; it may
-- connect and call splitgraph_api/auth, nothing else. registry_reader: SELECT on the object tables
-- of public repositories.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'registry_machine') THEN
        CREATE ROLE "registry_machine" NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'registry_reader') THEN
        CREATE ROLE "registry_reader" NOLOGIN;
    END IF;
END
$$;
GRANT CONNECT ON DATABASE "${flyway:database}" TO "registry_machine";
GRANT "registry_reader" TO "registry_machine";
GRANT "registry_reader" TO "registry_api_user";
GRANT "registry_reader" TO "registry_anon";
GRANT "registry_reader" TO "registry_user";

-- Users, their machine credentials and issued refresh tokens.
CREATE SCHEMA "auth";
REVOKE ALL ON SCHEMA "auth" FROM PUBLIC;

CREATE TABLE "auth"."users" (
    "user_id"       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    "username"      varchar(39) NOT NULL,
    "email"         varchar(254) NOT NULL,
    "password_hash" text NOT NULL,
    -- NOLOGIN role holding this user's rights on its own objects; its machine roles are members.
    "group_role"    name NOT NULL UNIQUE,
    "created"       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT "users_username_format" CHECK ("username" ~ '^[A-Za-z0-9][-A-Za-z0-9_]{1,38}$'),
    CONSTRAINT "users_email_format" CHECK ("email" ~ '^[^@\s]+@[^@\s]+$')
);
CREATE UNIQUE INDEX "users_username_key" ON "auth"."users" (lower("username"));
CREATE UNIQUE INDEX "users_email_key" ON "auth"."users" (lower("email"));

CREATE TABLE "auth"."machine_credentials" (
    "role_name"   name PRIMARY KEY,
    "user_id"     uuid NOT NULL REFERENCES "auth"."users" ("user_id") ON DELETE CASCADE,
    -- bcrypt of the secret, for access_token(api_key, api_secret); PostgreSQL keeps its own SCRAM verifier.
    "secret_hash" text NOT NULL,
    "created"     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX "machine_credentials_user" ON "auth"."machine_credentials" ("user_id");

CREATE TABLE "auth"."refresh_tokens" (
    "jti"     uuid PRIMARY KEY,
    "user_id" uuid NOT NULL REFERENCES "auth"."users" ("user_id") ON DELETE CASCADE,
    "issued"  timestamptz NOT NULL DEFAULT now(),
    "expires" timestamptz NOT NULL,
    "revoked" boolean NOT NULL DEFAULT false
);

-- The JWT signing key: no role but the owner has USAGE on this schema; only SECURITY DEFINER
-- functions of the owner read it. Set by R__jwt_secret.sql from the configurator's secret.auth.jwt.
CREATE SCHEMA "auth_secret";
REVOKE ALL ON SCHEMA "auth_secret" FROM PUBLIC;
CREATE TABLE "auth_secret"."jwt_secret" (
    "id"     boolean PRIMARY KEY DEFAULT true CHECK ("id"),
    "secret" text NOT NULL CHECK (length("secret") >= 32)
);

-- Registry bookkeeping that the client's local engine does not have: who owns a repository,
-- whether it is public, and the uploads in progress. No grants: functions only.
CREATE SCHEMA "registry_meta";
REVOKE ALL ON SCHEMA "registry_meta" FROM PUBLIC;

CREATE TABLE "registry_meta"."repositories" (
    "namespace"  varchar NOT NULL,
    "repository" varchar NOT NULL,
    "owner_id"   uuid REFERENCES "auth"."users" ("user_id") ON DELETE SET NULL,
    "is_public"  boolean NOT NULL DEFAULT false,
    "created"    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY ("namespace", "repository")
);

CREATE TABLE "registry_meta"."uploads" (
    "upload_table" varchar PRIMARY KEY,
    "object_id"    varchar NOT NULL CHECK ("object_id" ~ '^o[a-f0-9]{62}$'),
    "namespace"    varchar NOT NULL,
    "role_name"    name NOT NULL,
    "table_schema" jsonb NOT NULL,
    "created"      timestamptz NOT NULL DEFAULT now()
);

-- Object tables (named by object id) and uploads in progress. Access is granted table by table.
CREATE SCHEMA "splitgraph_objects";
REVOKE ALL ON SCHEMA "splitgraph_objects" FROM PUBLIC;
GRANT USAGE ON SCHEMA "splitgraph_objects" TO "registry_reader";
GRANT USAGE ON SCHEMA "splitgraph_objects" TO "registry_machine";

CREATE SCHEMA "splitgraph_objects_upload";
REVOKE ALL ON SCHEMA "splitgraph_objects_upload" FROM PUBLIC;
GRANT USAGE ON SCHEMA "splitgraph_objects_upload" TO "registry_machine";

CREATE SCHEMA "splitgraph_api";
REVOKE ALL ON SCHEMA "splitgraph_api" FROM PUBLIC;
GRANT USAGE ON SCHEMA "splitgraph_api" TO "registry_machine", "registry_api_user", "registry_anon", "registry_user";
GRANT USAGE ON SCHEMA "auth" TO "registry_machine", "registry_api_user", "registry_anon", "registry_user";
