package io.tekil.server.segment;

import io.tekil.core.error.TekilException;
import io.tekil.core.segment.live.MembershipChange;
import io.tekil.core.store.MembershipStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes membership changes to the {@link MembershipStore} in the background, in the order they were published,
 * many per write; the maintainer (which publishes under its lock) never waits for storage. {@link #flush} waits
 * until everything published before it is stored. A failed write is retried every second until storage takes it,
 * so no change is dropped while the server runs; changes still queued at a crash are made good at the next start,
 * which records the difference between the stored and the recomputed memberships.
 */
final class MembershipRecorder implements Consumer<MembershipChange>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MembershipRecorder.class);
    private static final int BATCH = 50_000;

    private final MembershipStore store;
    private final Thread writer;
    private final List<MembershipChange> queue = new ArrayList<>();
    private long published;
    private long written;
    private boolean closed;

    MembershipRecorder(MembershipStore store) {
        this.store = store;
        // a platform thread: its DuckDB writes are native calls, which would hold one of the few carriers of virtual threads (HTTP handlers)
        this.writer = Thread.ofPlatform().name("tekil-membership-recorder").daemon().start(this::run);
    }

    @Override
    public synchronized void accept(MembershipChange change) {
        queue.add(change);
        published++;
        if (queue.size() == 1) {
            notifyAll(); // the writer waits only on an empty queue
        }
    }

    /** Queues changes that were not published (such as those found at start-up), after everything queued before. */
    synchronized void acceptAll(List<MembershipChange> changes) {
        changes.forEach(this::accept);
    }

    /**
     * Waits until every change accepted before the call is stored.
     *
     * @throws TekilException unavailable when storage has not taken them within 30 seconds (they stay queued)
     */
    synchronized void flush() {
        long target = published;
        long deadline = System.nanoTime() + FLUSH_TIMEOUT_NANOS;
        while (written < target && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !writer.isAlive()) {
                throw TekilException.unavailable("segment membership records could not be stored in time (is the disk full? see the server log); "
                        + "try again", null);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final long FLUSH_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private void run() {
        while (true) {
            List<MembershipChange> batch;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch = new ArrayList<>(queue.subList(0, Math.min(BATCH, queue.size())));
                queue.subList(0, batch.size()).clear();
            }
            write(batch);
            synchronized (this) {
                written += batch.size();
                notifyAll();
            }
        }
    }

    private void write(List<MembershipChange> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.record(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt == 1 || attempt % 60 == 0) {
                    LOG.error("recording {} segment membership changes failed (attempt {}); retrying every second", batch.size(), attempt, e);
                }
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Stores what is queued, then stops. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
