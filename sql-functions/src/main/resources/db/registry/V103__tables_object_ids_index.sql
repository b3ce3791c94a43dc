-- Registry only: which tables use an object (read rights of objects of public repositories,
-- publishing on visibility changes) is answered with "object_ids @> ARRAY[id]" through this index
-- instead of scanning every table row.
CREATE INDEX "tables_object_ids_gin" ON "splitgraph_meta"."tables" USING gin ("object_ids");
