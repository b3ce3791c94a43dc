package io.sgregistry.service.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    private static Settings of(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return new Settings(p, "test-service");
    }

    @Test
    void valuesAreTrimmedAndBlankIsAbsent() {
        Settings s = of("a", "  x ", "b", "   ");
        assertThat(s.required("a")).isEqualTo("x");
        assertThat(s.text("b", "fallback")).isEqualTo("fallback");
        assertThatThrownBy(() -> s.required("b")).hasMessage("setting b is missing from the test-service configuration");
    }

    @Test
    void numbersAreWholeOrRefusedNamingTheKey() {
        Settings s = of("n", " 42 ", "bad", "4x");
        assertThat(s.integer("n", 1)).isEqualTo(42);
        assertThat(s.integer("absent", 7)).isEqualTo(7);
        assertThatThrownBy(() -> s.integer("bad", 1)).hasMessageContaining("bad").hasMessageContaining("whole number");
        assertThatThrownBy(() -> s.requiredInteger("absent")).hasMessageContaining("absent");
    }

    @Test
    void booleansAreTrueOrFalseOrRefusedNamingTheKey() {
        Settings s = of("on", " true ", "off", "false", "bad", "yes");
        assertThat(s.bool("on", false)).isTrue();
        assertThat(s.bool("off", true)).isFalse();
        assertThat(s.bool("absent", true)).isTrue();
        assertThatThrownBy(() -> s.bool("bad", false)).hasMessageContaining("bad").hasMessageContaining("true or false");
    }

    @Test
    void hs256KeysAreAtLeast32Bytes() {
        assertThat(of("k", "0123456789abcdef0123456789abcdef").hs256Key("k")).hasSize(32);
        assertThatThrownBy(() -> of("k", "short").hs256Key("k")).hasMessageContaining("32 bytes");
        assertThat(of().optionalHs256Key("k")).isEmpty();
        assertThatThrownBy(() -> of().hs256Key("k")).hasMessageContaining("missing");
    }

    @Test
    void keysByNameBetweenAPrefixAndASuffix() {
        Settings s = of("role.sgr.password", "p1", "role.a.b.password", "p2", "role..password", "x", "placeholder.x", "1", "other", "o");
        assertThat(s.byName("role.", ".password")).isEqualTo(Map.of("sgr", "p1", "a.b", "p2"));
        assertThat(s.byName("placeholder.", "")).isEqualTo(Map.of("x", "1"));
    }

    @Test
    void anUnreadableFileSaysHowToMakeIt(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Settings.load(dir.resolve("absent.properties"), "mounter"))
                .hasMessageContaining("mounter configuration").hasMessageContaining("make config");
        Path f = dir.resolve("s.properties");
        Files.writeString(f, "a = b\n");
        assertThat(Settings.load(f, "mounter").required("a")).isEqualTo("b");
    }
}
