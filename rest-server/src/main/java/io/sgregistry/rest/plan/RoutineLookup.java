package io.sgregistry.rest.plan;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.ErrorCode;
import io.sgregistry.rest.request.BodyType;
import io.sgregistry.rest.schema.Catalog.Function;
import io.sgregistry.rest.schema.Catalog.Param;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which overload of a function a call means, as PostgREST finds it: by the names of its arguments (every
 * parameter without a default named, no name that is not a parameter), else, for a POST, by the body's
 * Content-Type, the one overload of a single unnamed parameter that takes the body whole ({@code json} or
 * {@code jsonb} for JSON, {@code text} for text/plain, {@code xml} for text/xml, {@code bytea} for
 * application/octet-stream). None is a 404 (PGRST202), more than one a 300 (PGRST203), each in PostgREST's words.
 *
 * @param schema    the schema the function is looked up in
 * @param name      the function's name
 * @param overloads the schema's functions of that name
 * @param allNames  the names of every function of the schema (for the hint of an unknown name)
 */
public record RoutineLookup(String schema, String name, List<Function> overloads, Set<String> allNames) {
    private static final Set<String> UNNAMED_TYPES = Set.of("bytea", "json", "jsonb", "text", "xml");
    private static final Comparator<List<Param>> BY_PARAMS = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).name().compareTo(b.get(i).name());
            if (c == 0) {
                c = a.get(i).type().compareTo(b.get(i).type());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };
    /** PostgREST's order of overloads: fewest parameters first, then by the parameters' names and types. */
    private static final Comparator<Function> ORDER = Comparator.<Function>comparingInt(f -> f.params().size())
            .thenComparing(Function::params, BY_PARAMS);

    /**
     * The overloads PostgREST can call: those whose parameters all have names, or whose one parameter is an
     * unnamed {@code bytea}, {@code json}, {@code jsonb}, {@code text} or {@code xml} (a body bound whole).
     */
    public static boolean callable(Function f) {
        long unnamed = f.params().stream().filter(RoutineLookup::unnamed).count();
        if (unnamed == 0 || unnamed < f.params().size()) {
            return true;
        }
        return unnamed == 1 && UNNAMED_TYPES.contains(f.params().get(0).type());
    }

    /** The function's one parameter has no name: the body (or no argument) is bound to it by position. */
    public static boolean singleUnnamed(Function f) {
        return f.params().size() == 1 && unnamed(f.params().get(0));
    }

    /**
     * The overload called with arguments named {@code keys}, a body of {@code body} sent by POST ({@code post}) or
     * none (a GET's arguments are its query string's).
     */
    public Function find(Set<String> keys, BodyType body, boolean post) {
        List<Function> callable = overloads.stream().filter(RoutineLookup::callable).sorted(ORDER).toList();
        List<Function> matching = new ArrayList<>();
        List<Function> fallback = new ArrayList<>();
        for (Function f : callable) {
            if (matches(f, keys, body, post)) {
                matching.add(f);
            } else if (post && singleUnnamed(f) && body.fillsUnnamed(f.params().get(0).type())) {
                fallback.add(f);
            }
        }
        List<Function> found = matching.isEmpty() ? fallback : matching;
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw notFound(new TreeSet<>(keys), body, post, callable);
        }
        throw ambiguous(found);
    }

    private static boolean matches(Function f, Set<String> keys, BodyType body, boolean post) {
        if (f.params().isEmpty()) {
            return keys.isEmpty() && !(post && body.raw());
        }
        // Every parameter without a default is named, and every name is a parameter (a variadic one may be left out).
        return f.params().stream().allMatch(p -> p.hasDefault() || p.variadic() || keys.contains(p.name()))
                && keys.stream().allMatch(k -> f.params().stream().anyMatch(p -> p.name().equals(k)));
    }

    /** PGRST202, worded by what was searched for: these argument names, or a single unnamed parameter. */
    private ApiError notFound(TreeSet<String> keys, BodyType body, boolean post, List<Function> callable) {
        String func = schema + "." + name;
        String joined = String.join(", ", keys);
        boolean onlyUnnamed = post && body.raw();
        String withParams = keys.isEmpty() ? " without parameters"
                : " with parameter" + (keys.size() > 1 ? "s " : " ") + joined;
        String message = "Could not find the function " + func
                + (onlyUnnamed ? "" : keys.isEmpty() ? " without parameters" : "(" + joined + ")") + " in the schema cache";
        String searched;
        if (post && body == BodyType.TEXT) {
            searched = " with a single unnamed text parameter";
        } else if (post && body == BodyType.XML) {
            searched = " with a single unnamed xml parameter";
        } else if (post && body == BodyType.OCTET_STREAM) {
            searched = " with a single unnamed bytea parameter";
        } else if (post && body == BodyType.JSON) {
            searched = withParams + " or with a single unnamed json/jsonb parameter";
        } else {
            searched = withParams;
        }
        String details = "Searched for the function " + func + searched + ", but no matches were found in the schema cache.";
        return ErrorCode.FUNCTION.withMessage(message, details, onlyUnnamed ? null : hint(keys, callable));
    }

    /**
     * "Perhaps you meant to call the function ...": the closest name of the schema's functions when none has this
     * name, else the closest parameter list of its overloads (PostgREST's fuzzy search).
     */
    private String hint(TreeSet<String> keys, List<Function> callable) {
        String closest;
        if (callable.isEmpty()) {
            closest = FuzzySet.of(allNames).closest(name);
        } else {
            List<String> lists = callable.stream().map(f -> paramList(f.params().stream().map(Param::name).toList())).toList();
            String best = FuzzySet.of(lists).closest(paramList(List.copyOf(keys)));
            closest = best == null ? null : name + best;
        }
        return closest == null ? null : "Perhaps you meant to call the function " + schema + "." + closest;
    }

    /** {@code (a, b, c)}: the names sorted. */
    private static String paramList(List<String> names) {
        return "(" + String.join(", ", names.stream().sorted().toList()) + ")";
    }

    /** PGRST203: the overloads that fit equally, each as {@code schema.name(param => type, ...)}. */
    private static ApiError ambiguous(List<Function> found) {
        List<String> each = found.stream().map(f -> f.schema() + "." + f.name() + "("
                + String.join(", ", f.params().stream().map(p -> p.name() + " => " + p.type()).toList()) + ")").toList();
        return ErrorCode.AMBIGUOUS_FUNCTION.withMessage("Could not choose the best candidate function between: "
                + String.join(", ", each), null,
                "Try renaming the parameters or the function itself in the database so function overloading can be resolved");
    }

    private static boolean unnamed(Param p) {
        return p.name() == null || p.name().isEmpty();
    }
}
