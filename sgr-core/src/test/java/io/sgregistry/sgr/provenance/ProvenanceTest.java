package io.sgregistry.sgr.provenance;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.splitfile.SplitfileCommand;
import io.sgregistry.sgr.splitfile.SplitfileParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvenanceTest {
    private static final String H1 = "a".repeat(64);
    private static final String H2 = "b".repeat(64);

    private static Provenance sample() {
        Provenance p = Provenance.empty();
        p.from(new Repository("base", "img"), H1);
        p.importing(new Repository("noaa", "climate"), H2, List.of("rainfall", "SELECT * FROM t WHERE x = '}'"),
                List.of("rain", "q"), List.of(false, true));
        p.sql("CREATE TABLE j AS SELECT 1");
        return p;
    }

    @Test
    void theJsonHasSplitgraphsShapeAndReadsBack() {
        String json = sample().toJson();
        assertThat(json).contains("{\"type\":\"FROM\",\"source_namespace\":\"base\",\"source\":\"img\",\"source_hash\":\"" + H1 + "\"}")
                .contains("\"type\":\"IMPORT\"").contains("\"table_aliases\":[\"rain\",\"q\"]").contains("\"table_queries\":[false,true]")
                .contains("{\"type\":\"SQL\",\"sql\":\"CREATE TABLE j AS SELECT 1\"}");
        assertThat(Provenance.parse(json).dependencies()).containsExactly(
                new Provenance.ImageId(new Repository("base", "img"), H1), new Provenance.ImageId(new Repository("noaa", "climate"), H2));
        assertThat(Provenance.parse("{\"not\": \"an array\"}")).isNull();
        assertThat(Provenance.parse(null)).isNull();
    }

    @Test
    void theReconstructedSplitfileParsesBackToTheSameCommands() {
        List<String> lines = sample().toSplitfile(false, Map.of());
        assertThat(lines).containsExactly("FROM base/img:" + H1,
                "FROM noaa/climate:" + H2 + " IMPORT rainfall AS rain, {SELECT * FROM t WHERE x = '\\}'} AS q",
                "SQL {CREATE TABLE j AS SELECT 1}");
        List<SplitfileCommand> cmds = SplitfileParser.parse(String.join("\n", lines), Map.of());
        SplitfileCommand.Import i = (SplitfileCommand.Import) cmds.get(1);
        assertThat(i.tables()).containsExactly(new SplitfileCommand.Table("rainfall", "rain", false),
                new SplitfileCommand.Table("SELECT * FROM t WHERE x = '}'", "q", true));
    }

    @Test
    void replacementPinsAnotherImageOfARepository() {
        List<String> lines = sample().toSplitfile(false, Map.of(new Repository("noaa", "climate"), "latest"));
        assertThat(lines.get(1)).startsWith("FROM noaa/climate:latest IMPORT ");
        assertThat(lines.get(0)).isEqualTo("FROM base/img:" + H1);
    }

    @Test
    void mountIsIrreproducibleUnlessIgnored() {
        Provenance p = Provenance.empty();
        p.mount();
        p.sql("SELECT 1");
        assertThatThrownBy(() -> p.toSplitfile(false, Map.of())).isInstanceOf(SgrException.class).hasMessageContaining("MOUNT");
        assertThat(p.toSplitfile(true, Map.of())).containsExactly("# Irreproducible Splitfile command of type MOUNT", "SQL {SELECT 1}");
    }
}
