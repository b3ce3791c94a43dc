package io.sgregistry.mounter.mount;

import io.sgregistry.sgr.layered.LayeredTable;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.registry.RegistryClient;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A mount that costs metadata, not rows: each table of an image becomes a view over the registry's
 * object tables, read in place through postgres_fdw ({@link MountBook#REGISTRY_SERVER}, as
 * {@code registry_mount_reader}), with objects that stand alone as inheritance children and the rest
 * resolved once into a small local table ({@link LayeredTable}). Private images too: the schema of
 * the views is granted as a materialised mount's is, and the mounter checks the caller on every request.
 * The alone objects' relation lives in a shared schema ({@link #SHARED_PREFIX}) that every mount of the
 * same alone objects reads; only the mounts' views are granted, so sharing it gives no one more rows.
 */
final class LayeredMount {
    private static final Logger LOG = Logger.getLogger(LayeredMount.class.getName());

    private LayeredMount() {
    }

    /** True if every table of the image can be read in place. */
    static boolean possible(List<MetaStore.TableEntry> tables) {
        return tables.stream().allMatch(t -> LayeredTable.supports(t.schema()));
    }

    /**
     * Prefix of the schemas that hold alone objects' relations shared by the mounts that read the same objects
     * (a new version of an image shares its base objects with the last one): mounting it builds only what is new.
     */
    static final String SHARED_PREFIX = "lay_shared_";

    /** Foreign tables over the registry's object tables: standalone, or inheritance children, shared between mounts. */
    private static final LayeredTable.ObjectSource REGISTRY_OBJECTS = new LayeredTable.ObjectSource() {
        @Override
        public String create(String relation, String columns, String objectId, LayeredTable.Parent parent, String checks) {
            return LayeredTable.foreignTable(MountBook.REGISTRY_SERVER, "splitgraph_objects", objectId, relation, columns, parent, checks);
        }

        @Override
        public String sharedSchemaPrefix() {
            return SHARED_PREFIX;
        }
    };

    /** Builds the views of {@code m}'s schema and their internals, in the caller's transaction, as the mount owner. */
    static void build(Connection c, Mount m, List<MetaStore.TableEntry> tables, Map<String, RegistryClient.ObjectIndex> indexes)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SqlQuoting.ident(m.schema()));
            s.execute("CREATE SCHEMA " + SqlQuoting.ident(m.internalSchema()));
        }
        for (int i = 0; i < tables.size(); i++) {
            MetaStore.TableEntry t = tables.get(i);
            LayeredTable.Built b = LayeredTable.build(c, t.schema(), LayeredTable.ranges(t.objectIds(), indexes),
                    REGISTRY_OBJECTS, m.internalSchema(), "t" + i, m.schema(), t.name());
            LOG.info(() -> "layered " + m.namespace() + "/" + m.repository() + " " + m.imageHash().substring(0, 12) + " table " + t.name()
                    + ": " + b.inPlace() + " objects read in place" + (b.aloneReused() ? " (shared with a mount that reads them already)" : "")
                    + ", " + b.copied() + " resolved locally (" + b.rowsCopied() + " rows)");
        }
    }
}
