package io.tekil.store.duckdb;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Event;
import io.tekil.core.store.QuarantinedEvent;
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
 * <p>Groups wait in memory between the log append and the load; at most {@code maxPendingBytes} of them
 * (counted by their size in the log), beyond which {@link #enqueue} blocks, so a writer faster than DuckDB slows
 * down instead of exhausting the heap. Each load commits the events, the quarantined messages and the
 * highest loaded sequence in one transaction, so after a crash exactly the records above that sequence are
 * replayed. A failed load is retried until it succeeds: the records are safe in the log meanwhile.
 *
 * <p>Readers call {@link #awaitLoaded} with the log's last sequence to see everything acknowledged before
 * their read began.
 */
final class LogLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);
    /**
     * Most events per load transaction: a little over one DuckDB row group (122,880 rows), so that under load
     * DuckDB can write whole compressed row groups straight to the table file instead of through its own log.
     */
    private static final int MAX_LOAD_EVENTS = 131_072;

    private final EventTables tables;
    private final IngestLog log;
    private final long maxPendingBytes;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
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

    /** A group durable in the log, waiting for DuckDB; {@code bytes} is its size in the log. */
    private record Pending(long sequence, LogCodec.Group group, long bytes) {}

    /**
     * Hands a group that is already durable in the log as record {@code sequence} to the loader; blocks while
     * too much is pending.
     */
    synchronized void enqueue(long sequence, LogCodec.Group group, long bytes) {
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
        pending.add(new Pending(sequence, group, bytes));
        pendingBytes += bytes;
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
            List<Pending> batch = new ArrayList<>();
            synchronized (this) {
                while (pending.isEmpty() && running) {
                    waitQuietly(1000);
                }
                if (pending.isEmpty()) {
                    return;
                }
                int events = 0;
                while (!pending.isEmpty() && (batch.isEmpty() || events < MAX_LOAD_EVENTS)) {
                    Pending next = pending.poll();
                    events += next.group().events().size();
                    batch.add(next);
                }
            }
            loadUntilStored(batch);
            long last = batch.getLast().sequence();
            long bytes = batch.stream().mapToLong(Pending::bytes).sum();
            synchronized (this) {
                loadedSequence = last;
                pendingBytes -= bytes;
                notifyAll();
            }
            log.deleteThrough(last);
        }
    }

    private void loadUntilStored(List<Pending> batch) {
        List<Event> events = new ArrayList<>();
        List<QuarantinedEvent> quarantined = new ArrayList<>();
        for (Pending next : batch) {
            events.addAll(next.group().events());
            quarantined.addAll(next.group().quarantined());
        }
        long sequence = batch.getLast().sequence();
        for (int attempt = 1; ; attempt++) {
            try {
                tables.load(events, quarantined, sequence);
                return;
            } catch (RuntimeException e) {
                LOG.error("loading ingest log records up to {} into DuckDB failed (attempt {}); they stay in the log and are retried",
                        sequence, attempt, e);
                try {
                    Thread.sleep(Math.min(30_000, 500L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("loader interrupted; the records stay in the log for the next start", interrupted);
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
