package io.sgregistry.sgr.csv;

import io.sgregistry.sgr.SgrException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvHeaderTest {
    @Test
    void headersSplitOnTheSeparatorWithCsvQuoting() {
        assertThat(CsvImport.splitHeader("id,name, \"a,b\",\"say \"\"hi\"\"\"", ',')).containsExactly("id", "name", "a,b", "say \"hi\"");
        assertThat(CsvImport.splitHeader("x;y", ';')).containsExactly("x", "y");
    }

    @Test
    void emptyOrDuplicateNamesAreErrors() {
        assertThatThrownBy(() -> CsvImport.splitHeader("a,,b", ',')).isInstanceOf(SgrException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> CsvImport.splitHeader("a,b,a", ',')).isInstanceOf(SgrException.class).hasMessageContaining("twice");
    }

    @Test
    void namesPostgresqlWouldCutOrRefuseAreRefusedFirst() {
        // Found by the acceptance sweep: a 64-byte table name was imported under a 63-byte one.
        CsvImport.requireIdentifier("table name", "x".repeat(63));
        CsvImport.requireIdentifier("table name", "é".repeat(31));
        for (String bad : new String[]{"", "x".repeat(64), "é".repeat(32), "a\0b"}) {
            assertThatThrownBy(() -> CsvImport.requireIdentifier("table name", bad)).as(bad).isInstanceOf(SgrException.class)
                    .hasMessageContaining("the table name");
        }
    }
}
