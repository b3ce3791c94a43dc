package io.sgregistry.acceptance;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.sgr.SgrUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer's account, entirely through the public interfaces: {@code sgr cloud register} against the
 * HTTPS auth API (HAProxy -> registry-api -> auth SQL), then push with the machine credentials it wrote,
 * {@code sgr cloud login} and {@code sgr cloud login-api}; wrong credentials fail clearly.
 */
@RegistryStackTest
class CloudAccountIT {
    private static final Pattern KEY = Pattern.compile("(?m)^SG_ENGINE_USER\\s*=\\s*(sgr_mc_[0-9a-f]+)\\s*$");
    private static final Pattern SECRET = Pattern.compile("(?m)^SG_ENGINE_PWD\\s*=\\s*([0-9a-f]{40})\\s*$");

    @TempDir
    Path dir;

    @Test
    void registerPushLoginAndLoginWithAnApiKey(Stack stack) throws Exception {
        String name = "new" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String password = "pw-" + UUID.randomUUID();
        SgrUser newcomer = SgrUser.newcomer(stack, name, dir);

        String registered = newcomer.ok("cloud", "register", "-u", name, "-p", password, "-e", name + "@example.test", "--accept-tos",
                "--auth-api", newcomer.authApi(), "--registry-port", String.valueOf(newcomer.registryPort()));
        assertThat(registered).contains("registered " + name);
        String config = newcomer.sgconfigText();
        assertThat(config).contains("[remote: registry]");
        Matcher key = KEY.matcher(config);
        Matcher secret = SECRET.matcher(config);
        assertThat(key.find()).as("machine credentials written by register:\n" + redact(config)).isTrue();
        assertThat(secret.find()).isTrue();
        assertThat(Files.getPosixFilePermissions(newcomer.home().resolve(".splitgraph/.sgconfig")))
                .as("the .sgconfig holds credentials: owner only")
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        // The credentials register wrote are enough to push.
        String repo = name + "/first";
        newcomer.ok("init", repo);
        Path csv = Files.write(dir.resolve("first.csv"), List.of("id,who", "1," + name, "2,someone"));
        newcomer.ok("csv", "import", "-f", csv.toString(), "-k", "id", "-t", "id", "integer", repo, "t");
        newcomer.ok("commit", "-m", "first", repo);
        assertThat(newcomer.ok("push", repo)).contains("pushed " + repo);

        // Logging in again refreshes the tokens and keeps working credentials.
        assertThat(newcomer.ok("cloud", "login", "-u", name, "-p", password)).contains("logged in as " + name);
        // An API key and secret are a login of their own.
        assertThat(newcomer.ok("cloud", "login-api", "-k", key.group(1), "-s", secret.group(1)))
                .contains("logged in with API key " + key.group(1));
        newcomer.ok("sql", "INSERT INTO \"" + repo + "\".\"t\" VALUES (3, 'after login-api')");
        newcomer.ok("commit", "-m", "second", repo);
        assertThat(newcomer.ok("push", repo)).contains("pushed " + repo);

        // Wrong password and a taken username: non-zero exit, a message that says what to do, no stack trace.
        SgrUser.Run wrong = newcomer.run("cloud", "login", "-u", name, "-p", "not-the-password");
        assertThat(wrong.exitCode()).as(wrong.toString()).isNotZero();
        assertThat(wrong.err()).as(wrong.toString()).contains("check the username and password").doesNotContain("\tat ");
        SgrUser.Run taken = newcomer.run("cloud", "register", "-u", name, "-p", password, "-e", "other-" + name + "@example.test");
        assertThat(taken.exitCode()).as(taken.toString()).isNotZero();
        assertThat(taken.err()).as(taken.toString()).contains("taken").doesNotContain("\tat ");
    }

    private static String redact(String config) {
        return config.replaceAll("(?m)^(SG_ENGINE_PWD|SG_CLOUD_ACCESS_TOKEN|SG_CLOUD_REFRESH_TOKEN)\\s*=.*$", "$1 = ***");
    }
}
