package io.tekil.importer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a running import, read by the progress bar and the API while the import thread writes them.
 * Thread-safe.
 */
public final class ImportProgress {
    private final long totalBytes;
    private volatile long startedNanos;
    private volatile long stoppedNanos;
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong rowsRead = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong imported = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();

    /** @param totalBytes the input's size, or -1 when unknown */
    public ImportProgress(long totalBytes) {
        this.totalBytes = totalBytes;
    }

    public record Snapshot(long totalBytes, long bytesRead, long rowsRead, long messages, long imported, long duplicates,
            long rejected, double seconds) {
        public double rowsPerSecond() {
            return seconds <= 0 ? 0 : rowsRead / seconds;
        }

        /** Fraction of the input read, 0 to 1; -1 when the size is unknown. */
        public double fraction() {
            return totalBytes <= 0 ? -1 : Math.min(1.0, (double) bytesRead / totalBytes);
        }

        /** Seconds left at the current rate, or -1 when unknown. */
        public double etaSeconds() {
            double fraction = fraction();
            return fraction <= 0 || seconds <= 0 ? -1 : seconds * (1 - fraction) / fraction;
        }
    }

    /** Starts the clock (a queued import has not started yet). */
    void start() {
        startedNanos = System.nanoTime();
    }

    /** Stops the clock, so the rate of a finished import stays what it was. */
    void stop() {
        stoppedNanos = System.nanoTime();
    }

    public Snapshot snapshot() {
        long started = startedNanos;
        long stopped = stoppedNanos;
        double seconds = started == 0 ? 0 : ((stopped != 0 ? stopped : System.nanoTime()) - started) / 1e9;
        return new Snapshot(totalBytes, bytesRead.get(), rowsRead.get(), messages.get(), imported.get(), duplicates.get(),
                rejected.get(), seconds);
    }
}
