package io.sgregistry.sgr.splitfile;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.splitfile.SplitfileCommand.From;
import io.sgregistry.sgr.splitfile.SplitfileCommand.ImageRef;
import io.sgregistry.sgr.splitfile.SplitfileCommand.Import;
import io.sgregistry.sgr.splitfile.SplitfileCommand.MountSource;
import io.sgregistry.sgr.splitfile.SplitfileCommand.RepositorySource;
import io.sgregistry.sgr.splitfile.SplitfileCommand.Sql;
import io.sgregistry.sgr.splitfile.SplitfileCommand.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Splitgraph's Splitfile grammar, case by case (the cases of its test Splitfiles, written anew). */
class SplitfileParserTest {
    private static List<SplitfileCommand> parse(String text) {
        return SplitfileParser.parse(text, Map.of());
    }

    @Test
    void fromARepositoryWithAndWithoutTagAndAlias() {
        List<SplitfileCommand> cmds = parse("FROM test/pg_mount\nFROM test/pg_mount:v1 AS out/put\nFROM other:abc123");
        assertThat(cmds).containsExactly(
                new From(Optional.of(new ImageRef(new Repository("test", "pg_mount"), "latest")), Optional.empty(), "FROM test/pg_mount"),
                new From(Optional.of(new ImageRef(new Repository("test", "pg_mount"), "v1")), Optional.of(new Repository("out", "put")),
                        "FROM test/pg_mount:v1 AS out/put"),
                new From(Optional.of(new ImageRef(new Repository("", "other"), "abc123")), Optional.empty(), "FROM other:abc123"));
    }

    @Test
    void fromEmptyWithAlias() {
        assertThat(parse("FROM EMPTY AS my/stage")).containsExactly(
                new From(Optional.empty(), Optional.of(new Repository("my", "stage")), "FROM EMPTY AS my/stage"));
    }

    @Test
    void importOfTablesAliasesAndQueriesOverSeveralLines() {
        String text = """
                FROM test/pg_mount:v2 IMPORT fruits AS my_fruits,
                    {SELECT * FROM vegetables WHERE name LIKE '%o'} AS o_vegetables,
                    vegetables
                """;
        Import i = (Import) parse(text).get(0);
        assertThat(i.source()).isEqualTo(new RepositorySource(new ImageRef(new Repository("test", "pg_mount"), "v2")));
        assertThat(i.tables()).containsExactly(new Table("fruits", "my_fruits", false),
                new Table("SELECT * FROM vegetables WHERE name LIKE '%o'", "o_vegetables", true),
                new Table("vegetables", "vegetables", false));
    }

    @Test
    void importAllIsAnEmptyTableList() {
        Import i = (Import) parse("FROM test/pg_mount IMPORT ALL").get(0);
        assertThat(i.tables()).isEmpty();
    }

    @Test
    void importFromAMountWithConnectionStringAndOptions() {
        String text = "FROM MOUNT postgres_fdw originro:originpass@pgorigin:5432 '{\"dbname\": \"origindb\", \"remote_schema\": \"public\"}'\n"
                + "     IMPORT {SELECT * FROM fruits WHERE name = 'orange'} AS my_fruits, fruits AS all_fruits";
        Import i = (Import) parse(text).get(0);
        assertThat(i.source()).isEqualTo(new MountSource("postgres_fdw", Optional.of("originro:originpass@pgorigin:5432"),
                "{\"dbname\": \"origindb\", \"remote_schema\": \"public\"}"));
        assertThat(i.tables()).containsExactly(new Table("SELECT * FROM fruits WHERE name = 'orange'", "my_fruits", true),
                new Table("fruits", "all_fruits", false));
    }

    @Test
    void mountWithoutConnectionStringAndEscapedQuoteInOptions() {
        Import i = (Import) parse("FROM MOUNT csv '{\"tables\": [\"o\\'brien.csv\"]}' IMPORT obrien").get(0);
        assertThat(i.source()).isEqualTo(new MountSource("csv", Optional.empty(), "{\"tables\": [\"o'brien.csv\"]}"));
    }

