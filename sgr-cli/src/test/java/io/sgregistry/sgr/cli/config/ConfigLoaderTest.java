package io.sgregistry.sgr.cli.config;

import io.sgregistry.sgr.SgrException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path cwd() throws Exception {
        return Files.createDirectories(dir.resolve("cwd"));
    }

    private Path home() throws Exception {
        return Files.createDirectories(dir.resolve("home"));
    }

    private Path write(Path file, String... lines) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.write(file, List.of(lines));
    }

    @Test
    void flagsBeatEnvironmentBeatsFileBeatsDefaults() throws Exception {
        Path file = write(cwd().resolve(".sgconfig"), "[defaults]", "SG_ENGINE_HOST = filehost", "SG_ENGINE_PORT = 7000",
                "SG_ENGINE_USER: fileuser", "SG_ENGINE_PWD=filepw");
        SgConfig c = ConfigLoader.load(Optional.empty(), Map.of(SgConfig.HOST, "flaghost"),
                Map.of(SgConfig.HOST, "envhost", SgConfig.PORT, "7001", "UNRELATED", "x"), cwd(), home());
        assertThat(c.file()).contains(file);
        assertThat(c.values()).containsEntry(SgConfig.HOST, "flaghost")   // flag over env and file
                .containsEntry(SgConfig.PORT, "7001")                    // env over file
                .containsEntry(SgConfig.USER, "fileuser")                // file over default
                .containsEntry(SgConfig.DB_NAME, "splitgraph")           // default
                .doesNotContainKey("UNRELATED");
        assertThat(c.engine()).isEqualTo(new io.sgregistry.sgr.engine.Endpoint("flaghost", 7001, "splitgraph", "fileuser", "filepw"));
    }

    @Test
    void withoutAnyFileTheDefaultsPointAtTheClientEngine() throws Exception {
        SgConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), cwd(), home());
        assertThat(c.file()).isEmpty();
        assertThat(c.values()).containsEntry(SgConfig.HOST, "127.0.0.1").containsEntry(SgConfig.PORT, "5434");
        // No password default: the error says which key to set.
        assertThatThrownBy(c::engine).isInstanceOf(SgrException.class).hasMessageContaining("SG_ENGINE_PWD is not set")
                .satisfies(e -> assertThat(((SgrException) e).hint()).contains("SG_ENGINE_PWD"));
    }

    @Test
    void searchOrderIsFlagThenEnvironmentThenCurrentDirectoryThenHome() throws Exception {
        Path inHome = write(home().resolve(".splitgraph/.sgconfig"), "[defaults]", "SG_ENGINE_HOST = home");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), cwd(), home()).values()).containsEntry(SgConfig.HOST, "home");
        Path inCwd = write(cwd().resolve(".sgconfig"), "[defaults]", "SG_ENGINE_HOST = cwd");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), cwd(), home()).file()).contains(inCwd);
        Path viaEnv = write(dir.resolve("env.ini"), "[defaults]", "SG_ENGINE_HOST = env");
        Map<String, String> env = Map.of(ConfigLoader.CONFIG_FILE_ENV, viaEnv.toString());
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), env, cwd(), home()).values()).containsEntry(SgConfig.HOST, "env");
        Path viaFlag = write(dir.resolve("flag.ini"), "[defaults]", "SG_ENGINE_HOST = flag");
        SgConfig c = ConfigLoader.load(Optional.of(viaFlag), Map.of(), env, cwd(), home());
        assertThat(c.values()).containsEntry(SgConfig.HOST, "flag");
        assertThat(c.file()).contains(viaFlag);
        assertThat(inHome).exists();
    }

    @Test
    void transferLanesComeFromSgEnginePoolWithADefaultAndACap() throws Exception {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), cwd(), home()).transferLanes()).isEqualTo(4);
        write(cwd().resolve(".sgconfig"), "[defaults]", "SG_ENGINE_POOL = 2");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), cwd(), home()).transferLanes()).isEqualTo(2);
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of("SG_ENGINE_POOL", "64"), cwd(), home()).transferLanes())
                .isEqualTo(8);
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("SG_ENGINE_POOL", "0"), cwd(), home()).transferLanes())
                .hasMessageContaining("SG_ENGINE_POOL must be a positive whole number, not '0'");
    }

    @Test
    void aNamedFileThatDoesNotExistIsAnError() throws Exception {
        Path missing = dir.resolve("nope.ini");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Map.of(), Map.of(), cwd(), home()))
                .isInstanceOf(SgrException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of(ConfigLoader.CONFIG_FILE_ENV, missing.toString()), cwd(), home()))
                .isInstanceOf(SgrException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void remoteSectionsAreNamedRemotes() throws Exception {
        write(cwd().resolve(".sgconfig"), "# comment", "[defaults]", "SG_ENGINE_PWD = x", "", "[remote: data.example]",
                "SG_ENGINE_HOST = registry", "SG_ENGINE_PORT = 5431", "SG_ENGINE_USER = key", "SG_ENGINE_PWD = secret",
                "; another comment", "SG_IS_REGISTRY = true");
        SgConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(SgConfig.HOST, "ignored-for-remotes"), cwd(), home());
        assertThat(c.remotes()).containsOnlyKeys("data.example");
        assertThat(c.remote("data.example").host()).isEqualTo("registry");
        assertThat(c.remote("data.example").port()).isEqualTo(5431);
        assertThatThrownBy(() -> c.remote("other")).isInstanceOf(SgrException.class).hasMessageContaining("no remote named 'other'");
    }

    @Test
    void badLinesAndBadPortsSayWhere() throws Exception {
        Path bad = write(cwd().resolve(".sgconfig"), "[defaults]", "just words");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), cwd(), home()))
                .isInstanceOf(SgrException.class).hasMessageContaining(bad + " line 2");
        write(cwd().resolve(".sgconfig"), "[defaults]", "SG_ENGINE_PORT = abc", "SG_ENGINE_PWD = x");
        SgConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), cwd(), home());
        assertThatThrownBy(c::engine).hasMessageContaining("not a port number");
    }
}
