package io.sgregistry.sgr.cli.progress;

import io.sgregistry.sgr.progress.Progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTest {
    @Test
    void showsTheTaskRowsDoneOfTotalRowsPerSecondAndBytesPerSecondOnTheGivenStream() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ConsoleProgress p = new ConsoleProgress(new PrintStream(err, true, StandardCharsets.UTF_8))) {
            p.start("push ns/repo", 20_000);
            p.advance(10_000, 3 * 1024 * 1024);
            p.advance(10_000, 3 * 1024 * 1024);
        }
        String shown = err.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("push ns/repo", "20000/20000 rows", "rows/s");
        // The unit depends on how fast this machine ran the two calls (MiB/s or GiB/s): the rate must be
        // shown with a binary unit; the units themselves are checked in bytesPerSecondAreHumanReadable.
        assertThat(shown).containsPattern("[0-9.]+ (B|KiB|MiB|GiB|TiB)/s");
    }

    @Test
    void bytesPerSecondAreHumanReadable() {
        assertThat(ConsoleProgress.human(512)).isEqualTo("512.0 B");
        assertThat(ConsoleProgress.human(1536)).isEqualTo("1.5 KiB");
        assertThat(ConsoleProgress.human(5.0 * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
    }
}
