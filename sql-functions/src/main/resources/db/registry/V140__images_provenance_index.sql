-- get_image_dependents looks images up by containment in provenance_data (@>): a GIN index keeps it
-- from reading every image of the registry.
CREATE INDEX IF NOT EXISTS "images_provenance_data_idx" ON "splitgraph_meta"."images" USING gin ("provenance_data" jsonb_path_ops);
