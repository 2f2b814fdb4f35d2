package io.tekil.server.ingest;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Event;
import io.tekil.core.ingest.IdentifiedEvent;
import io.tekil.core.ingest.MessageKey;
import io.tekil.core.ingest.MessageKeyIndex;
import io.tekil.core.store.EventStore;
import io.tekil.core.store.QuarantinedEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer between HTTP requests and the event store.
 *
 * <p>Design: request threads {@link #submit} their validated events into a bounded queue and wait on the
 * returned future. One writer thread drains whatever has queued (up to {@code maxGroupEvents} events) and
 * stores it in one transaction, so many requests share one commit and its log sync (group commit). A future
 * completes only after the commit returned, so a 200 always means durable.
 *
 * <p>De-duplication happens here, on the writer thread, which owns the {@link MessageKeyIndex}: a message is
 * a duplicate when its (source, messageId) was committed earlier within the window, or appears earlier in the
 * same group. The keys are hashed by the submitting thread ({@link #submit}); the writer reads their slots of the
 * index ahead, up to {@link #READ_AHEAD} at a time, then adds each new key as it gathers the group (one probe each); the
 * keys added are taken out again when the commit fails, so a failed commit leaves no trace and the client's retry
 * is stored normally; no other thread reads the index.
 *
 * <p>Back-pressure: a full queue fails the submission at once with {@code UNAVAILABLE} (HTTP 503), which
 * SDKs retry. A storage failure fails every request of the group the same way; none of it was stored.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private final EventStore store;
    private final MessageKeyIndex index;
    private final Clock clock;
    private final int maxGroupEvents;
    private final BlockingQueue<Submission> queue;
    private final Thread writer;
    private volatile boolean running = true;
    private final List<java.util.function.Consumer<List<IdentifiedEvent>>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Runnable> throttles = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** How one submission fared: how many of its events were stored and how many were already there. */
    public record Outcome(int stored, int duplicates) {}

    /** @param keys the events' de-duplication keys, in their order, made by the submitting thread */
    private record Submission(List<IdentifiedEvent> events, MessageKey[] keys, List<QuarantinedEvent> quarantined,
            CompletableFuture<Outcome> done) {
        private Submission {
            if (keys.length != events.size()) {
                throw new IllegalArgumentException(String.format("%d keys for %d events", keys.length, events.size()));
            }
        }
    }

    /**
     * Keys looked up ahead at a time ({@link #prefetch}): a whole group of tracking requests (a few hundred events), and
     * few enough that their cache lines (64 bytes each, 32 KB in all) are still in the cache when the lookups that decide
     * come to them, however large a group is (an import's submissions are thousands of events).
     */
    private static final int READ_AHEAD = 512;

    public GroupCommitter(EventStore store, MessageKeyIndex index, Clock clock, int queueCapacity, int maxGroupEvents) {
        this.store = store;
        this.index = index;
        this.clock = clock;
        this.maxGroupEvents = maxGroupEvents;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = Thread.ofPlatform().name("tekil-event-writer").unstarted(this::run);
        this.writer.start();
    }

    /**
     * Queues events (already validated) and rejected messages for storage. {@code events} must not change after the
     * call: their de-duplication keys are made here.
     *
     * @return completes after the commit, or exceptionally with a {@link TekilException} of category
     *     {@code UNAVAILABLE}
     */
    public CompletableFuture<Outcome> submit(List<IdentifiedEvent> events, List<QuarantinedEvent> quarantined) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(unavailable("Tekil is shutting down; retry against the restarted server", null));
        } else if (!queue.offer(new Submission(events, keys(events), quarantined, done))) {
            done.completeExceptionally(unavailable(String.format(
                    "ingestion queue is full (%d requests waiting for storage); retry with back-off", queue.size()), null));
        }
        return done;
    }

    /**
     * Calls {@code listener} on the writer thread with every group of newly stored events (with the identifiers the
     * validator found in them), after its commit and before its acknowledgements; it must not block (queue the work).
     */
    public void onCommit(java.util.function.Consumer<List<IdentifiedEvent>> listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code throttle} on the writer thread after each group is acknowledged; it may block briefly to slow the
     * writer down to a consumer's pace (back-pressure), delaying the next group, never an acknowledged one.
     */
    public void throttle(Runnable throttle) {
        throttles.add(throttle);
    }

    /** This writer as the destination of bulk imports: the same de-duplication and durability as the tracking API. */
    public io.tekil.importer.EventSink eventSink() {
        return events -> submit(events, List.of())
                .thenApply(outcome -> new io.tekil.importer.EventSink.Stored(outcome.stored(), outcome.duplicates()));
    }

    private void run() {
        List<Submission> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Submission first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int events = first.events().size();
                Submission next;
                while (events < maxGroupEvents && (next = queue.poll()) != null) {
                    group.add(next);
                    events += next.events().size();
                }
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("event writer failed unexpectedly", e);
                group.forEach(submission -> submission.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Submission> group) {
        List<Event> toStore = new ArrayList<>();
        List<IdentifiedEvent> stored = new ArrayList<>();
        List<MessageKey> added = new ArrayList<>();
        List<QuarantinedEvent> quarantined = new ArrayList<>();
        int[] storedOf = new int[group.size()];
        try {
            int position = 0; // in the group
            for (int i = 0; i < group.size(); i++) {
                Submission submission = group.get(i);
                MessageKey[] keys = submission.keys();
                Iterator<IdentifiedEvent> events = submission.events().iterator();
                for (int k = 0; k < keys.length; k++) {
                    if (position++ % READ_AHEAD == 0) {
                        prefetch(group, i, k);
                    }
                    IdentifiedEvent identified = events.next();
                    if (index.addIfAbsent(keys[k], identified.event().receivedAt())) {
                        added.add(keys[k]);
                        toStore.add(identified.event());
                        stored.add(identified);
                        storedOf[i]++;
                    }
                }
                quarantined.addAll(submission.quarantined());
            }
            store.append(toStore, quarantined);
        } catch (RuntimeException e) { // while gathering or storing: the group's keys go, so that the retries are stored
            added.forEach(index::remove);
            LOG.error("storing {} events failed; their requests get 503 and will be retried", toStore.size(), e);
            TekilException failure = unavailable("storage failed, nothing from this request was stored; retry: " + e.getMessage(), e);
            group.forEach(submission -> submission.done().completeExceptionally(failure));
            return;
        }
        index.evictExpired(clock.instant());
        // before the acknowledgements, so that a reader who got a 200 finds the events handed over
        for (var listener : listeners) {
            try {
                listener.accept(stored);
            } catch (RuntimeException e) {
                LOG.error("a commit listener failed; the events are stored", e);
            }
        }
        for (int i = 0; i < group.size(); i++) {
            Submission submission = group.get(i);
            submission.done().complete(new Outcome(storedOf[i], submission.events().size() - storedOf[i]));
        }
        // after the acknowledgements, so that back-pressure delays the next group, not these
        for (Runnable throttle : throttles) {
            throttle.run();
        }
    }

    /**
     * The events' de-duplication keys, made on the submitting thread: a request thread has just validated the events,
     * so their message ids are in its cache, where the writer would read them from memory (the writer's de-duplication
     * took 0.56 to 0.65 µs per event; docs/benchmarks.md, "Sixteenth session").
     */
    private static MessageKey[] keys(List<IdentifiedEvent> events) {
        MessageKey[] keys = new MessageKey[events.size()];
        int next = 0;
        for (IdentifiedEvent identified : events) {
            keys[next++] = MessageKey.of(identified.event().source(), identified.event().messageId());
        }
        return keys;
    }

    /**
     * Looks the next {@link #READ_AHEAD} keys of the group (or fewer, at its end) up in the index, from key {@code k} of
     * submission {@code i} on, ahead of the lookups that decide ({@link MessageKeyIndex#prefetch}), so that their reads
     * from memory overlap.
     */
    private void prefetch(List<Submission> group, int i, int k) {
        int count = 0;
        for (int s = i; s < group.size() && count < READ_AHEAD; s++) {
            MessageKey[] keys = group.get(s).keys();
            for (int j = s == i ? k : 0; j < keys.length && count < READ_AHEAD; j++, count++) {
                index.prefetch(keys[j]);
            }
        }
    }

    /** Stops taking submissions, commits what is queued, and waits for the writer to finish. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static TekilException unavailable(String message, Throwable cause) {
        return new TekilException(ErrorCategory.UNAVAILABLE, message, cause);
    }
}
