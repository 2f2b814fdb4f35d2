package io.tekil.server.identity;

import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.LogEntries;
import io.tekil.core.profile.Trait;
import io.tekil.core.store.Storage;
import io.tekil.server.SerialWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes identity resolution's changes to storage on its own thread, in the order they were taken, so resolving
 * the next events never waits for a write (a DuckDB checkpoint can hold one for a second; while the resolver wrote
 * itself, every profile and segment change waited behind it). A write that fails is retried every second until
 * storage takes it, and the ones after it wait: the identity log is appended in link order, and the watermark is
 * stored only after the changes it covers. When {@value #CAPACITY} saves wait, taking another waits.
 */
final class IdentitySaver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdentitySaver.class);
    private static final int CAPACITY = 64;
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** The changes of one save, taken from the resolver's state at one moment. */
    record Changes(LogEntries graph, Map<Identifier, List<Trait>> traits, Instant watermark) {}

    private final Storage storage;
    private final String watermarkSetting;
    private final SerialWorker worker = new SerialWorker("tekil-identity-saver", CAPACITY);
    private final AtomicInteger waiting = new AtomicInteger();

    IdentitySaver(Storage storage, String watermarkSetting) {
        this.storage = storage;
        this.watermarkSetting = watermarkSetting;
    }

    /** Queues the changes to be written after those queued before; returns at once unless {@value #CAPACITY} wait already. */
    void save(Changes changes) {
        waiting.incrementAndGet();
        try {
            worker.submit(() -> {
                writeUntilStored(changes);
                waiting.decrementAndGet();
            });
        } catch (RuntimeException e) {
            waiting.decrementAndGet();
            throw e;
        }
    }

    /** Queues the changes and waits until they, and everything queued before, are written. */
    void saveAndWait(Changes changes) {
        save(changes);
        worker.drain();
    }

    /** Whether changes are queued or being written. */
    boolean busy() {
        return waiting.get() > 0;
    }

    /**
     * Writes the changes step by step, each step once: a retry goes on from the step that failed (the identity log's
     * entries are one transaction, so a failed append wrote none of them and is retried whole). While the server stops, gives up after {@value #ATTEMPTS_WHEN_CLOSING} attempts: the
     * events are replayed from the stored watermark at the next start.
     */
    private void writeUntilStored(Changes changes) {
        LogEntries graph = changes.graph();
        boolean appended = false;
        boolean traitsSaved = false;
        for (int attempt = 1; ; attempt++) {
            try {
                if (!appended) {
                    if (!graph.isEmpty()) {
                        storage.identities().append(graph);
                    }
                    appended = true;
                }
                if (!traitsSaved) {
                    if (!changes.traits().isEmpty()) {
                        storage.profiles().saveTraits(changes.traits());
                    }
                    traitsSaved = true;
                }
                if (changes.watermark() != null) {
                    storage.settings().put(watermarkSetting, changes.watermark().toString());
                }
                return;
            } catch (RuntimeException e) {
                if (closing && attempt >= ATTEMPTS_WHEN_CLOSING) {
                    LOG.error("identity changes could not be written before stopping; the events since the stored watermark are resolved again at "
                            + "the next start (an unmerge made just now may need to be made again)", e);
                    return;
                }
                LOG.error("identity changes could not be written (attempt {}); retrying in {} s", attempt, RETRY.toSeconds(), e);
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException interrupted) {
                    closing = true; // stop trying soon, but never skip ahead of this write
                }
            }
        }
    }

    private static final int ATTEMPTS_WHEN_CLOSING = 5;
    private volatile boolean closing;

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        worker.close();
    }
}
