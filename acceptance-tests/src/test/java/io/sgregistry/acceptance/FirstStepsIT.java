package io.sgregistry.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "First steps" work as written: the block that {@code make demo} runs is run here by the
 * same extractor ({@code docs/demo/run-readme-block.sh demo}), from README.md itself, against the test
 * stack (its state file and rendered config instead of {@code make up}'s). The other block, which turns
 * the client-engine flag on and runs {@code make up}, is not run: the test stack has the flag on
 * already (compose/test-flags.json) and {@code make up} would start the registry on the machine's
 * default ports. Then the outcome is checked in the registry: the image is there, tagged and public;
 * and the REST URL answers with rows when the stack has a mounter, else the demo must say it did not.
 */
@RegistryStackTest
class FirstStepsIT {
    private static final Pattern URL = Pattern.compile("(?m)^REST URL: https://localhost:(\\d+)/(demo\\d+)/weather/v1/-/rest/readings$");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Test
    void theReadmeWalkthroughPushesAPublicDatasetAndPrintsItsRestUrl(Stack stack) throws Exception {
        Path root = stack.location().root();
        String out = runBlock(stack, root);

        Matcher url = URL.matcher(out);
        assertThat(url.find()).as("the demo printed its REST URL:\n" + out).isTrue();
        assertThat(Integer.parseInt(url.group(1))).isEqualTo(stack.config().port("https"));
        String namespace = url.group(2);
        assertThat(out).contains("try it:   curl --cacert " + stack.caCertificate());
        assertThat(out).contains(namespace + "/weather is public");
        assertThat(out).contains("pushed " + namespace + "/weather");

        try (Connection c = stack.engineAdmin().connect()) {
            assertThat(single(c, "SELECT is_public::text FROM registry_meta.repositories WHERE namespace = ? AND repository = 'weather'",
                    namespace)).as("the pushed repository is public").isEqualTo("true");
            assertThat(single(c, "SELECT count(*)::text FROM splitgraph_meta.tags WHERE namespace = ? AND repository = 'weather' AND tag = 'v1'",
                    namespace)).as("tag v1 was pushed").isEqualTo("1");
            assertThat(single(c, "SELECT string_agg(table_name, ',') FROM splitgraph_meta.tables t JOIN splitgraph_meta.tags g"
                    + " USING (namespace, repository, image_hash) WHERE namespace = ? AND repository = 'weather' AND tag = 'v1'",
                    namespace)).isEqualTo("readings");
        }

        Path answer = stack.location().stateFile().getParent().resolve("demo/answer.json");
        boolean mounter = stack.compose(Duration.ofSeconds(30), "config", "--services")
                .requireSuccess("list the stack's services").output().lines().anyMatch("mounter"::equals);
        if (mounter) {
            // The whole REST path exists: the URL the demo printed must answer the rows.
            assertThat(out).as(out).contains("the REST URL answered 200:");
            JsonNode rows = new ObjectMapper().readTree(Files.readString(answer));
            assertThat(rows).as(rows.toString()).hasSize(3);
            assertThat(rows.get(0).get("city").asText()).isEqualTo("Oslo");
            assertThat(rows.get(0).get("temp_c").asDouble()).isEqualTo(-4.5);
        } else {
            // No mounter in this stack yet: the gateway's 503, and the demo says so instead of pretending.
            assertThat(out).as(out).contains("the REST URL did not answer with rows (HTTP 503)").contains("MOUNTER_UNAVAILABLE");
        }
    }

    private static String runBlock(Stack stack, Path root) throws IOException, InterruptedException {
        Path log = Files.createTempFile("first-steps-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "docs/demo/run-readme-block.sh", "demo")
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            // A user's shell: no SG_* settings leaking in from the test JVM's environment.
            env.keySet().removeIf(k -> k.startsWith("SG_") || k.equals("SGR_JAVA_OPTS"));
            env.put("STATE", stack.location().stateFile().toString());
            env.put("CONFIG", stack.location().configDir().toString());
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the README's demo block did not finish within " + TIMEOUT + ":\n" + Files.readString(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("the README's demo block (docs/demo/run-readme-block.sh demo) failed:\n" + out).isZero();
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String single(Connection c, String sql, String... args) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                assertThat(values).as(sql).hasSize(1);
                return values.get(0);
            }
        }
    }
}
