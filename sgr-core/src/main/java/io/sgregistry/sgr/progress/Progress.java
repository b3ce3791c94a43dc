package io.sgregistry.sgr.progress;

/** Progress of a long transfer in rows and bytes; one task at a time. */
public interface Progress extends AutoCloseable {
    /** Starts a task of {@code totalRows} rows (or -1 if unknown). */
    void start(String task, long totalRows);

    void advance(long rows, long bytes);

    /** Ends the current task. */
    @Override
    void close();

    static Progress none() {
        return new Progress() {
            @Override
            public void start(String task, long totalRows) {
            }

            @Override
            public void advance(long rows, long bytes) {
            }

            @Override
            public void close() {
            }
        };
    }
}
