package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.csv.CsvImport;
import io.sgregistry.sgr.meta.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "csv", mixinStandardHelpOptions = true, description = "Import CSV into a working copy; export a query's result as CSV.",
        subcommands = {CsvCommand.Import.class, CsvCommand.Export.class})
final class CsvCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: sgr csv import or sgr csv export");
    }

    /** One character; picocli's own char converter names a Java exception for an empty value. */
    static final class SeparatorConverter implements picocli.CommandLine.ITypeConverter<Character> {
        @Override
        public Character convert(String value) {
            if (value.length() != 1) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a single character");
            }
            return value.charAt(0);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a CSV file with a header row into a new table of the repository's working copy.")
    static final class Import extends EngineCommand {
        @Parameters(index = "0", paramLabel = "REPOSITORY")
        String repository;

        @Parameters(index = "1", paramLabel = "TABLE")
        String table;

        @Option(names = {"-f", "--file"}, required = true, description = "the CSV file (first line: column names)")
        Path file;

        @Option(names = {"-k", "--primary-key"}, description = "a primary key column (repeat for a composite key)")
        List<String> primaryKey = new ArrayList<>();

        @Option(names = {"-t", "--type"}, arity = "2", paramLabel = "COLUMN TYPE",
                description = "a column's PostgreSQL type (default text), e.g. -t id integer")
        List<String> types = new ArrayList<>();

        @Option(names = {"-d", "--separator"}, defaultValue = ",", converter = SeparatorConverter.class,
                description = "field separator (default ,)")
        char separator;

        @Option(names = {"-r", "--replace"}, description = "replace the table if it exists")
        boolean replace;

        @Override
        void execute() throws Exception {
            Map<String, String> typeMap = new LinkedHashMap<>();
            for (int i = 0; i + 1 < types.size(); i += 2) {
                typeMap.put(types.get(i), types.get(i + 1));
            }
            Repository r = Repository.parse(repository);
            try (Connection c = connect()) {
                long rows = CsvImport.importCsv(c, r, table,
                        new CsvImport.Options(file, separator, primaryKey, typeMap, replace));
                out().println("imported " + rows + " rows into " + r + "." + table);
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Export the result of a query as CSV (with a header row).",
                    "sgr csv export ns/repo QUERY: against the working copy (its schema first on the search path).",
                    "sgr csv export ns/repo:IMAGE QUERY: against that image, read in place (layered querying): nothing is checked out."})
    static final class Export extends EngineCommand {
        @Parameters(index = "0", paramLabel = "REPOSITORY[:IMAGE_OR_TAG]")
        String ref;

        @Parameters(index = "1", paramLabel = "QUERY")
        String query;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "write to this file (default: standard output, or '-')")
        Path file;

        @Option(names = {"-l", "--layered"}, description = "read an image in place instead of checking it out; sgr always does for an image, "
                + "so this is accepted for Splitgraph's scripts")
        boolean layered;

        @Override
        void execute() throws Exception {
            Repository.Ref ref = Repository.Ref.parse(this.ref, null);
            try (Connection c = connect()) {
                new io.sgregistry.sgr.meta.MetaStore(c).requireExists(ref.repository());
                if (ref.ref() != null) {
                    ImageQuery.enter(root().config(), c, ref.repository(), ref.ref());
                } else {
                    c.setAutoCommit(false);
                    try (var s = c.createStatement()) {
                        s.execute("SET LOCAL search_path = " + io.sgregistry.sgr.meta.Sql.ident(ref.repository().schema()) + ", public");
                        s.execute("SET LOCAL transaction_read_only = on");
                    }
                }
                String copy = "COPY (" + query + ") TO STDOUT WITH (FORMAT csv, HEADER)";
                var copier = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
                long rows;
                if (file == null || file.toString().equals("-")) {
                    rows = copier.copyOut(copy, out());
                    out().flush();
                } else {
                    try (var w = java.nio.file.Files.newOutputStream(file)) {
                        rows = copier.copyOut(copy, w);
                    }
                    out().println("exported " + rows + " rows to " + file);
                }
                c.rollback();
            } catch (java.sql.SQLException e) {
                throw io.sgregistry.sgr.engine.EngineErrors.during("the export", e);
            }
        }
    }
}
