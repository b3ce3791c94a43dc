-- The JWT signing key from the configurator (secret.auth.jwt -> placeholder jwt_secret). Repeatable:
-- Flyway re-runs it whenever the placeholder changes, so a rotated secret takes effect on the next
-- migrate run. Stored in auth_secret, which no role but the owner can use.
INSERT INTO "auth_secret"."jwt_secret" ("id", "secret") VALUES (true, '${jwt_secret}')
    ON CONFLICT ("id") DO UPDATE SET "secret" = EXCLUDED."secret";
