-- The metadata schema (Splitgraph's splitgraph_meta), shared by the registry and the client's local
-- engine (db/meta runs on both; db/registry only on the registry). Owned by the migrating role.
-- Writes go only through splitgraph_api (SECURITY DEFINER functions); registry_api_user gets
-- CONNECT and nothing that creates or alters objects.

CREATE SCHEMA "splitgraph_meta";

CREATE TABLE "splitgraph_meta"."images" (
    "namespace"       varchar NOT NULL,
    "repository"      varchar NOT NULL,
    "image_hash"      varchar NOT NULL,
    "parent_id"       varchar,
    "created"         timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    "comment"         varchar(4096),
    "provenance_data" jsonb,
    PRIMARY KEY ("namespace", "repository", "image_hash"),
    CONSTRAINT "images_parent_id_fkey" FOREIGN KEY ("namespace", "repository", "parent_id")
        REFERENCES "splitgraph_meta"."images" ("namespace", "repository", "image_hash"),
    CONSTRAINT "images_image_hash_format" CHECK ("image_hash" ~ '^[a-f0-9]{64}$'),
    CONSTRAINT "images_parent_id_format" CHECK ("parent_id" IS NULL OR "parent_id" ~ '^[a-f0-9]{64}$'),
    CONSTRAINT "images_parent_not_self" CHECK ("parent_id" IS NULL OR "parent_id" <> "image_hash"),
    CONSTRAINT "images_namespace_format" CHECK ("namespace" ~ '^[-A-Za-z0-9_]*$' AND length("namespace") <= 64),
    CONSTRAINT "images_repository_format" CHECK ("repository" ~ '^[-A-Za-z0-9_]+$' AND length("repository") <= 64)
);

CREATE TABLE "splitgraph_meta"."tags" (
    "namespace"  varchar NOT NULL,
    "repository" varchar NOT NULL,
    "image_hash" varchar,
    "tag"        varchar NOT NULL,
    PRIMARY KEY ("namespace", "repository", "tag"),
    CONSTRAINT "tags_image_fkey" FOREIGN KEY ("namespace", "repository", "image_hash")
        REFERENCES "splitgraph_meta"."images" ("namespace", "repository", "image_hash"),
    CONSTRAINT "tags_tag_format" CHECK ("tag" ~ '^[-A-Za-z0-9_.]+$' AND length("tag") <= 64 AND "tag" <> 'HEAD')
);

CREATE TABLE "splitgraph_meta"."objects" (
    "object_id"      varchar NOT NULL PRIMARY KEY,
    "namespace"      varchar NOT NULL,
    "size"           bigint,
    "created"        timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    "format"         varchar NOT NULL DEFAULT 'FRAG',
    "index"          jsonb,
    "insertion_hash" varchar(64) NOT NULL,
    "deletion_hash"  varchar(64) NOT NULL,
    "rows_inserted"  integer NOT NULL DEFAULT 0 CHECK ("rows_inserted" >= 0),
    "rows_deleted"   integer NOT NULL DEFAULT 0 CHECK ("rows_deleted" >= 0),
    CONSTRAINT "objects_object_id_format" CHECK ("object_id" ~ '^o[a-f0-9]{62}$'),
    CONSTRAINT "objects_insertion_hash_format" CHECK ("insertion_hash" ~ '^[a-f0-9]{64}$'),
    CONSTRAINT "objects_deletion_hash_format" CHECK ("deletion_hash" ~ '^[a-f0-9]{64}$')
);

CREATE TABLE "splitgraph_meta"."tables" (
    "namespace"    varchar NOT NULL,
    "repository"   varchar NOT NULL,
    "image_hash"   varchar NOT NULL,
    "table_name"   varchar NOT NULL,
    "table_schema" jsonb,
    "object_ids"   varchar[] NOT NULL,
    PRIMARY KEY ("namespace", "repository", "image_hash", "table_name"),
    CONSTRAINT "tables_image_fkey" FOREIGN KEY ("namespace", "repository", "image_hash")
        REFERENCES "splitgraph_meta"."images" ("namespace", "repository", "image_hash")
);

CREATE TABLE "splitgraph_meta"."object_locations" (
    "object_id"         varchar NOT NULL PRIMARY KEY
        REFERENCES "splitgraph_meta"."objects" ("object_id"),
    "location"          varchar NOT NULL,
    "protocol"          varchar NOT NULL
);

CREATE TABLE "splitgraph_meta"."upstream" (
    "namespace"         varchar NOT NULL,
    "repository"        varchar NOT NULL,
    "remote_name"       varchar NOT NULL,
    "remote_namespace"  varchar NOT NULL,
    "remote_repository" varchar NOT NULL,
    PRIMARY KEY ("namespace", "repository")
);

CREATE TABLE "splitgraph_meta"."info" (
    "key"   varchar NOT NULL PRIMARY KEY,
    "value" varchar NOT NULL
);

CREATE TABLE "splitgraph_meta"."version" (
    "version" varchar NOT NULL
);
INSERT INTO "splitgraph_meta"."version" ("version") VALUES ('0.0.1');

-- Tables reject object ids that are not registered objects (Splitgraph's trigger).
CREATE FUNCTION "splitgraph_meta"."validate_table_objects"() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    missing varchar[];
BEGIN
    SELECT array_agg(o) INTO missing
      FROM unnest(NEW."object_ids") AS o
     WHERE NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."objects" WHERE "object_id" = o);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'unknown object ids: %', array_to_string(missing, ', ')
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'register every object with add_object before add_table';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "tables_validate_objects"
    BEFORE INSERT OR UPDATE ON "splitgraph_meta"."tables"
    FOR EACH ROW EXECUTE FUNCTION "splitgraph_meta"."validate_table_objects"();

REVOKE ALL ON SCHEMA "splitgraph_meta" FROM PUBLIC;
