-- Privileges of the spec roles: the anonymous role reads and writes the test schema (writes roll
-- back: the server runs with db.tx_end = rollback-allow-override, as PostgREST's spec suite does).
GRANT USAGE ON SCHEMA test TO pgrst_spec_anon, pgrst_spec_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA test TO pgrst_spec_anon, pgrst_spec_user;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA test TO pgrst_spec_anon, pgrst_spec_user;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA test TO pgrst_spec_anon, pgrst_spec_user;
