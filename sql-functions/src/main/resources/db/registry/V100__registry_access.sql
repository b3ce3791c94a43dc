-- Registry-only migrations are numbered from 100, so db/meta (shared with the client's local
-- engine) can grow without colliding.
-- registry_api_user may connect; what it may do is granted function by function in later migrations.
GRANT CONNECT ON DATABASE "${flyway:database}" TO "registry_api_user";
