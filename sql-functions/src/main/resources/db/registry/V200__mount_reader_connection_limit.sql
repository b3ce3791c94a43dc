-- rest-engine's postgres_fdw connects as registry_mount_reader straight to the engine (not through the
-- front door, whose per-source limits guard the engine from outside callers): at most one connection per
-- rest-engine session that reads a layered mount. Its own limit keeps those sessions from taking the
-- slots the front door and the other services count on (engine max_connections 240: 3 reserved, 150
-- through the front door, 40 for this role, the rest for the services' pools).
ALTER ROLE "registry_mount_reader" CONNECTION LIMIT 40;
