package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ErrorCode;
import io.sgregistry.rest.schema.Catalog.ComputedRelationship;
import io.sgregistry.rest.schema.Catalog.ForeignKey;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.Catalog.Schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgREST's relationships between two relations of a schema, found from foreign keys: many-to-one
 * (the source holds the key), one-to-many (the target holds it), one-to-one (either, over unique
 * columns), many-to-many (a junction whose primary key holds a key to each). An embedding names the
 * target (or, many-to-one, a key column), a hint names the foreign key, a column or the junction.
 * Computed relationships (functions of the source's row, see {@link ComputedRelationship}) are named
 * by the function and take no hint.
 */
public final class Relationships {
    private Relationships() {
    }

    /** {@code COMPUTED}: a function of the source's row gives the target's rows. */
    public enum Kind { MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY, COMPUTED }

    /**
     * @param fk        many-to-one: source -> target; one-to-many: target -> source; many-to-many: junction -> source
     * @param junctionFk many-to-many only: junction -> target
     * @param toOne     the embedding is one object (many-to-one, or one-to-one), else an array
     * @param source    computed only: the relation whose row the function takes
     * @param function  computed only: the function
     */
    public record Relationship(Kind kind, Relation target, ForeignKey fk, Relation junction, ForeignKey junctionFk,
                               boolean toOne, Relation source, ComputedRelationship function) {
        public Relationship(Kind kind, Relation target, ForeignKey fk, Relation junction, ForeignKey junctionFk, boolean toOne) {
            this(kind, target, fk, junction, junctionFk, toOne, null, null);
        }

        String describe() {
            return switch (kind) {
                case COMPUTED -> (toOne ? "one-to-one" : "one-to-many") + " using " + function.function() + "("
                        + function.table() + ") returning " + function.target();
                case MANY_TO_ONE -> (toOne ? "one-to-one" : "many-to-one") + " using " + fk.table() + "(" + String.join(", ", fk.columns())
                        + ") and " + fk.refTable() + "(" + String.join(", ", fk.refColumns()) + ") [" + fk.name() + "]";
                case ONE_TO_MANY -> (toOne ? "one-to-one" : "one-to-many") + " using " + fk.refTable() + "(" + String.join(", ", fk.refColumns())
                        + ") and " + fk.table() + "(" + String.join(", ", fk.columns()) + ") [" + fk.name() + "]";
                case MANY_TO_MANY -> "many-to-many using " + junction.name() + " [" + fk.name() + ", " + junctionFk.name() + "]";
            };
        }
    }

    /** The one relationship from {@code source} that an embedding {@code name!hint} means; else 300 or 400. */
    public static Relationship resolve(Schema schema, Relation source, String name, String hint) {
        List<Relationship> found = new ArrayList<>();
        // As PostgREST: a function of the source's row named after a relation replaces the foreign keys'
        // relationships between the source and that relation (so a function can fix an ambiguous embedding).
        Set<String> overridden = new HashSet<>();
        for (ComputedRelationship c : schema.computedRelationships()) {
            Relation target = schema.relations().get(c.target());
            if (!c.table().equals(source.name()) || target == null) {
                continue;
            }
            overridden.add(c.function());
            if (c.function().equals(name) && hint == null) {
                found.add(new Relationship(Kind.COMPUTED, target, null, null, null, c.toOne(), source, c));
            }
        }
        for (ForeignKey fk : schema.foreignKeys()) {
            if (fk.table().equals(source.name()) && fk.refTable().equals(source.name())) {
                if (overridden.contains(source.name())) {
                    continue;
                }
                self(source, fk, name, hint, found);
                continue;
            }
            // Many-to-one: the source's key names the target (or the embedding names a key column).
            if (fk.table().equals(source.name()) && !overridden.contains(fk.refTable())) {
                Relation target = schema.relations().get(fk.refTable());
                boolean byName = fk.refTable().equals(name) || (fk.columns().size() == 1 && fk.columns().get(0).equals(name))
                        || fk.name().equals(name);
                if (target != null && byName && matches(hint, fk, null)) {
                    found.add(new Relationship(Kind.MANY_TO_ONE, target, fk, null, null, true));
                }
            }
            // One-to-many: the target's key names the source.
            if (fk.refTable().equals(source.name()) && !overridden.contains(fk.table()) && (fk.table().equals(name) || fk.name().equals(name))) {
                Relation target = schema.relations().get(fk.table());
                if (target != null && matches(hint, fk, null)) {
                    found.add(new Relationship(Kind.ONE_TO_MANY, target, fk, null, null, target.unique(fk.columns())));
                }
            }
        }
        Relation target = overridden.contains(name) ? null : schema.relations().get(name);
        if (target != null) {
            for (ForeignKey toSource : schema.foreignKeys()) {
                if (!toSource.refTable().equals(source.name())) {
                    continue;
                }
                Relation junction = schema.relations().get(toSource.table());
                if (junction == null || junction.name().equals(source.name()) || junction.name().equals(name)) {
                    continue;
                }
                for (ForeignKey toTarget : schema.foreignKeys()) {
                    if (toTarget == toSource || !toTarget.table().equals(junction.name()) || !toTarget.refTable().equals(name)) {
                        continue;
                    }
                    // PostgREST: both keys' columns must be part of the junction's primary key.
                    HashSet<String> pk = new HashSet<>(junction.primaryKey());
                    if (pk.containsAll(toSource.columns()) && pk.containsAll(toTarget.columns())
                            && (hint == null || hint.equals(junction.name()))) {
                        found.add(new Relationship(Kind.MANY_TO_MANY, target, toSource, junction, toTarget, false));
                    }
                }
            }
        }
        if (found.isEmpty()) {
            throw ErrorCode.RELATIONSHIP.withMessage("Could not find a relationship between '" + source.name() + "' and '"
                            + name + "' in the schema cache",
                    "Searched for a foreign key relationship between '" + source.name() + "' and '" + name
                            + (hint == null ? "" : "' using the hint '" + hint) + "' in the schema '" + schema.name()
                            + "', but no matches were found.", null);
        }
        if (found.size() > 1) {
            throw ErrorCode.AMBIGUOUS_EMBED.withMessage("Could not embed because more than one relationship was found for '"
                            + source.name() + "' and '" + name + "'",
                    String.join("; ", found.stream().map(Relationship::describe).toList()),
                    "Try changing '" + name + "' to one of the following: " + String.join(", ",
                            found.stream().map(r -> "'" + name + "!" + (r.kind() == Kind.MANY_TO_MANY ? r.junction().name()
                                    : r.kind() == Kind.COMPUTED ? r.function().function() : r.fk().name()) + "'").toList()) + ". Find the desired relationship in the 'details' key.");
        }
        return found.get(0);
    }

    /**
     * A self-referencing key is two relationships, told apart as PostgREST does: the table's name (with a
     * hint: the key's column, {@code organizations!auditor}) is the one-to-many, the children; the key
     * column's name is the many-to-one, the parent ({@code /web_content?select=web_content(*)} are the children).
     */
    private static void self(Relation source, ForeignKey fk, String name, String hint, List<Relationship> found) {
        boolean single = fk.columns().size() == 1;
        if (name.equals(source.name()) && (hint == null || (single && fk.columns().get(0).equals(hint)))) {
            found.add(new Relationship(Kind.ONE_TO_MANY, source, fk, null, null, source.unique(fk.columns())));
        } else if (hint == null && single && fk.columns().get(0).equals(name)) {
            found.add(new Relationship(Kind.MANY_TO_ONE, source, fk, null, null, true));
        }
    }

    private static boolean matches(String hint, ForeignKey fk, Relation junction) {
        if (hint == null) {
            return true;
        }
        return hint.equals(fk.name()) || fk.columns().contains(hint) || fk.refColumns().contains(hint)
                || (junction != null && junction.name().equals(hint));
    }
}
