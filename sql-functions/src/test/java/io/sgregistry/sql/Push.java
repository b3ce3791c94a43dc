package io.sgregistry.sql;

import io.sgregistry.fixtures.registry.TestUser;

import java.security.SecureRandom;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.value;

/** What a client's push does, step by step, as a user's machine role through the front door. */
final class Push {
    private Push() {
    }

    static String randomImageHash() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** begin_upload, COPY, finish_upload; returns the object id (the registry's answer). */
    static String upload(Connection c, String namespace, Fragment f) throws Exception {
        String table = value(c, "SELECT \"splitgraph_api\".\"begin_upload\"(?, ?, ?::jsonb)", namespace, f.objectId(), Fragment.SCHEMA);
        if (table == null) {
            return f.objectId();
        }
        Db.copyIn(c, table, f.csv());
        return value(c, "CALL \"splitgraph_api\".\"finish_upload\"(?, 'FRAG', NULL, NULL)", table);
    }

    /** Uploads the fragments, then add_image, add_table ("t") and tag_image in one transaction. */
    static List<String> image(TestUser u, String repo, String image, String parent, String tag, Fragment... fragments)
            throws Exception {
        try (Connection c = u.connect()) {
            List<String> ids = new ArrayList<>();
            for (Fragment f : fragments) {
                ids.add(upload(c, u.namespace(), f));
            }
            c.setAutoCommit(false);
            exec(c, "SELECT \"splitgraph_api\".\"add_image\"(?, ?, ?, ?, NULL, ?, NULL)", u.namespace(), repo, image, parent,
                    "pushed by a test");
            exec(c, "SELECT \"splitgraph_api\".\"add_table\"(?, ?, ?, 't', ?::jsonb, ?)", u.namespace(), repo, image,
                    Fragment.SCHEMA, ids.toArray(String[]::new));
            if (tag != null) {
                exec(c, "SELECT \"splitgraph_api\".\"tag_image\"(?, ?, ?, ?)", u.namespace(), repo, image, tag);
            }
            c.commit();
            return ids;
        }
    }
}
