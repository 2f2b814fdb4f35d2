package io.tekil.store.duckdb;

/**
 * Tuning of the embedded store.
 *
 * @param checkpointThreshold DuckDB's {@code checkpoint_threshold}: how much write-ahead log accumulates
 *     before DuckDB folds it into the table files. Larger means fewer, bigger checkpoints; they run on the
 *     background loader, never on the acknowledgement path.
 * @param maxPendingBytes how many bytes of appended groups may wait in memory for the loader before appends
 *     block (and the server answers 503)
 */
public record DuckDbOptions(String checkpointThreshold, long maxPendingBytes) {
    public static final DuckDbOptions DEFAULTS = new DuckDbOptions("256MB", 256L * 1024 * 1024);

    public DuckDbOptions {
        if (checkpointThreshold == null || !checkpointThreshold.matches("\\d+\\s*(B|KB|MB|GB|KiB|MiB|GiB)")) {
            throw new IllegalArgumentException(String.format(
                    "checkpoint threshold '%s' must be a size such as 256MB", checkpointThreshold));
        }
        if (maxPendingBytes < 1024 * 1024) {
            throw new IllegalArgumentException(String.format("maxPendingBytes must be at least 1 MiB, was %d", maxPendingBytes));
        }
    }
}
