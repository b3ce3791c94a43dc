package io.sgregistry.quoting;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlQuotingTest {
    @Test
    void identifiersDoubleTheirQuotes() {
        assertThat(SqlQuoting.ident("plain")).isEqualTo("\"plain\"");
        assertThat(SqlQuoting.ident("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(SqlQuoting.ident("\"; DROP TABLE x; --")).isEqualTo("\"\"\"; DROP TABLE x; --\"");
        assertThat(SqlQuoting.ident("me/weather")).isEqualTo("\"me/weather\"");
        assertThat(SqlQuoting.qualified("s\"", "t")).isEqualTo("\"s\"\"\".\"t\"");
        assertThat(SqlQuoting.identList(List.of("a", "b\""))).isEqualTo("\"a\", \"b\"\"\"");
        assertThat(SqlQuoting.identList(List.of("a", "b"), "t")).isEqualTo("t.\"a\", t.\"b\"");
    }

    @Test
    void literalsDoubleTheirApostrophesAndKeepBackslashes() {
        assertThat(SqlQuoting.literal("it's")).isEqualTo("'it''s'");
        assertThat(SqlQuoting.literal("a\\b")).isEqualTo("'a\\b'");
    }

    @Test
    void aNulCharacterIsRefusedNotQuoted() {
        assertThatThrownBy(() -> SqlQuoting.ident("a\0b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> SqlQuoting.literal("a\0b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> SqlQuoting.qualified("s", "\0")).isInstanceOf(IllegalArgumentException.class);
    }
}
