package io.tekil.store.duckdb;

/**
 * Tuning of the embedded store.
 *
 * @param checkpointThreshold DuckDB's {@code checkpoint_threshold}: how much write-ahead log accumulates
 *     before DuckDB folds it into the table files. Larger means fewer, bigger checkpoints; they run on the
 *     background loader, never on the acknowledgement path.
 * @param maxPendingBytes how many bytes of acknowledged groups may wait in the ingest log for the loader before
 *     appends block (and the server answers 503); they wait on disk, not on the heap
 * @param threads DuckDB's worker threads; {@link #AUTO_THREADS} leaves one core to the HTTP path (one thread
 *     on a 2-core machine, where a second DuckDB thread measurably cost more CPU per loaded row than it saved)
 * @param profileIndex whether the {@code events} table keeps an ART index on {@code identity_hash}: a profile's
 *     timeline and facts then take about a millisecond instead of a scan of the table, but every loaded row costs
 *     an index insert (measured: the loader's rate fell by more than half at millions of events)
 */
public record DuckDbOptions(String checkpointThreshold, long maxPendingBytes, int threads, boolean profileIndex, boolean compactMessages) {
    public static final int AUTO_THREADS = 0;
    public static final DuckDbOptions DEFAULTS = new DuckDbOptions("256MB", 1024L * 1024 * 1024, AUTO_THREADS, true, true);

    /** Messages compressed with zstd, the default. */
    public DuckDbOptions(String checkpointThreshold, long maxPendingBytes, int threads, boolean profileIndex) {
        this(checkpointThreshold, maxPendingBytes, threads, profileIndex, true);
    }

    public DuckDbOptions {
        if (checkpointThreshold == null || !checkpointThreshold.matches("\\d+\\s*(B|KB|MB|GB|KiB|MiB|GiB)")) {
            throw new IllegalArgumentException(String.format(
                    "checkpoint threshold '%s' must be a size such as 256MB", checkpointThreshold));
        }
        if (threads < 0) {
            throw new IllegalArgumentException(String.format("threads must be 0 (automatic) or more, was %d", threads));
        }
        if (maxPendingBytes < 1024 * 1024) {
            throw new IllegalArgumentException(String.format("maxPendingBytes must be at least 1 MiB, was %d", maxPendingBytes));
        }
    }

    /** The thread count to give DuckDB on this machine. */
    public int effectiveThreads() {
        return threads != AUTO_THREADS ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }
}
