package io.sgregistry.sgr.splitfile;

import io.sgregistry.sgr.meta.Repository;

import java.util.List;
import java.util.Optional;

/** One parsed Splitfile command (Splitgraph's grammar; custom commands are not supported). */
public sealed interface SplitfileCommand {
    /** The command as written (after parameter substitution), for logs and errors. */
    String text();

    /** An image of a repository: {@code repo[:tag_or_hash]}, default {@code latest}. */
    record ImageRef(Repository repository, String ref) {
        @Override
        public String toString() {
            return repository + ":" + ref;
        }
    }

    /** {@code FROM EMPTY [AS repo]} ({@code source} empty) or {@code FROM repo[:tag] [AS repo]}. */
    record From(Optional<ImageRef> source, Optional<Repository> as, String text) implements SplitfileCommand {
    }

    /** Where IMPORT takes tables from. */
    sealed interface ImportSource {
    }

    record RepositorySource(ImageRef image) implements ImportSource {
    }

    /** {@code MOUNT handler [user:pwd@host:port] '{json}'}. */
    record MountSource(String handler, Optional<String> connection, String options) implements ImportSource {
    }

    /** A table name or a {@code {query}}, with the name it gets ({@code AS alias}; a query needs one). */
    record Table(String nameOrQuery, String alias, boolean query) {
    }

    /** {@code FROM source IMPORT tables}; no tables = {@code ALL}. */
    record Import(ImportSource source, List<Table> tables, String text) implements SplitfileCommand {
        public Import {
            tables = List.copyOf(tables);
        }
    }

    /** {@code SQL statement}, {@code SQL {multi-line}} or {@code SQL FILE path} ({@code file} set, {@code sql} read from it). */
    record Sql(String sql, Optional<String> file, String text) implements SplitfileCommand {
    }
}
