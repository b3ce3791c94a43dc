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

@Command(name = "csv", mixinStandardHelpOptions = true, description = "CSV import.",
        subcommands = CsvCommand.Import.class)
final class CsvCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: sgr csv import");
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
}
