-- Auth: users, passwords (bcrypt), HS256 JWTs signed here, machine credentials (LOGIN roles).
-- SECURITY DEFINER functions owned by sgr; every name qualified; search_path fixed.
-- Validation errors: 22023 bad input, 23505 taken, 28P01 bad credentials/token, 42501 not allowed.

CREATE OR REPLACE FUNCTION "auth"."b64url"("data" bytea) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT translate(encode("data", 'base64'), E'+/=\n', '-_')
$$;

CREATE OR REPLACE FUNCTION "auth"."b64url_decode"("text" text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT decode(rpad(translate("text", '-_', '+/'), ((length("text") + 3) / 4) * 4, '='), 'base64')
$$;

-- HS256 signature of header.payload with the configured key.
CREATE OR REPLACE FUNCTION "auth"."jwt_sign"("claims" jsonb) RETURNS text
    LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "key" text;
    "signing_input" text;
BEGIN
    SELECT s."secret" INTO "key" FROM "auth_secret"."jwt_secret" AS s;
    IF "key" IS NULL THEN
        RAISE EXCEPTION 'the JWT signing key is not configured'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'render the configuration (secret.auth.jwt) and run the migrate service';
    END IF;
    "signing_input" := "auth"."b64url"(convert_to('{"alg":"HS256","typ":"JWT"}', 'UTF8')) || '.'
        || "auth"."b64url"(convert_to("claims"::text, 'UTF8'));
    RETURN "signing_input" || '.' || "auth"."b64url"(
        "pgcrypto"."hmac"(convert_to("signing_input", 'UTF8'), convert_to("key", 'UTF8'), 'sha256'));
END
$$;

-- The claims of a token signed with our key and not expired; 28P01 otherwise.
CREATE OR REPLACE FUNCTION "auth"."jwt_verify"("token" text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "key" text;
    "parts" text[];
    "header" jsonb;
    "claims" jsonb;
BEGIN
    "parts" := string_to_array(coalesce("token", ''), '.');
    IF array_length("parts", 1) IS DISTINCT FROM 3 THEN
        RAISE EXCEPTION 'malformed token' USING ERRCODE = 'invalid_password', HINT = 'log in again';
    END IF;
    SELECT s."secret" INTO "key" FROM "auth_secret"."jwt_secret" AS s;
    IF "key" IS NULL OR "auth"."b64url"("pgcrypto"."hmac"(convert_to("parts"[1] || '.' || "parts"[2], 'UTF8'),
            convert_to("key", 'UTF8'), 'sha256')) IS DISTINCT FROM "parts"[3] THEN
        RAISE EXCEPTION 'invalid token signature' USING ERRCODE = 'invalid_password', HINT = 'log in again';
    END IF;
    BEGIN
        "header" := convert_from("auth"."b64url_decode"("parts"[1]), 'UTF8')::jsonb;
        "claims" := convert_from("auth"."b64url_decode"("parts"[2]), 'UTF8')::jsonb;
    EXCEPTION WHEN OTHERS THEN
        RAISE EXCEPTION 'malformed token' USING ERRCODE = 'invalid_password', HINT = 'log in again';
    END;
    IF "header" ->> 'alg' IS DISTINCT FROM 'HS256' THEN
        RAISE EXCEPTION 'unsupported token algorithm' USING ERRCODE = 'invalid_password';
    END IF;
    IF ("claims" ->> 'exp') IS NULL OR ("claims" ->> 'exp')::numeric <= extract(epoch FROM now()) THEN
        RAISE EXCEPTION 'token expired' USING ERRCODE = 'invalid_password', HINT = 'get a new access token with your refresh token';
    END IF;
    RETURN "claims";
END
$$;

-- An access token (1 hour) or a refresh token (30 days, recorded so it can be revoked).
CREATE OR REPLACE FUNCTION "auth"."issue_token"("user_id" uuid, "typ" text) RETURNS text
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "u" "auth"."users";
    "now" bigint := floor(extract(epoch FROM now()))::bigint;
    "ttl" bigint := CASE "typ" WHEN 'refresh' THEN 30 * 86400 ELSE 3600 END;
    "jti" uuid := gen_random_uuid();
BEGIN
    SELECT * INTO "u" FROM "auth"."users" AS x WHERE x."user_id" = "issue_token"."user_id";
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such user' USING ERRCODE = 'invalid_password';
    END IF;
    IF "typ" = 'refresh' THEN
        INSERT INTO "auth"."refresh_tokens" ("jti", "user_id", "expires")
        VALUES ("jti", "u"."user_id", to_timestamp("now" + "ttl"));
    END IF;
    RETURN "auth"."jwt_sign"(jsonb_build_object(
        'role', 'registry_user', 'username', "u"."username", 'user_id', "u"."user_id", 'typ', "typ",
        'iat', "now", 'exp', "now" + "ttl", 'jti', "jti"));
END
$$;

-- SCRAM-SHA-256 verifier of a password (RFC 5802/7677, 4096 iterations), computed here so the
-- plain secret never appears in a CREATE ROLE statement that could be logged.
CREATE OR REPLACE FUNCTION "auth"."scram_verifier"("password" text) RETURNS text
    LANGUAGE plpgsql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "salt" bytea := "pgcrypto"."gen_random_bytes"(16);
    "pw" bytea := convert_to("password", 'UTF8');
    "u" bytea;
    "acc" bit(256);
    "salted" bytea;
    "i" int;
BEGIN
    "u" := "pgcrypto"."hmac"("salt" || '\x00000001'::bytea, "pw", 'sha256');
    "acc" := ('x' || encode("u", 'hex'))::bit(256);
    FOR "i" IN 2..4096 LOOP
        "u" := "pgcrypto"."hmac"("u", "pw", 'sha256');
        "acc" := "acc" # ('x' || encode("u", 'hex'))::bit(256);
    END LOOP;
    SELECT decode(string_agg(to_hex(substring("acc" FROM k * 4 + 1 FOR 4)::int), '' ORDER BY k), 'hex')
      INTO "salted" FROM generate_series(0, 63) AS k;
    RETURN 'SCRAM-SHA-256$4096:' || encode("salt", 'base64') || '$'
        || encode(sha256("pgcrypto"."hmac"(convert_to('Client Key', 'UTF8'), "salted", 'sha256')), 'base64') || ':'
        || encode("pgcrypto"."hmac"(convert_to('Server Key', 'UTF8'), "salted", 'sha256'), 'base64');
END
$$;

-- ---- login throttling per account ---------------------------------------------------------
-- Each account's failed logins are counted in a sequence of schema auth_throttle (V105): sequence
-- values survive the rollback that a failed login causes. Value = epoch second of the last failure
-- * 1024 + failures (at most 1023). Five failures are free; then each failure locks the account for
-- 2^(failures - 4) seconds, at most 15 minutes. A successful login clears it; a day without failures
-- forgets them. Names that match no account share 64 sequences, so they fail and lock alike.

-- The account's own sequence, or the shared one of the name tried.
CREATE OR REPLACE FUNCTION "auth"."throttle_sequence"("own" text, "name_tried" text) RETURNS regclass
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(CASE WHEN "own" IS NOT NULL THEN to_regclass(format('%I.%I', 'auth_throttle', "own")) END,
                    to_regclass(format('%I.%I', 'auth_throttle', 'unknown_' || (hashtext(lower(coalesce("name_tried", ''))) & 63))))
$$;

-- Failures still counting (0 once a day has passed since the last), and the last one's epoch second.
CREATE OR REPLACE FUNCTION "auth"."throttle_state"("seq" regclass, OUT "failures" bigint, OUT "last_failure" bigint)
    LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "v" bigint := coalesce(pg_sequence_last_value("seq"), 0);
BEGIN
    "failures" := "v" % 1024;
    "last_failure" := "v" / 1024;
    IF "last_failure" < floor(extract(epoch FROM now()))::bigint - 86400 THEN
        "failures" := 0;
    END IF;
END
$$;

-- Serialises logins of one account for the rest of the transaction, then refuses a locked one with
-- PostgREST's custom error (SQLSTATE PGRST): HTTP 429 with Retry-After.
CREATE OR REPLACE FUNCTION "auth"."throttle_check"("seq" regclass) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "st" record;
    "wait" bigint;
BEGIN
    PERFORM pg_advisory_xact_lock("seq"::oid::bigint);
    "st" := "auth"."throttle_state"("seq");
    IF "st"."failures" < 5 THEN
        RETURN;
    END IF;
    "wait" := "st"."last_failure" + least(power(2, least("st"."failures", 20) - 4)::bigint, 900)
              - floor(extract(epoch FROM now()))::bigint;
    IF "wait" > 0 THEN
        RAISE SQLSTATE 'PGRST' USING
            MESSAGE = json_build_object('code', 'TOO_MANY_LOGINS',
                'message', 'too many failed logins for this account',
                'details', format('%s failed logins in a row', "st"."failures"),
                'hint', format('try again in %s s', "wait"))::text,
            DETAIL = json_build_object('status', 429, 'headers', json_build_object('Retry-After', "wait"::text))::text;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION "auth"."throttle_fail"("seq" regclass) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM setval("seq", floor(extract(epoch FROM now()))::bigint * 1024
        + least(("auth"."throttle_state"("seq"))."failures" + 1, 1023), true);
END
$$;

CREATE OR REPLACE FUNCTION "auth"."throttle_clear"("seq" regclass) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF coalesce(pg_sequence_last_value("seq"), 0) <> 0 THEN
        PERFORM setval("seq", 0, true);
    END IF;
END
$$;

-- bcrypt reads only the first 72 bytes of a password: a longer one is refused, not cut silently.
CREATE OR REPLACE FUNCTION "auth"."check_password_length"("password" varchar) RETURNS void
    LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF octet_length(convert_to(coalesce("password", ''), 'UTF8')) > 72 THEN
        RAISE EXCEPTION 'invalid password: longer than 72 bytes' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'a password has 8 characters to 72 bytes (UTF-8); bcrypt ignores anything after the 72nd byte';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION "auth"."register_user"("username" varchar, "password" varchar, "email" varchar)
    RETURNS TABLE ("user_id" uuid, "access_token" text, "refresh_token" text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "id" uuid := gen_random_uuid();
    "grp" name := 'sgr_user_' || replace("id"::text, '-', '');
BEGIN
    IF "username" IS NULL OR "username" !~ '^[A-Za-z0-9][-A-Za-z0-9_]{1,38}$' THEN
        RAISE EXCEPTION 'invalid username %', coalesce(quote_literal("username"), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = '2 to 39 characters: letters, digits, - and _, starting with a letter or digit';
    END IF;
    IF "password" IS NULL OR length("password") < 8 THEN
        RAISE EXCEPTION 'invalid password' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'a password has 8 characters to 72 bytes (UTF-8)';
    END IF;
    PERFORM "auth"."check_password_length"("password");
    IF "email" IS NULL OR "email" !~ '^[^@\s]+@[^@\s]+$' OR length("email") > 254 THEN
        RAISE EXCEPTION 'invalid email %', coalesce(quote_literal("email"), 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'give an address like name@example.com';
    END IF;
    IF EXISTS (SELECT 1 FROM "auth"."users" AS u WHERE lower(u."username") = lower("register_user"."username")) THEN
        RAISE EXCEPTION 'username % is taken', quote_literal("username") USING ERRCODE = 'unique_violation';
    END IF;
    -- A concurrent registration of the same name fails on the unique index with 23505 as well.
    INSERT INTO "auth"."users" ("user_id", "username", "email", "password_hash", "group_role")
    VALUES ("id", "username", "email", "pgcrypto"."crypt"("password", "pgcrypto"."gen_salt"('bf', 10)), "grp");
    EXECUTE format('CREATE ROLE %I NOLOGIN', "grp");
    EXECUTE format('CREATE SEQUENCE %I.%I AS bigint MINVALUE 0 START 0', 'auth_throttle', 'u_' || replace("id"::text, '-', ''));
    RETURN QUERY SELECT "id", "auth"."issue_token"("id", 'access'), "auth"."issue_token"("id", 'refresh');
END
$$;

-- The user with this username and password; 28P01 otherwise (same message either way). An unknown
-- name costs one bcrypt as well, so the answer's time does not tell whether the user exists.
CREATE OR REPLACE FUNCTION "auth"."authenticate"("username" varchar, "password" varchar) RETURNS uuid
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "u" record;
    "seq" regclass;
    "pw" text := coalesce("password", '');
BEGIN
    PERFORM "auth"."check_password_length"("pw");
    SELECT x."user_id", x."password_hash" INTO "u" FROM "auth"."users" AS x
     WHERE lower(x."username") = lower("authenticate"."username");
    "seq" := "auth"."throttle_sequence"('u_' || replace("u"."user_id"::text, '-', ''), "username");
    PERFORM "auth"."throttle_check"("seq");
    IF "u"."user_id" IS NULL THEN
        PERFORM "pgcrypto"."crypt"("pw", "pgcrypto"."gen_salt"('bf', 10));
    ELSIF "u"."password_hash" = "pgcrypto"."crypt"("pw", "u"."password_hash") THEN
        PERFORM "auth"."throttle_clear"("seq");
        RETURN "u"."user_id";
    END IF;
    PERFORM "auth"."throttle_fail"("seq");
    RAISE EXCEPTION 'invalid username or password' USING ERRCODE = 'invalid_password';
END
$$;

CREATE OR REPLACE FUNCTION "auth"."refresh_token"("username" varchar, "password" varchar) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN "auth"."issue_token"("auth"."authenticate"("username", "password"), 'refresh');
END
$$;

CREATE OR REPLACE FUNCTION "auth"."access_token"("refresh_token" text DEFAULT NULL, "api_key" text DEFAULT NULL,
                                                 "api_secret" text DEFAULT NULL) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "claims" jsonb;
    "id" uuid;
    "mc" record;
    "seq" regclass;
BEGIN
    IF "refresh_token" IS NOT NULL THEN
        "claims" := "auth"."jwt_verify"("refresh_token");
        IF "claims" ->> 'typ' IS DISTINCT FROM 'refresh' THEN
            RAISE EXCEPTION 'not a refresh token' USING ERRCODE = 'invalid_password';
        END IF;
        SELECT t."user_id" INTO "id" FROM "auth"."refresh_tokens" AS t
         WHERE t."jti" = ("claims" ->> 'jti')::uuid AND NOT t."revoked" AND t."expires" > now();
        IF "id" IS NULL THEN
            RAISE EXCEPTION 'refresh token revoked or unknown' USING ERRCODE = 'invalid_password', HINT = 'log in again';
        END IF;
    ELSIF "api_key" IS NOT NULL AND "api_secret" IS NOT NULL THEN
        -- Throttled per key; an unknown key costs one bcrypt too (same cost as the stored hashes).
        SELECT m."user_id", m."secret_hash" INTO "mc" FROM "auth"."machine_credentials" AS m
         WHERE m."role_name" = "api_key";
        "seq" := "auth"."throttle_sequence"(CASE WHEN "mc"."user_id" IS NOT NULL THEN 'k_' || substr("api_key", 8) END, "api_key");
        PERFORM "auth"."throttle_check"("seq");
        IF "mc"."user_id" IS NULL THEN
            PERFORM "pgcrypto"."crypt"("api_secret", "pgcrypto"."gen_salt"('bf', 6));
        ELSIF "mc"."secret_hash" = "pgcrypto"."crypt"("api_secret", "mc"."secret_hash") THEN
            "id" := "mc"."user_id";
        END IF;
        IF "id" IS NULL THEN
            PERFORM "auth"."throttle_fail"("seq");
            RAISE EXCEPTION 'invalid API key or secret' USING ERRCODE = 'invalid_password';
        END IF;
        PERFORM "auth"."throttle_clear"("seq");
    ELSE
        RAISE EXCEPTION 'give a refresh_token, or an api_key and api_secret' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN "auth"."issue_token"("id", 'access');
END
$$;

-- The user calling: a machine-credentials role maps to its user; rest-server's registry_user
-- requests to the username claim of the JWT it verified; anything else is anonymous (NULL).
-- The claims GUC is trusted only from registry_authenticator sessions: any role can set a GUC.
CREATE OR REPLACE FUNCTION "auth"."get_current_username"() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "claims" jsonb;
    "name" text;
BEGIN
    IF session_user = 'registry_authenticator' THEN
        IF current_setting('role', true) IS DISTINCT FROM 'registry_user' THEN
            RETURN NULL;
        END IF;
        "claims" := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
        IF "claims" IS NULL OR "claims" ->> 'typ' IS DISTINCT FROM 'access' THEN
            RETURN NULL;
        END IF;
        SELECT u."username" INTO "name" FROM "auth"."users" AS u
         WHERE u."user_id" = ("claims" ->> 'user_id')::uuid AND u."username" = "claims" ->> 'username';
        RETURN "name";
    END IF;
    SELECT u."username" INTO "name"
      FROM "auth"."machine_credentials" AS m JOIN "auth"."users" AS u ON u."user_id" = m."user_id"
     WHERE m."role_name" = session_user;
    RETURN "name";
END
$$;

-- Resource limits of a machine role (per role: settings of a group role do not reach its members).
-- temp_file_limit is superuser-only, so it is set for every role in postgresql.conf.
CREATE OR REPLACE FUNCTION "auth"."limit_machine_role"("role_name" name) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', "role_name", '15min');
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', "role_name", '5min');
    EXECUTE format('ALTER ROLE %I SET work_mem = %L', "role_name", '32MB');
END
$$;
REVOKE ALL ON FUNCTION "auth"."limit_machine_role"(name) FROM PUBLIC;

DO $$
DECLARE r record;
BEGIN
    -- Keys made before the limits existed get them too (idempotent).
    FOR r IN SELECT m."role_name" FROM "auth"."machine_credentials" AS m
              WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS p WHERE p.rolname = m."role_name") LOOP
        PERFORM "auth"."limit_machine_role"(r."role_name");
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION "auth"."new_machine_credentials"("user_id" uuid)
    RETURNS TABLE ("key" text, "secret" text)
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "grp" name;
    "k" text := 'sgr_mc_' || encode("pgcrypto"."gen_random_bytes"(12), 'hex');
    "s" text := encode("pgcrypto"."gen_random_bytes"(20), 'hex');
BEGIN
    SELECT u."group_role" INTO "grp" FROM "auth"."users" AS u WHERE u."user_id" = "new_machine_credentials"."user_id";
    IF "grp" IS NULL THEN
        RAISE EXCEPTION 'no such user' USING ERRCODE = 'invalid_password';
    END IF;
    -- Each key is a LOGIN role with its own connection limit: a user's keys are bounded too.
    PERFORM pg_advisory_xact_lock(hashtext('auth.machine_credentials'), hashtext("grp"::text));
    IF (SELECT count(*) FROM "auth"."machine_credentials" AS m WHERE m."user_id" = "new_machine_credentials"."user_id") >= 10 THEN
        RAISE EXCEPTION 'a user has at most 10 API keys' USING ERRCODE = 'configuration_limit_exceeded',
            HINT = 'use one of your existing keys';
    END IF;
    -- The password is given as a SCRAM verifier, so PostgreSQL stores it as is.
    EXECUTE format('CREATE ROLE %I LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS '
                   'CONNECTION LIMIT 20 PASSWORD %L IN ROLE %I, %I',
                   "k", "auth"."scram_verifier"("s"), 'registry_machine', "grp");
    PERFORM "auth"."limit_machine_role"("k");
    EXECUTE format('CREATE SEQUENCE %I.%I AS bigint MINVALUE 0 START 0', 'auth_throttle', 'k_' || substr("k", 8));
    INSERT INTO "auth"."machine_credentials" ("role_name", "user_id", "secret_hash")
    VALUES ("k", "new_machine_credentials"."user_id", "pgcrypto"."crypt"("s", "pgcrypto"."gen_salt"('bf', 6)));
    RETURN QUERY SELECT "k", "s";
END
$$;

-- For a logged-in user (rest-server with a JWT, or a machine role).
CREATE OR REPLACE FUNCTION "auth"."create_machine_credentials"() RETURNS TABLE ("key" text, "secret" text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    "id" uuid;
BEGIN
    SELECT u."user_id" INTO "id" FROM "auth"."users" AS u WHERE u."username" = "auth"."get_current_username"();
    IF "id" IS NULL THEN
        RAISE EXCEPTION 'log in to create machine credentials' USING ERRCODE = 'insufficient_privilege',
            HINT = 'send an access token, or use create_machine_credentials(username, password)';
    END IF;
    RETURN QUERY SELECT * FROM "auth"."new_machine_credentials"("id");
END
$$;

CREATE OR REPLACE FUNCTION "auth"."create_machine_credentials"("username" varchar, "password" varchar)
    RETURNS TABLE ("key" text, "secret" text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT * FROM "auth"."new_machine_credentials"("auth"."authenticate"("username", "password"));
END
$$;

-- Splitgraph's client sends accept_tos with register_user. This registry has no terms of service
-- to record, so the 4-argument form is the 3-argument one; PostgREST-style servers pick the overload
-- by the set of named arguments, so both request shapes work.
CREATE OR REPLACE FUNCTION "auth"."register_user"("username" varchar, "password" varchar, "email" varchar, "accept_tos" boolean)
    RETURNS TABLE ("user_id" uuid, "access_token" text, "refresh_token" text)
    LANGUAGE sql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM "auth"."register_user"("username", "password", "email");
$$;

-- Accounts made before throttling existed get their sequences too (idempotent).
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT 'u_' || replace(u."user_id"::text, '-', '') AS "seq" FROM "auth"."users" AS u
             UNION ALL
             SELECT 'k_' || substr(m."role_name", 8) FROM "auth"."machine_credentials" AS m LOOP
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I.%I AS bigint MINVALUE 0 START 0', 'auth_throttle', r."seq");
    END LOOP;
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA "auth" FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "auth"."register_user"(varchar, varchar, varchar),
    "auth"."register_user"(varchar, varchar, varchar, boolean),
    "auth"."refresh_token"(varchar, varchar),
    "auth"."access_token"(text, text, text),
    "auth"."create_machine_credentials"(varchar, varchar),
    "auth"."create_machine_credentials"(),
    "auth"."get_current_username"()
    TO "registry_anon", "registry_user", "registry_api_user", "registry_machine";
