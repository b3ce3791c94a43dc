package io.sgregistry.configurator.state;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecretGeneratorTest {
    @Test
    void secretsAreLongAlphanumericAndDistinct() {
        SecretGenerator generator = new SecretGenerator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String s = generator.next();
            assertThat(s).hasSize(SecretGenerator.LENGTH).matches("[A-Za-z0-9]+");
            seen.add(s);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void everyCharacterClassIsUsed() {
        // 32 characters over 62 symbols: about 190 bits. Check the alphabet is really used.
        StringBuilder all = new StringBuilder();
        SecretGenerator generator = new SecretGenerator();
        for (int i = 0; i < 200; i++) {
            all.append(generator.next());
        }
        assertThat(all.chars().distinct().count()).isEqualTo(62);
    }
}
