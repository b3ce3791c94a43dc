package io.sgregistry.sgr.cli.cloud;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class JwtTest {
    static String token(String claims) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void tokensNearExpiryOrUnreadableAreRefreshedOthersKept() {
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        Duration margin = Duration.ofMinutes(5);
        assertThat(Jwt.nearExpiry(token("{\"exp\":" + (now.getEpochSecond() + 3600) + "}"), now, margin)).isFalse();
        assertThat(Jwt.nearExpiry(token("{\"exp\":" + (now.getEpochSecond() + 60) + "}"), now, margin)).isTrue();
        assertThat(Jwt.nearExpiry(token("{\"exp\":" + (now.getEpochSecond() - 1) + "}"), now, margin)).isTrue();
        assertThat(Jwt.nearExpiry(token("{\"sub\":\"x\"}"), now, margin)).isTrue();
        assertThat(Jwt.nearExpiry("not-a-jwt", now, margin)).isTrue();
        assertThat(Jwt.expiry(token("{\"exp\":42}"))).contains(Instant.ofEpochSecond(42));
    }
}
