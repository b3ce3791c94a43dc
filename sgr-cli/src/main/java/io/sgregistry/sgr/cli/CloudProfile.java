package io.sgregistry.sgr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.RegistryErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

/**
 * {@code sgr cloud description|readme|metadata}: what a repository on the registry says about itself,
 * kept there (splitgraph_api.set_repository_profile) and shown by {@code sgr show -r} and
 * {@code sgr cloud status}.
 */
final class CloudProfile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The keys of Splitgraph's metadata file. */
    static final List<String> KEYS = List.of("readme", "description", "topics", "sources", "license", "extra_metadata");

    private CloudProfile() {
    }

    /** What the registry holds for a repository; empty if nothing was ever set. */
    record Profile(String description, String readme, JsonNode metadata) {
        static Optional<Profile> read(Connection rc, Repository r) throws SQLException {
            try (PreparedStatement q = rc.prepareStatement("SELECT \"description\", \"readme\", \"metadata\"::text "
                    + "FROM \"splitgraph_api\".\"get_repository_profile\"(?, ?)")) {
                q.setString(1, r.namespace());
                q.setString(2, r.repository());
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Profile(rs.getString(1), rs.getString(2), JSON.readTree(rs.getString(3))));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SgrException("the registry sent metadata that is not JSON: " + e.getOriginalMessage(), "report it to the registry's administrator");
            }
        }

        void print(PrintStream out, String indent) {
            if (description != null) {
                out.println(indent + "Description: " + description);
            }
            metadata.fields().forEachRemaining(e -> out.println(indent + e.getKey() + ": "
                    + (e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString())));
            if (readme != null) {
                out.println(indent + "README:");
                readme.lines().forEach(l -> out.println(indent + "  " + l));
            }
        }
    }

    static void set(Connection rc, Repository r, String description, String readme, ObjectNode metadata) throws SQLException {
        try (PreparedStatement q = rc.prepareStatement("SELECT \"splitgraph_api\".\"set_repository_profile\"(?, ?, ?, ?, ?::jsonb)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            q.setString(3, description);
            q.setString(4, readme);
            if (metadata == null) {
                q.setNull(5, Types.VARCHAR);
            } else {
                q.setString(5, metadata.toString());
            }
            q.execute();
        } catch (SQLException e) {
            throw RegistryErrors.during("updating " + r, e);
        }
    }

    static String readText(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SgrException("the " + what + " file " + file + " does not exist", "give the path of an existing file");
        } catch (IOException e) {
            throw new SgrException("cannot read the " + what + " file " + file + ": " + e.getMessage(), "check the file and its permissions");
        }
    }

    @Command(name = "description", mixinStandardHelpOptions = true,
            description = "Set the short description (plain text, at most 160 characters) of one of your repositories on the registry.")
    static final class Description extends CloudRepositories.OnRegistry {
        @Parameters(index = "0", paramLabel = "REPOSITORY")
        String repository;

        @Parameters(index = "1", paramLabel = "DESCRIPTION")
        String description;

        @Override
        void run(Connection rc, PrintStream out) throws SQLException {
            Repository r = Repository.parse(repository);
            set(rc, r, description, null, null);
            out.println("Description updated for repository " + r + ".");
        }
    }

    @Command(name = "readme", mixinStandardHelpOptions = true,
            description = "Set the README (a Markdown file, at most 1 MiB) of one of your repositories on the registry; it must have been pushed.")
    static final class Readme extends CloudRepositories.OnRegistry {
        @Parameters(index = "0", paramLabel = "REPOSITORY")
        String repository;

        @Parameters(index = "1", paramLabel = "README_FILE")
        Path readme;

        @Override
        void run(Connection rc, PrintStream out) throws SQLException {
            Repository r = Repository.parse(repository);
            set(rc, r, null, readText(readme, "README"), null);
            out.println("README updated for repository " + r + ".");
        }
    }

    @Command(name = "metadata", mixinStandardHelpOptions = true,
            description = {"Update a repository's description, README, topics, sources, license and extra metadata from a YAML file "
                    + "(Splitgraph's format). A key left out keeps its value. Example:",
                    "  readme: dataset-readme.md      (a file next to the YAML file; or {text: ...})",
                    "  description: Daily readings of 97 stations.",
                    "  topics: [weather, climate]",
                    "  sources: [{anchor: Met office, href: 'https://example.org'}]",
                    "  license: CC-BY-4.0",
                    "  extra_metadata: {updated: daily}"})
    static final class Metadata extends CloudRepositories.OnRegistry {
        @Parameters(index = "0", paramLabel = "REPOSITORY")
        String repository;

        @Parameters(index = "1", arity = "0..1", paramLabel = "METADATA_FILE", description = "default: splitgraph.yml")
        Path file;

        @Override
        void run(Connection rc, PrintStream out) throws SQLException {
            Repository r = Repository.parse(repository);
            Path f = file != null ? file : root().env().cwd().resolve("splitgraph.yml");
            JsonNode doc;
            try {
                doc = YAML.readTree(readText(f, "metadata"));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SgrException(f + " is not valid YAML: " + e.getOriginalMessage(), "fix the file; see 'sgr cloud metadata --help'");
            }
            if (doc == null || !doc.isObject() || KEYS.stream().noneMatch(doc::has)) {
                throw new SgrException(f + " has none of the keys " + String.join(", ", KEYS), "see 'sgr cloud metadata --help' for the format");
            }
            String readme = null;
            JsonNode rd = doc.path("readme");
            if (rd.isTextual()) {
                readme = readText(f.toAbsolutePath().getParent().resolve(rd.asText()), "README");
            } else if (rd.has("file")) {
                readme = readText(f.toAbsolutePath().getParent().resolve(rd.get("file").asText()), "README");
            } else if (rd.has("text")) {
                readme = rd.get("text").asText();
            }
            String description = doc.hasNonNull("description") ? doc.get("description").asText() : null;
            ObjectNode rest = JSON.createObjectNode();
            for (String k : List.of("topics", "sources", "license", "extra_metadata")) {
                if (doc.has(k)) {
                    rest.set(k, doc.get(k));
                }
            }
            set(rc, r, description, readme, rest);
            out.println("Metadata updated for repository " + r + ".");
        }
    }
}
