package io.sgregistry.sgr.cli;

import io.sgregistry.quoting.SqlQuoting;

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
            description = {"Import a CSV file into a table of the repository's working copy (then 'sgr commit').",
                    "A new table is created; each column's type is inferred from the first 100 lines as Splitgraph's: the first of "
                            + "timestamp, date, time, integer, bigint, numeric, boolean, json that all its values are, else text (an empty value "
                            + "makes the column text unless --ignore-empty-strings); -t sets a column's type; --no-type-inference makes "
                            + "every column without -t text.",
                    "Into a table that exists, rows are patched in as Splitgraph's: "
                            + "a row whose primary key is in the table updates it, others are inserted, and rows not in the CSV stay; "
                            + "-r replaces the table instead."})
    static final class Import extends EngineCommand {
        @Parameters(index = "0", paramLabel = "REPOSITORY")
        String repository;

        @Parameters(index = "1", paramLabel = "TABLE")
        String table;

        @Option(names = {"-f", "--file"}, defaultValue = "-", description = "the CSV file, or - for standard input (the default)")
        Path file;

        @Option(names = "--encoding", defaultValue = "UTF-8", description = "the file's encoding (default ${DEFAULT-VALUE}), e.g. ISO-8859-1")
        String encoding;

        @Option(names = "--no-header", description = "the first line is data: columns are named 0, 1, 2 ...")
        boolean noHeader;

        @Option(names = {"-k", "--primary-key"}, description = "a primary key column (repeat for a composite key)")
        List<String> primaryKey = new ArrayList<>();

        @Option(names = {"-t", "--override-type", "--type"}, arity = "2", paramLabel = "COLUMN TYPE",
                description = "a column's PostgreSQL type (default: inferred), e.g. -t id integer")
        List<String> types = new ArrayList<>();

        @Option(names = {"-d", "--separator"}, defaultValue = ",", converter = SeparatorConverter.class,
                description = "field separator (default ,)")
        char separator;

        @Option(names = {"-r", "--replace"}, description = "replace the table if it exists")
        boolean replace;

        @Option(names = "--ignore-empty-strings", description = "type inference skips empty values (they are loaded as NULL) instead of "
                + "making the column text")
        boolean ignoreEmptyStrings;

        @Option(names = "--skip-schema-check", description = "into a table that exists: the CSV's columns fill the table's first columns "
                + "by position, whatever the header names them (default: by name; each must be a column of the table)")
        boolean skipSchemaCheck;

        @Option(names = "--no-type-inference", description = "columns without -t are text (sgr's behaviour before type inference)")
        boolean noTypeInference;

        @Override
        void execute() throws Exception {
            Map<String, String> typeMap = new LinkedHashMap<>();
            for (int i = 0; i + 1 < types.size(); i += 2) {
                typeMap.put(types.get(i), types.get(i + 1));
            }
            Repository r = Repository.parse(repository);
            java.nio.charset.Charset charset;
            try {
                charset = java.nio.charset.Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--encoding: '" + encoding + "' is not a known encoding");
            }
            Path input = file;
            boolean stdin = file.toString().equals("-");
            if (stdin) {
                // Read twice (the header, then COPY): standard input is kept in a temporary file first.
                input = java.nio.file.Files.createTempFile("sgr-csv-", ".csv");
                try (var in = System.in) {
                    java.nio.file.Files.copy(in, input, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (Connection c = connect()) {
                long rows = CsvImport.importCsv(c, r, table,
                        new CsvImport.Options(input, separator, primaryKey, typeMap, replace, charset, !noHeader, !noTypeInference,
                                ignoreEmptyStrings, skipSchemaCheck));
                out().println("imported " + rows + " rows into " + r + "." + table);
            } finally {
                if (stdin) {
                    java.nio.file.Files.deleteIfExists(input);
                }
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
                        s.execute("SET LOCAL search_path = " + io.sgregistry.quoting.SqlQuoting.ident(ref.repository().schema()) + ", public");
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
