package io.tekil.store.duckdb;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves groups from the {@link IngestLog} into DuckDB's tables, many groups per transaction, off the
 * acknowledgement path.
 *
 * <p>Between the log append and the load only each record's location waits in memory; the loader reads the
 * record back from the log. At most {@code maxPendingBytes} of log may wait, beyond which {@link #enqueue}
 * blocks, so a writer faster than DuckDB on average slows down (the server answers 503) instead of filling the
 * disk; bursts, and the pauses of DuckDB checkpoints, are absorbed. Each load commits the events, the quarantined messages and the
 * highest loaded sequence in one transaction, so after a crash exactly the records above that sequence are
 * replayed. A failed load is retried until it succeeds: the records are safe in the log meanwhile.
 *
 * <p>Readers call {@link #awaitLoaded} with the log's last sequence to see everything acknowledged before
 * their read began.
 */
final class LogLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);
    /**
     * Most log bytes per load transaction: about 128,000 typical events, a little over one DuckDB row group
     * (122,880 rows), so that under load DuckDB can write whole row groups straight to the table file.
     */
    private static final long MAX_LOAD_BYTES = 128L * 1024 * 1024;

    private final EventTables tables;
    private final IngestLog log;
    private final long maxPendingBytes;
    private final ArrayDeque<IngestLog.Appended> pending = new ArrayDeque<>();
    private final Thread thread;
    private long pendingBytes;
    private long loadedSequence;
    private boolean running = true;

    LogLoader(EventTables tables, IngestLog log, long loadedSequence, long maxPendingBytes) {
        this.tables = tables;
        this.log = log;
        this.loadedSequence = loadedSequence;
        this.maxPendingBytes = maxPendingBytes;
        this.thread = Thread.ofPlatform().name("tekil-duckdb-loader").unstarted(this::run);
        this.thread.start();
    }

    /**
     * Hands a record that is already durable in the log to the loader; blocks while too much is pending. Only
     * the record's location is kept: the loader reads it back from the log (the page cache, normally), so a
     * loader that falls behind during a DuckDB checkpoint costs disk, not heap.
     */
    synchronized void enqueue(IngestLog.Appended record) {
        // The group is already durable in the log: the wait must not fail, or its request would get an error
        // for a write that happened (and a retry would store it twice after the next replay).
        boolean interrupted = false;
        while (pendingBytes > maxPendingBytes && running) {
            try {
                wait(1000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        pending.add(record);
        pendingBytes += record.length();
        notifyAll();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every record up to {@code sequence} is in DuckDB. */
    synchronized void awaitLoaded(long sequence, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (loadedSequence < sequence) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TekilException(ErrorCategory.UNAVAILABLE, String.format(
                        "events are stored but not yet readable: the loader is behind (at record %d of %d); retry shortly",
                        loadedSequence, sequence));
            }
            waitQuietly(Math.max(1, left / 1_000_000));
        }
    }

    synchronized long loadedSequence() {
        return loadedSequence;
    }

    private void run() {
        while (true) {
            List<IngestLog.Appended> batch = new ArrayList<>();
            synchronized (this) {
                while (pending.isEmpty() && running) {
                    waitQuietly(1000);
                }
                if (pending.isEmpty()) {
                    return;
                }
                long bytes = 0;
                while (!pending.isEmpty() && (batch.isEmpty() || bytes < MAX_LOAD_BYTES)) {
                    IngestLog.Appended next = pending.poll();
                    bytes += next.length();
                    batch.add(next);
                }
            }
            loadUntilStored(batch);
            long last = batch.getLast().sequence();
            long bytes = batch.stream().mapToLong(IngestLog.Appended::length).sum();
            synchronized (this) {
                loadedSequence = last;
                pendingBytes -= bytes;
                notifyAll();
            }
            log.deleteThrough(last);
        }
    }

    /**
     * Loads the records, retrying until DuckDB takes them. After two failed attempts of the whole batch, records go
     * one at a time, and a record DuckDB still refuses has the events it refuses moved to the quarantine
     * ({@link EventTables#loadSalvaging}): one bad event must not stop every load after it. A failure of storage
     * itself (a plain event refused too) is retried as before.
     */
    private void loadUntilStored(List<IngestLog.Appended> batch) {
        List<byte[]> records = readBack(batch);
        int next = 0; // the records before it are in DuckDB
        for (int attempt = 1; ; attempt++) {
            try {
                if (attempt <= WHOLE_BATCH_ATTEMPTS) {
                    tables.load(records, batch.getLast().sequence());
                    return;
                }
                for (; next < records.size(); next++) {
                    tables.loadSalvaging(records.get(next), batch.get(next).sequence());
                }
                return;
            } catch (RuntimeException e) {
                LOG.error("loading ingest log records up to {} into DuckDB failed (attempt {}); they stay in the log and are retried",
                        batch.getLast().sequence(), attempt, e);
                try {
                    Thread.sleep(Math.min(30_000, 500L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("loader interrupted; the records stay in the log for the next start", interrupted);
                }
            }
        }
    }

    /** Failed loads of a whole batch before its records are tried one at a time. */
    private static final int WHOLE_BATCH_ATTEMPTS = 2;

    /** Reads the records back; a read failure here means the log itself is broken, so it stops the loader. */
    private static List<byte[]> readBack(List<IngestLog.Appended> batch) {
        List<byte[]> records = new ArrayList<>(batch.size());
        FileChannel channel = null;
        Path open = null;
        try {
            for (IngestLog.Appended record : batch) {
                if (!record.segment().equals(open)) {
                    if (channel != null) {
                        channel.close();
                    }
                    channel = FileChannel.open(record.segment(), StandardOpenOption.READ);
                    open = record.segment();
                }
                records.add(IngestLog.read(channel, record));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back the ingest log for loading", e);
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // read-only channel
                }
            }
        }
    }

    /** Loads everything pending, then stops. */
    @Override
    public void close() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TekilException(ErrorCategory.UNAVAILABLE, "interrupted while waiting for the DuckDB loader");
        }
    }
}
