package io.sgregistry.sgr.cli.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigWriterTest {
    @TempDir
    Path dir;

    @Test
    void replacesKeysInTheSectionAppendsNewOnesAndKeepsEverythingElse() {
        List<String> in = List.of("# my config", "[defaults]", "SG_ENGINE_PWD = local", "", "[remote: registry]",
                "SG_ENGINE_USER = old", "; keep me", "SG_ENGINE_HOST = h", "", "[remote: other]", "SG_ENGINE_USER = other");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SG_ENGINE_USER", "new");
        values.put("SG_CLOUD_ACCESS_TOKEN", "tok");
        assertThat(ConfigWriter.apply(in, "remote: registry", values)).containsExactly("# my config", "[defaults]",
                "SG_ENGINE_PWD = local", "", "[remote: registry]", "SG_ENGINE_USER = new", "; keep me", "SG_ENGINE_HOST = h",
                "SG_CLOUD_ACCESS_TOKEN = tok", "", "[remote: other]", "SG_ENGINE_USER = other");
    }

    @Test
    void aMissingSectionIsAppended() {
        assertThat(ConfigWriter.apply(List.of("[defaults]", "A = 1"), "remote: r", Map.of("B", "2")))
                .containsExactly("[defaults]", "A = 1", "", "[remote: r]", "B = 2");
        assertThat(ConfigWriter.apply(List.of(), "remote: r", Map.of("B", "2"))).containsExactly("[remote: r]", "B = 2");
    }

    @Test
    void theWrittenFileIsPrivateAndReadsBack() throws Exception {
        Path file = dir.resolve("sub/.sgconfig");
        ConfigWriter.update(file, "remote: registry", Map.of("SG_ENGINE_USER", "key", "SG_ENGINE_PWD", "secret",
                "SG_ENGINE_HOST", "h", "SG_ENGINE_PORT", "5431"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        SgConfig c = ConfigLoader.load(Optional.of(file), Map.of(), Map.of(), dir, dir);
        assertThat(c.remote("registry").user()).isEqualTo("key");
        ConfigWriter.update(file, "remote: registry", Map.of("SG_ENGINE_USER", "key2"));
        assertThat(ConfigLoader.load(Optional.of(file), Map.of(), Map.of(), dir, dir).remote("registry").user()).isEqualTo("key2");
    }
}
