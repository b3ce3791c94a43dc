package io.sgregistry.configurator.state;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigStateTest {
    @TempDir
    Path dir;

    @Test
    void aSecretIsGeneratedOnFirstUseAndReusedAfterReload() {
        Path file = dir.resolve("config.json");
        ConfigState first = ConfigState.load(file, new SecretGenerator());
        String value = first.secret("password.engine.sgr");
        assertThat(first.secret("password.engine.sgr")).isEqualTo(value);
        first.save();

        ConfigState again = ConfigState.load(file, new SecretGenerator());
        assertThat(again.secret("password.engine.sgr")).isEqualTo(value);
        assertThat(again.isDirty()).isFalse();
        assertThat(again.secret("password.engine.other")).isNotEqualTo(value);
    }

    @Test
    void theStateFileIsOwnerOnly() throws IOException {
        Path file = dir.resolve("sub/config.json");
        ConfigState state = ConfigState.load(file, new SecretGenerator());
        state.secret("secret.auth.jwt");
        state.save();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void onlyPasswordAndSecretPathsAreSecrets() {
        ConfigState state = ConfigState.load(dir.resolve("c.json"), new SecretGenerator());
        assertThat(ConfigState.isSecretKey("password.a.b")).isTrue();
        assertThat(ConfigState.isSecretKey("secret.x")).isTrue();
        assertThat(ConfigState.isSecretKey("ports.http")).isFalse();
        assertThatThrownBy(() -> state.secret("ports.http")).isInstanceOf(ConfigException.class);
    }

    @Test
    void rotateReplacesAnExistingSecretAndRefusesAnUnknownOne() {
        ConfigState state = ConfigState.load(dir.resolve("c.json"), new SecretGenerator());
        String old = state.secret("password.engine.sgr");
        assertThat(state.rotate("password.engine.sgr")).isNotEqualTo(old).hasSize(SecretGenerator.LENGTH);
        assertThat(state.secret("password.engine.sgr")).isNotEqualTo(old);
        assertThatThrownBy(() -> state.rotate("password.nobody.here"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no secret 'password.nobody.here'");
    }

    @Test
    void defaultsFillGapsButExistingValuesWin() {
        ConfigState state = ConfigState.load(dir.resolve("c.json"), new SecretGenerator());
        state.set("ports.http", IntNode.valueOf(9999));
        ObjectNode defaults = JsonNodeFactory.instance.objectNode();
        defaults.putObject("ports").put("http", 8080).put("https", 8443);
        state.applyDefaults(defaults);
        assertThat(state.get("ports.http")).hasValue(IntNode.valueOf(9999));
        assertThat(state.get("ports.https")).hasValue(IntNode.valueOf(8443));
    }

    @Test
    void flagsFileOverridesLeavesAndKeepsSecrets() throws IOException {
        ConfigState state = ConfigState.load(dir.resolve("c.json"), new SecretGenerator());
        String secret = state.secret("password.engine.sgr");
        state.set("ports.http", IntNode.valueOf(8080));
        Path flags = dir.resolve("flags.json");
        Files.writeString(flags, "{\"ports\": {\"http\": 18080}, \"monitoring\": {\"enabled\": true}}");
        state.applyOverrides(ConfigState.readFlags(flags));
        assertThat(state.get("ports.http")).hasValue(IntNode.valueOf(18080));
        assertThat(state.toMap()).extractingByKey("monitoring").asString().contains("enabled=true");
        assertThat(state.secret("password.engine.sgr")).isEqualTo(secret);
    }

    @Test
    void brokenJsonIsReportedWithLineAndWhatToDo() throws IOException {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "{\n  \"ports\": {\n    \"http\": ,\n}");
        assertThatThrownBy(() -> ConfigState.load(file, new SecretGenerator()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid JSON")
                .extracting(e -> ((ConfigException) e).hint()).asString().contains("line 3");
    }

    @Test
    void badKeysAreRefused() {
        ConfigState state = ConfigState.load(dir.resolve("c.json"), new SecretGenerator());
        assertThatThrownBy(() -> state.set("ports..http", TextNode.valueOf("x"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> state.set("9lives", TextNode.valueOf("x"))).isInstanceOf(ConfigException.class);
    }
}
