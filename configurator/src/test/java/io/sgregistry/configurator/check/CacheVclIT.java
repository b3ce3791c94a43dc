package io.sgregistry.configurator.check;

import io.sgregistry.configurator.Configurator;
import io.sgregistry.configurator.cli.StateOptions;
import io.sgregistry.configurator.process.Processes;
import io.sgregistry.configurator.state.ConfigState;
import io.sgregistry.configurator.state.SecretGenerator;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache rules of the rendered default.vcl, run by Varnish itself: varnishtest (in the cache image,
 * no network) with a scripted backend in place of the gateway. See src/test/resources/vtc/cache.vtc.
 */
class CacheVclIT {
    @TempDir
    Path dir;

    @Test
    void anonymousGetsAreCachedPrivateRequestsAndCookiesNeverAndBanOnlyFromInside() throws IOException {
        runVarnishtest("cache.vtc");
    }

    @Test
    void gatewayErrorsAreNeverCachedAndARepositoryBanSparesHashAddressedUrls() throws IOException {
        runVarnishtest("cache-rest.vtc");
    }

    @Test
    void answersToBrowsersAreCachedApartFromOthersAndListedOriginsApartFromEachOther() throws IOException {
        runVarnishtest("cache-cors-any.vtc");
        runVarnishtest("cache-cors-listed.vtc", s -> s.set("data_api.cors_allowed_origins", TextNode.valueOf("https://app.example")));
    }

    private void runVarnishtest(String name) throws IOException {
        runVarnishtest(name, s -> { });
    }

    private void runVarnishtest(String name, java.util.function.Consumer<ConfigState> settings) throws IOException {
        ConfigState s = ConfigState.load(dir.resolve(name + ".json"), new SecretGenerator());
        s.applyDefaults(StateOptions.defaults());
        settings.accept(s);
        s.set("gateway.enabled", BooleanNode.TRUE);
        s.set("cache.backend.host", TextNode.valueOf("127.0.0.1"));
        s.set("cache.backend.port", IntNode.valueOf(18081));
        Path out = dir.resolve("out-" + name);
        Configurator.render(s, Path.of("templates"), out);
        Path vtc = dir.resolve(name);
        try (InputStream in = CacheVclIT.class.getResourceAsStream("/vtc/" + name)) {
            Files.copy(in, vtc);
        }
        Processes.Result r = Processes.run(List.of("docker", "run", "--rm", "--pull", "never", "--network", "none",
                "-v", out.toAbsolutePath().resolve("cache") + ":/cfg:ro", "-v", vtc.toAbsolutePath() + ":/t/" + name + ":ro",
                "--entrypoint", "varnishtest", "sgregistry/cache:" + ConfigCheckIT.TAG, "-q", "/t/" + name),
                Duration.ofMinutes(2));
        assertThat(r.exitCode()).as("varnishtest output:\n" + r.output()).isZero();
    }
}
