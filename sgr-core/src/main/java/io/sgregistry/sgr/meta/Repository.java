package io.sgregistry.sgr.meta;

import io.sgregistry.sgr.SgrException;

import java.util.regex.Pattern;

/** A repository {@code namespace/repository}; its working copy is the schema of that name, as in Splitgraph. */
public record Repository(String namespace, String repository) {
    private static final Pattern NAMESPACE = Pattern.compile("[-A-Za-z0-9_]{0,64}");
    private static final Pattern NAME = Pattern.compile("[-A-Za-z0-9_]{1,64}");

    /** PostgreSQL's identifier limit (NAMEDATALEN - 1): a longer schema name would be cut silently. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    public Repository {
        if (!NAMESPACE.matcher(namespace).matches() || !NAME.matcher(repository).matches()) {
            throw new SgrException("'" + namespace + "/" + repository + "' is not a valid repository name",
                    "use namespace/repository with letters, digits, '-' and '_' (at most 64 each)");
        }
        if (schemaName(namespace, repository).length() > MAX_IDENTIFIER_BYTES) {
            throw new SgrException("'" + namespace + "/" + repository + "' is longer than " + MAX_IDENTIFIER_BYTES
                    + " characters", "PostgreSQL names its schema after the repository: use a shorter name");
        }
    }

    private static String schemaName(String namespace, String repository) {
        return namespace.isEmpty() ? repository : namespace + "/" + repository;
    }

    /** Parses {@code ns/repo} or {@code repo}. */
    public static Repository parse(String text) {
        int slash = text.indexOf('/');
        if (slash == 0) {
            // "/repo": a slash promises a namespace; a repository without one is written "repo".
            throw new SgrException("'" + text + "' is not a valid repository name", "write namespace/repository, or repository alone");
        }
        return slash < 0 ? new Repository("", text) : new Repository(text.substring(0, slash), text.substring(slash + 1));
    }

    /** The schema holding the checked-out tables. */
    public String schema() {
        return schemaName(namespace, repository);
    }

    @Override
    public String toString() {
        return schema();
    }

    /** {@code ns/repo[:ref]}: a repository and an optional image reference (tag, hash or prefix, latest, HEAD). */
    public record Ref(Repository repository, String ref) {
        public static Ref parse(String text, String defaultRef) {
            int colon = text.indexOf(':');
            return colon < 0 ? new Ref(Repository.parse(text), defaultRef)
                    : new Ref(Repository.parse(text.substring(0, colon)), text.substring(colon + 1));
        }
    }
}
