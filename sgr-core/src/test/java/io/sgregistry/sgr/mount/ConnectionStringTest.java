package io.sgregistry.sgr.mount;

import io.sgregistry.sgr.SgrException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionStringTest {
    @Test
    void splitsUserPasswordHostAndPort() {
        assertThat(ConnectionString.parse("originro:origin:pass@pg-origin.local:5432"))
                .isEqualTo(new ConnectionString("originro", "origin:pass", "pg-origin.local", 5432));
    }

    @Test
    void refusesOtherShapesWithoutShowingThePassword() {
        assertThatThrownBy(() -> ConnectionString.parse("user:secret@host")).isInstanceOf(SgrException.class)
                .hasMessageContaining("user:***@host").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ConnectionString.parse("u:p@h:70000")).isInstanceOf(SgrException.class).hasMessageContaining("out of range");
        assertThat(new ConnectionString("u", "secret", "h", 1).toString()).doesNotContain("secret");
    }

    @Test
    void handlersAreNamedAsInSplitgraph() {
        assertThat(MountHandler.named("postgres_fdw").fdw()).isEqualTo("postgres_fdw");
        assertThat(MountHandler.named("mysql_fdw").fdw()).isEqualTo("mysql_fdw");
        assertThat(MountHandler.named("csv").fdw()).isEqualTo("file_fdw");
        assertThatThrownBy(() -> MountHandler.named("mongo_fdw")).isInstanceOf(SgrException.class).hasMessageContaining("mongo_fdw")
                .satisfies(e -> assertThat(((SgrException) e).hint()).contains("postgres_fdw, mysql_fdw, csv"));
    }
}
