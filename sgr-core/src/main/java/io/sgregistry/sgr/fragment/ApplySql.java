package io.sgregistry.sgr.fragment;

import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The statements that apply a fragment to a table: delete every key the fragment names (upserted
 * or deleted), then insert the fragment's upserted rows. With a real primary key, keys match with
 * {@code =} (indexable); a table without one is keyed by the whole row, matched by its text form
 * (every type has one; NULL-safe; hashable), and its fragments carry every copy of a changed row, so
 * deleting all copies and inserting the fragment's keeps each row's multiplicity.
 */
public record ApplySql(String delete, String insert) {

    public static ApplySql of(TableSchema schema, String fragmentSchema, String fragmentTable, String targetSchema, String targetTable) {
        List<String> keys = schema.keyNames();
        String match = schema.hasPrimaryKey()
                ? keys.stream().map(k -> "t." + SqlQuoting.ident(k) + " = f." + SqlQuoting.ident(k)).collect(Collectors.joining(" AND "))
                : schema.rowText("t") + " = " + schema.rowText("f");
        String target = SqlQuoting.qualified(targetSchema, targetTable);
        String fragment = SqlQuoting.qualified(fragmentSchema, fragmentTable);
        String delete = "DELETE FROM " + target + " AS t USING " + fragment + " AS f WHERE " + match;
        String insert = "INSERT INTO " + target + " (" + SqlQuoting.identList(schema.names()) + ") SELECT "
                + SqlQuoting.identList(schema.names()) + " FROM " + fragment + " WHERE " + SqlQuoting.ident(Fragments.FLAG);
        return new ApplySql(delete, insert);
    }
}
