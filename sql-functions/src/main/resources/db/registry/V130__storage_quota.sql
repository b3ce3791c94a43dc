-- Per-user storage quotas on the registry, in bytes: an administrator (the registry's owner) sets
-- them with registry_meta.set_storage_quota; a user without a row has no limit. What a user uses is
-- the size of the objects its namespace owns (the first pusher of an object owns it), counted by
-- registry_meta.storage_used (R__storage_quota.sql); a new object past the quota is refused.
CREATE TABLE "registry_meta"."storage_quotas" (
    "username"    varchar(39) PRIMARY KEY,
    "quota_bytes" bigint NOT NULL CHECK ("quota_bytes" >= 0)
);
REVOKE ALL ON "registry_meta"."storage_quotas" FROM PUBLIC;

-- A namespace's objects are summed on every new object: by index, not by scanning every object.
CREATE INDEX "objects_namespace" ON "splitgraph_meta"."objects" ("namespace");
