-- Privileges of the spec roles: the anonymous role reads and writes the test schema (writes roll
-- back: the server runs with db.tx_end = rollback-allow-override, as PostgREST's spec suite does).
GRANT USAGE ON SCHEMA test TO pgrst_spec_anon, pgrst_spec_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA test TO pgrst_spec_anon, pgrst_spec_user;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA test TO pgrst_spec_anon, pgrst_spec_user;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA test TO pgrst_spec_anon, pgrst_spec_user;
-- app_users: the anonymous role reads only id and email, and may insert, update and delete.
REVOKE ALL PRIVILEGES ON TABLE test.app_users FROM pgrst_spec_anon, pgrst_spec_user;
GRANT SELECT (id, email) ON TABLE test.app_users TO pgrst_spec_anon;
GRANT INSERT, UPDATE, DELETE ON TABLE test.app_users TO pgrst_spec_anon;
-- authors_only: not the anonymous role's.
REVOKE ALL PRIVILEGES ON TABLE test.authors_only FROM pgrst_spec_anon;
-- UnicodeSpec's schema.
GRANT USAGE ON SCHEMA تست TO pgrst_spec_anon, pgrst_spec_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA تست TO pgrst_spec_anon, pgrst_spec_user;
-- MultipleSchemaSpec's schemas.
GRANT USAGE ON SCHEMA v1, v2, "SPECIAL ""@/\#~_-" TO pgrst_spec_anon, pgrst_spec_user;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA v1, v2, "SPECIAL ""@/\#~_-" TO pgrst_spec_anon, pgrst_spec_user;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA v1, v2, "SPECIAL ""@/\#~_-" TO pgrst_spec_anon, pgrst_spec_user;
