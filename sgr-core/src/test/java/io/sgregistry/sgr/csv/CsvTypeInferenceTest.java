package io.sgregistry.sgr.csv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Splitgraph's inference rules (splitgraph/ingestion/inference.py), as cases of our own. */
class CsvTypeInferenceTest {
    @TempDir
    Path dir;

    @Test
    void eachTypeIsTheFirstCandidateEveryValuePasses() {
        assertThat(CsvTypeInference.column(List.of("2026-01-05 10:00:00", "2026-1-5T23:59:59.123456"))).isEqualTo("timestamp");
        assertThat(CsvTypeInference.column(List.of("2026-01-05", "2024-2-29"))).isEqualTo("date");
        assertThat(CsvTypeInference.column(List.of("10:00:00", "7:05:09.5"))).isEqualTo("time");
        assertThat(CsvTypeInference.column(List.of("1", "-2147483648", "+7", " 12 "))).isEqualTo("integer");
        assertThat(CsvTypeInference.column(List.of("1", "2147483648"))).isEqualTo("bigint");
        assertThat(CsvTypeInference.column(List.of("1", "9223372036854775808"))).isEqualTo("numeric");
        assertThat(CsvTypeInference.column(List.of("1.5", "-.25", "3", "1e5", "NaN", "-Infinity"))).isEqualTo("numeric");
        assertThat(CsvTypeInference.column(List.of("t", "FALSE", "True", "f"))).isEqualTo("boolean");
        assertThat(CsvTypeInference.column(List.of("{\"a\": 1}", "[{\"b\": [1, 2]}]"))).isEqualTo("json");
        assertThat(CsvTypeInference.column(List.of("1", "x"))).isEqualTo("text");
    }

    @Test
    void valuesPostgresqlWouldRefuseForAListedTypeFallBack() {
        assertThat(CsvTypeInference.column(List.of("2026-02-30"))).as("no such day").isEqualTo("text");
        assertThat(CsvTypeInference.column(List.of("2026-13-01"))).isEqualTo("text");
        assertThat(CsvTypeInference.column(List.of("24:00:01"))).isEqualTo("text");
        assertThat(CsvTypeInference.column(List.of("1_000"))).isEqualTo("text");
        assertThat(CsvTypeInference.column(List.of("{\"a\": 1} trailing"))).isEqualTo("text");
        assertThat(CsvTypeInference.column(List.of("123"))).as("a JSON number is an integer").isEqualTo("integer");
        assertThat(CsvTypeInference.column(List.of("[1, 2]"))).as("json needs an object, as Splitgraph's").isEqualTo("text");
        assertThat(CsvTypeInference.column(List.of("yes"))).isEqualTo("text");
    }

    @Test
    void emptyValuesMakeAColumnTextUnlessIgnoredAndOverridesWin() {
        List<String> header = List.of("id", "amount", "note", "day");
        List<List<String>> rows = List.of(List.of("1", "2.5", "", "2026-01-01"), List.of("2", "", "", "2026-01-02"), List.of("3"));
        assertThat(CsvTypeInference.infer(header, rows, Map.of(), false)).containsExactly("integer", "text", "text", "date");
        assertThat(CsvTypeInference.infer(header, rows, Map.of(), true)).as("a column of empty values only is text")
                .containsExactly("integer", "numeric", "text", "date");
        assertThat(CsvTypeInference.infer(header, rows, Map.of("id", "bigint", "day", "text"), true))
                .containsExactly("bigint", "numeric", "text", "text");
    }

    @Test
    void theSampleIsTheFirstRecordsWithQuotedSeparatorsAndLineBreaks() throws Exception {
        Path f = Files.writeString(dir.resolve("s.csv"), "\uFEFFid;note\r\n1;\"a;b\"\n2;\"two\nlines \"\"q\"\"\"\n3;\n4;x", StandardCharsets.UTF_8);
        assertThat(CsvSample.read(f, ';', StandardCharsets.UTF_8, 100)).containsExactly(List.of("id", "note"), List.of("1", "a;b"),
                List.of("2", "two\nlines \"q\""), List.of("3", ""), List.of("4", "x"));
        assertThat(CsvSample.read(f, ';', StandardCharsets.UTF_8, 2)).hasSize(2);
    }
}
