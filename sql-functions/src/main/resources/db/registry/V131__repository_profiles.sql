-- What a repository says about itself on the registry (Splitgraph's sgr cloud description, readme and
-- metadata): a one-line description, a README (Markdown) and free metadata (topics, license, sources...).
-- Set by its owner, read by whoever may read the repository (R__repository_profile.sql); gone with it.
CREATE TABLE "registry_meta"."repository_profiles" (
    "namespace"   varchar NOT NULL,
    "repository"  varchar NOT NULL,
    "description" varchar(160),
    "readme"      text,
    "metadata"    jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof("metadata") = 'object'),
    "updated"     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY ("namespace", "repository"),
    FOREIGN KEY ("namespace", "repository") REFERENCES "registry_meta"."repositories" ("namespace", "repository") ON DELETE CASCADE,
    CONSTRAINT "repository_profiles_readme_size" CHECK (octet_length("readme") <= 1048576)
);
REVOKE ALL ON "registry_meta"."repository_profiles" FROM PUBLIC;
