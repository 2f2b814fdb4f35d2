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
 * position loading has reached (the last record loaded whole, and how many events of the next one a split load
 * took; see {@link #ROW_GROUP_ROWS}) in one transaction, so after a crash exactly the events after that position are
 * replayed. A failed load is retried until it succeeds: the records are safe in the log meanwhile.
 *
 * <p>Readers call {@link #awaitLoaded} with the log's last sequence to see everything acknowledged before
 * their read began.
 *
 * <p>The loader's thread asks for the highest priority. Under sustained load the log's bound is full and the
 * acknowledgements go at the loader's pace, and on two cores the loader, always runnable, waited for a core about a
 * quarter of the time while the other threads' bursts took both; at nice -5 it got the core and the process used more
 * of the machine (docs/benchmarks.md, "Fifteenth session"). The JVM applies Java priorities only with
 * {@code -XX:ThreadPriorityPolicy=1}, which the {@code tekil} launcher passes when run as root, and raising one needs
 * {@code CAP_SYS_NICE}; without them the priority is ignored. docs/configuration.md lists what else the option changes.
 */
final class LogLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);
    /**
     * Most log bytes per load transaction, which bounds the heap a load reads back. A row group of typical events
     * (a kilobyte of JSON and about 300 bytes of promoted fields in the log) fits well within it; a load of events of
     * several kilobytes stops here before it reaches {@link #ROW_GROUP_ROWS}, and goes through the write-ahead log.
     */
    private static final long MAX_LOAD_BYTES = 256L * 1024 * 1024;
    /**
     * DuckDB's row group size. A transaction that appends at least this many rows has its row groups written
     * compressed to the table file as they fill and moved into the table whole at commit; one with fewer rows goes
     * through the write-ahead log and is compressed at the next checkpoint. A bulk transaction of a row group and a
     * bit leaves that bit as a small row group of its own, which the next checkpoint merges with its neighbours by
     * decompressing and compressing them again: loading 1.5 million 1 KB rows took 7.5 µs a row that way in transactions
     * of 131,072 rows, 6.7 through the write-ahead log, and 4.3 in transactions of exactly 122,880 ({@code
     * RowGroupHarness}, docs/benchmarks.md). So
     * when at least this many events wait, a load takes exactly this many, splitting a record between two loads
     * when it has to.
     */
    static final int ROW_GROUP_ROWS = 122_880;

    private final EventTables tables;
    private final IngestLog log;
    private final long maxPendingBytes;
    private final int bulkRows;
    private final ArrayDeque<IngestLog.Appended> pending = new ArrayDeque<>();
    /** How many events of the first pending record are in DuckDB already (it was split between two loads). */
    private int loadedOfFirst;
    private int splitLoads;
    private final Thread thread;
    private long pendingBytes;
    private long loadedSequence;
    private boolean running = true;

    LogLoader(EventTables tables, IngestLog log, long loadedSequence, long maxPendingBytes) {
        this(tables, log, loadedSequence, maxPendingBytes, ROW_GROUP_ROWS);
    }

    /** @param bulkRows the events a load takes when at least that many wait ({@link #ROW_GROUP_ROWS}; smaller in tests) */
    LogLoader(EventTables tables, IngestLog log, long loadedSequence, long maxPendingBytes, int bulkRows) {
        this.tables = tables;
        this.log = log;
        this.loadedSequence = loadedSequence;
        this.maxPendingBytes = maxPendingBytes;
        this.bulkRows = bulkRows;
        this.thread = Thread.ofPlatform().name("tekil-duckdb-loader").priority(Thread.MAX_PRIORITY).unstarted(this::run);
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

    /** Loads that ended inside a record, for tests. */
    synchronized int splitLoads() {
        return splitLoads;
    }

    synchronized long loadedSequence() {
        return loadedSequence;
    }

    private void run() {
        while (true) {
            List<IngestLog.Appended> batch = new ArrayList<>();
            int from; // events of the batch's first record already in DuckDB
            int to; // where in its last record this load stops
            synchronized (this) {
                while (pending.isEmpty() && running) {
                    waitQuietly(1000);
                }
                if (pending.isEmpty()) {
                    return;
                }
                from = loadedOfFirst;
                to = -1;
                long events = 0;
                long bytes = 0;
                for (IngestLog.Appended next : pending) {
                    int start = batch.isEmpty() ? from : 0;
                    batch.add(next);
                    if (events + next.events() - start >= bulkRows) {
                        to = start + (int) (bulkRows - events); // exactly a row group
                        break;
                    }
                    events += next.events() - start;
                    bytes += next.length();
                    if (bytes >= MAX_LOAD_BYTES) {
                        break;
                    }
                }
                if (to < 0) {
                    to = batch.getLast().events();
                }
            }
            loadUntilStored(slices(batch, from, to));
            boolean split = to < batch.getLast().events(); // the last record's rest waits for the next load
            int whole = split ? batch.size() - 1 : batch.size();
            synchronized (this) {
                for (int i = 0; i < whole; i++) {
                    pendingBytes -= pending.poll().length();
                }
                loadedOfFirst = split ? to : 0;
                splitLoads += split ? 1 : 0;
                if (whole > 0) {
                    loadedSequence = batch.get(whole - 1).sequence();
                }
                notifyAll();
            }
            if (whole > 0) {
                log.deleteThrough(batch.get(whole - 1).sequence());
            }
        }
    }

    /** The records read back, the first from event {@code from} on, the last up to event {@code to}. */
    private static List<EventTables.Slice> slices(List<IngestLog.Appended> batch, int from, int to) {
        List<byte[]> records = readBack(batch);
        List<EventTables.Slice> slices = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            int start = i == 0 ? from : 0;
            int end = i == records.size() - 1 ? to : batch.get(i).events();
            slices.add(new EventTables.Slice(batch.get(i).sequence(), records.get(i), start, end));
        }
        return slices;
    }

    /**
     * Loads the slices, retrying until DuckDB takes them. After two failed attempts of the whole batch, slices go
     * one at a time, and a slice DuckDB still refuses has the events it refuses moved to the quarantine
     * ({@link EventTables#loadSalvaging}): one bad event must not stop every load after it. A failure of storage
     * itself (a plain event refused too) is retried as before.
     */
    private void loadUntilStored(List<EventTables.Slice> slices) {
        int next = 0; // the slices before it are in DuckDB
        for (int attempt = 1; ; attempt++) {
            try {
                if (attempt <= WHOLE_BATCH_ATTEMPTS) {
                    tables.load(slices);
                    return;
                }
                for (; next < slices.size(); next++) {
                    tables.loadSalvaging(slices.get(next));
                }
                return;
            } catch (RuntimeException e) {
                LOG.error("loading ingest log records up to {} into DuckDB failed (attempt {}); they stay in the log and are retried",
                        slices.getLast().sequence(), attempt, e);
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
