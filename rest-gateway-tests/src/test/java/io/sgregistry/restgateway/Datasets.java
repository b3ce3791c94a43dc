package io.sgregistry.restgateway;

import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.sgr.SgrUser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Datasets pushed with the real sgr for the REST path's tests: table {@code items(id integer primary
 * key, name text, grp integer, price double precision)} with rows whose values follow from the id,
 * so a test knows every answer. Each owner's content is unique (objects are owned by their first pusher).
 */
final class Datasets {
    static final String TABLE = "items";

    private Datasets() {
    }

    static String name(SgrUser owner, int id) {
        return owner.namespace() + "-item-" + id;
    }

    static int group(int id) {
        return id % 10;
    }

    static double price(int id) {
        return (id * 37) % 100 + 0.5;
    }

    static SgrUser owner(Stack stack, Path dir, String prefix) throws SQLException {
        return SgrUser.create(stack, new RegistryUsers(stack).create(prefix), dir);
    }

    /** init, csv import of {@code rows} rows, commit, tag, push; returns the pushed image's hash. */
    static String push(SgrUser owner, Path dir, String repository, int rows, String tag) throws Exception {
        String repo = owner.namespace() + "/" + repository;
        List<String> lines = new ArrayList<>(rows + 1);
        lines.add("id,name,grp,price");
        for (int id = 1; id <= rows; id++) {
            lines.add(id + "," + name(owner, id) + "," + group(id) + "," + price(id));
        }
        Path csv = Files.write(dir.resolve(owner.namespace() + "-" + repository + ".csv"), lines, StandardCharsets.UTF_8);
        owner.ok("init", repo);
        owner.ok("csv", "import", "-f", csv.toString(), "-k", "id", "-t", "id", "integer", "-t", "grp", "integer",
                "-t", "price", "double precision", repo, TABLE);
        owner.ok("commit", "-m", "items", repo);
        owner.ok("tag", repo, tag);
        owner.ok("push", repo);
        return tagged(owner, repository, tag);
    }

    /** Changes rows as a user would, commits, moves the tag and pushes; returns the new image's hash. */
    static String pushChange(SgrUser owner, String repository, String sql, String tag) throws Exception {
        String repo = owner.namespace() + "/" + repository;
        owner.ok("sql", sql.replace("$TABLE", "\"" + repo + "\".\"" + TABLE + "\""));
        owner.ok("commit", "-m", "change", repo);
        owner.ok("tag", repo, tag);
        owner.ok("push", repo);
        return tagged(owner, repository, tag);
    }

    /** The image a tag names on the registry. */
    static String tagged(SgrUser owner, String repository, String tag) throws SQLException {
        return owner.registryImage(repository, tag);
    }
}
