-- Logins are throttled per account (auth.throttle_* in R__auth.sql). A failed login raises, and the
-- caller's transaction rolls back, so a failure count kept in a table would be rolled back with it.
-- Sequence values are not transactional (setval is never rolled back), so each account's count lives
-- in a sequence of its own here: one per user ("u_<user id hex>") and per API key ("k_<key hex>"),
-- made with the account, plus 64 shared by names that match no account, so that an unknown name
-- fails and locks exactly like a known one. Nobody but the owner may touch them.
CREATE SCHEMA "auth_throttle";
REVOKE ALL ON SCHEMA "auth_throttle" FROM PUBLIC;

DO $$
BEGIN
    FOR i IN 0..63 LOOP
        EXECUTE format('CREATE SEQUENCE "auth_throttle".%I AS bigint MINVALUE 0 START 0', 'unknown_' || i);
    END LOOP;
END
$$;

-- An email is contact data, not an identity (logins use the username): two accounts may share one,
-- so registration cannot tell whether an address is already registered.
DROP INDEX "auth"."users_email_key";
