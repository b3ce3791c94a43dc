package io.sgregistry.sgr.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqlImageReferencesTest {
    @Test
    void quotedSchemasWithASlashBeforeADotAreImages() {
        assertThat(SqlImageReferences.find("SELECT * FROM \"alice/weather:v1\".readings r JOIN \"alice/weather\" . stations s ON true "
                + "JOIN \"bob/x:abc123\".\"t\" USING (id), \"alice/weather:v1\".readings"))
                .containsExactly("alice/weather:v1", "alice/weather", "bob/x:abc123");
        assertThat(SqlImageReferences.find("SELECT \"a\"\"b/c\".t")).containsExactly("a\"b/c");
    }

    @Test
    void literalsCommentsDollarQuotesAndPlainIdentifiersAreNot() {
        assertThat(SqlImageReferences.find("SELECT '\"a/b\".t', E'\\'\"c/d\".t', $$\"e/f\".t$$, $q$ \"g/h\".t $q$ -- \"i/j\".t\n"
                + "/* \"k/l\".t /* nested */ \"m/n\".t */ \"no_slash\".t, \"o/p\" AS alias, $1, a$b$ FROM \"real/one\".t")).containsExactly("real/one");
        assertThat(SqlImageReferences.find("SELECT 1")).isEmpty();
        assertThat(SqlImageReferences.find("SELECT 'unterminated")).isEmpty();
    }

    @Test
    void cloudSqlSaysWhatIsMissingBeforeConnecting(@org.junit.jupiter.api.io.TempDir Path dir) {
        for (String[] args : new String[][] {{"cloud", "sql"}, {"cloud", "sql", "SELECT 1"}, {"cloud", "sql", "SELECT '\"a/b\".t'"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Env e = new Env(Map.of(), dir, dir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false);
            assertThat(Sgr.run(e, args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains(args.length == 2 ? "no SQL endpoint" : "names no registry image",
                    "what to do: see 'sgr cloud sql --help'");
        }
    }
}
