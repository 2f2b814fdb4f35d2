package io.tekil.server.identity;

import io.tekil.core.identity.IdentityGraph;
import io.tekil.core.identity.Identifier;
import io.tekil.core.profile.Trait;
import io.tekil.core.store.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes identity resolution's changes to storage on its own thread, in the order they were taken, so resolving
 * the next events never waits for a write (a DuckDB checkpoint can hold one for a second; while the resolver wrote
 * itself, every profile and segment change waited behind it). A write that fails is retried every second until
 * storage takes it, and the ones after it wait: the identity log is appended in link order, and the watermark is
 * stored only after the changes it covers. When {@value #CAPACITY} changes wait, taking another waits.
 */
final class IdentitySaver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdentitySaver.class);
    private static final int CAPACITY = 64;
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** The changes of one save, taken from the resolver's state at one moment. */
    record Changes(IdentityGraph.Unsaved graph, Instant at, Map<Identifier, List<Trait>> traits, Instant watermark, CountDownLatch done) {}

    private final Storage storage;
    private final String watermarkSetting;
    private final BlockingQueue<Changes> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicInteger waiting = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    IdentitySaver(Storage storage, String watermarkSetting) {
        this.storage = storage;
        this.watermarkSetting = watermarkSetting;
        this.thread = Thread.ofPlatform().name("tekil-identity-saver").daemon().start(this::run);
    }

    /** Queues the changes to be written after those queued before; returns at once unless {@value #CAPACITY} wait already. */
    void save(Changes changes) {
        waiting.incrementAndGet();
        try {
            while (!queue.offer(changes, 1, TimeUnit.SECONDS)) {
                if (!thread.isAlive()) {
                    throw new IllegalStateException("the identity saver has stopped; see the log for the error, and restart the server");
                }
            }
        } catch (InterruptedException e) {
            waiting.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing identity changes to save", e);
        }
    }

    /** Queues the changes and waits until they, and everything queued before, are written. */
    void saveAndWait(Changes changes) {
        save(changes);
        try {
            while (!changes.done().await(1, TimeUnit.SECONDS)) {
                if (!thread.isAlive()) {
                    throw new IllegalStateException("the identity saver has stopped; see the log for the error, and restart the server");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether changes are queued or being written. */
    boolean busy() {
        return waiting.get() > 0;
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Changes changes;
            try {
                changes = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (changes == null) {
                continue;
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    write(changes);
                    break;
                } catch (RuntimeException e) {
                    LOG.error("identity changes could not be written (attempt {}); retrying in {} s", attempt, RETRY.toSeconds(), e);
                    try {
                        Thread.sleep(RETRY);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
            waiting.decrementAndGet();
            changes.done().countDown();
        }
    }

    private void write(Changes changes) {
        changes.graph().writeTo(storage.identities(), changes.at());
        if (!changes.traits().isEmpty()) {
            storage.profiles().saveTraits(changes.traits());
        }
        if (changes.watermark() != null) {
            storage.settings().put(watermarkSetting, changes.watermark().toString());
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
