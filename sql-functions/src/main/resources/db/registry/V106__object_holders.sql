-- Which namespaces hold an object's content: the first to upload it and every namespace that
-- uploaded the same content since (proof of possession, checked by the content hash). Reading an
-- object needs a holder's namespace or a public repository that uses it; the first registrant
-- (objects.namespace) alone no longer decides, so nobody can squat content by registering its id.
CREATE TABLE "registry_meta"."object_holders" (
    "object_id" varchar NOT NULL REFERENCES "splitgraph_meta"."objects" ("object_id") ON DELETE CASCADE,
    "namespace" varchar NOT NULL,
    PRIMARY KEY ("object_id", "namespace")
);
REVOKE ALL ON "registry_meta"."object_holders" FROM PUBLIC;

-- Objects stored here so far were uploaded by their registrant.
INSERT INTO "registry_meta"."object_holders" ("object_id", "namespace")
SELECT o."object_id", o."namespace" FROM "splitgraph_meta"."objects" AS o
 WHERE to_regclass(format('%I.%I', 'splitgraph_objects', o."object_id")) IS NOT NULL;
