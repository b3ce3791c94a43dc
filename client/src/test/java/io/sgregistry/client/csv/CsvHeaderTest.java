package io.sgregistry.client.csv;

import io.sgregistry.client.SgrException;
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
}