    @Test
    void sqlInlineMultilineAndFile() {
        String text = """
                SQL DELETE FROM my_fruits WHERE fruit_id = 1

                SQL {
                INSERT INTO fruits VALUES
                    (3, 'banana'),
                    (4, 'pineapple');
                }
                SQL FILE create_table.sql
                """;
        List<SplitfileCommand> cmds = parse(text);
        assertThat(cmds).hasSize(3);
        assertThat(((Sql) cmds.get(0)).sql()).isEqualTo("DELETE FROM my_fruits WHERE fruit_id = 1");
        assertThat(((Sql) cmds.get(1)).sql()).isEqualTo("INSERT INTO fruits VALUES\n    (3, 'banana'),\n    (4, 'pineapple');");
        assertThat(((Sql) cmds.get(2)).file()).contains("create_table.sql");
    }

    @Test
    void escapedBracesInsideABlockAndJoinedLines() {
        List<SplitfileCommand> cmds = parse("SQL {SELECT '\\{\"a\": 1\\}'::json}\nSQL CREATE TABLE j AS SELECT 1 \\\n   AS x");
        assertThat(((Sql) cmds.get(0)).sql()).isEqualTo("SELECT '{\"a\": 1}'::json");
        assertThat(((Sql) cmds.get(1)).sql()).isEqualTo("CREATE TABLE j AS SELECT 1    AS x");
    }

    @Test
    void commentsAreSkipped() {
        List<SplitfileCommand> cmds = parse("# a comment\nFROM a/b\n   # another\nSQL SELECT 1\n");
        assertThat(cmds).hasSize(2);
    }

    @Test
    void parametersAreSubstitutedAndEscapedDollarsKept() {
        List<SplitfileCommand> cmds = SplitfileParser.parse("FROM test/pg_mount:${TAG} IMPORT fruits\nSQL SELECT '\\${NOT_A_PARAM}', '${X}'",
                Map.of("TAG", "v1", "X", "1.2.3.4"));
        assertThat(((Import) cmds.get(0)).source()).isEqualTo(new RepositorySource(new ImageRef(new Repository("test", "pg_mount"), "v1")));
        assertThat(((Sql) cmds.get(1)).sql()).isEqualTo("SELECT '${NOT_A_PARAM}', '1.2.3.4'");
    }

    @Test
    void missingParametersAreNamed() {
        assertThatThrownBy(() -> SplitfileParser.parse("FROM ${REPO}:${TAG} IMPORT t", Map.of("REPO", "a/b")))
                .isInstanceOf(SgrException.class).hasMessageContaining("${TAG}").hasMessageNotContaining("${REPO}");
    }

    @Test
    void aQueryWithoutAliasIsRefused() {
        assertThatThrownBy(() -> parse("FROM a/b IMPORT {SELECT 1}"))
                .isInstanceOf(SgrException.class).hasMessageContaining("line 1").hasMessageContaining("AS table");
    }

    @Test
    void unknownCommandsAndTrailingTextAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> parse("FROM a/b\nRUN something")).isInstanceOf(SgrException.class)
                .hasMessageContaining("line 2").hasMessageContaining("unknown command 'RUN'");
        assertThatThrownBy(() -> parse("FROM EMPTY AS a/b junk")).isInstanceOf(SgrException.class)
                .hasMessageContaining("unexpected text");
        assertThatThrownBy(() -> parse("SQL {SELECT 1")).isInstanceOf(SgrException.class).hasMessageContaining("never closed");
        assertThatThrownBy(() -> parse("FROM MOUNT postgres_fdw nothost '{}' IMPORT t")).isInstanceOf(SgrException.class)
                .hasMessageContaining("connection string");
    }

    @Test
    void sqlCanonicalTextIgnoresLayoutButNotQuotedText() {
        assertThat(SqlText.canonical("  CREATE TABLE j AS\n   SELECT  'a  b' ,\t1 ")).isEqualTo("CREATE TABLE j AS SELECT 'a  b' , 1");
    }

    @Test
    void layerHashesCombineLikeSplitgraphs() {
        // sha256 of the concatenated hex strings, as Splitgraph's _combine_hashes.
        assertThat(SplitfileExecutor.combine(List.of("ab", "cd"))).isEqualTo(SplitfileExecutor.sha256("abcd"));
        assertThat(SplitfileExecutor.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
