-- A repository's description and README are its datasets' OpenAPI title and description (the mounter
-- sets them as the mount schema's comment, which data-api shows as PostgREST does). A change to them
-- is a row of the change feed, kind 'profile', so the mounter drops those mounts and the cached
-- documents are banned; the next request mounts with the new text.
ALTER TABLE "registry_meta"."changes" DROP CONSTRAINT "changes_kind_check";
ALTER TABLE "registry_meta"."changes" ADD CONSTRAINT "changes_kind_check"
    CHECK ("kind" IN ('tag', 'access', 'image', 'repository', 'profile'));
