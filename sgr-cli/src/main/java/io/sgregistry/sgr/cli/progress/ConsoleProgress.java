package io.sgregistry.sgr.cli.progress;

import io.sgregistry.sgr.progress.Progress;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * A me.tongfei progress bar on the error stream: rows done of total with rows/s (the bar's speed),
 * and bytes/s as its extra message, so stdout stays clean for data.
 */
public final class ConsoleProgress implements Progress {
    private static final int WIDTH = 130;
    private final PrintStream err;
    private ProgressBar bar;
    private Instant started;
    private long bytes;

    public ConsoleProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void start(String task, long totalRows) {
        close();
        bytes = 0;
        started = Instant.now();
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalRows)
                .setUnit(" rows", 1)
                .showSpeed(new java.text.DecimalFormat("#"))
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                // A fixed width: without a terminal the library guesses a narrow one and cuts off bytes/s.
                .setConsumer(new ConsoleProgressBarConsumer(err, WIDTH))
                .build();
    }

    @Override
    public void advance(long rows, long moreBytes) {
        if (bar == null) {
            return;
        }
        bytes += moreBytes;
        bar.stepBy(rows);
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        bar.setExtraMessage(" " + human(bytes / seconds) + "/s");
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    static String human(double bytesPerSecond) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int u = 0;
        while (bytesPerSecond >= 1024 && u < units.length - 1) {
            bytesPerSecond /= 1024;
            u++;
        }
        return String.format("%.1f %s", bytesPerSecond, units[u]);
    }
}
