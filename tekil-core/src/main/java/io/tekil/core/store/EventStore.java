package io.tekil.core.store;

import io.tekil.core.event.Event;
import io.tekil.core.profile.ProfileFacts;
import io.tekil.core.profile.TimelineCursor;
import io.tekil.core.profile.TimelinePage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The append-only log of accepted events, and the quarantine of rejected ones.
 *
 * <p>Failures are {@link io.tekil.core.error.TekilException}s; a storage fault is of category
 * {@code UNAVAILABLE}.
 */
public interface EventStore {
    /**
     * Stores events and quarantined messages in one transaction. When this returns, all of them are durable
     * (they survive a crash of the process); when it throws, none of them is stored.
     *
     * <p>Called by one thread at a time.
     */
    void append(List<Event> events, List<QuarantinedEvent> quarantined);

    /** Events matching the query, newest event time first, at most {@code query.limit()}. */
    List<Event> find(EventQuery query);

    /** Every stored event with this message id, across sources; empty when there is none. */
    List<Event> findByMessageId(String messageId);

    /** Quarantined messages, newest first; {@code source} null means every source. */
    List<QuarantinedEvent> quarantined(String source, int limit);

    /** Calls {@code consumer} for every event received at or after {@code receivedSince}, in no given order. */
    void forEachMessageKey(Instant receivedSince, MessageKeyConsumer consumer);

    /**
     * Calls {@code consumer} for every event received at or after {@code receivedSince}, in the order received
     * (events received at the same instant in no given order). Used to catch up derived state after a restart.
     */
    void forEachEvent(Instant receivedSince, java.util.function.Consumer<Event> consumer);

    long count();

    /**
     * A page of the events attributed to any of {@code profileKeys} (see {@link Event#profileKey}): one profile's
     * cross-channel timeline when the keys are its identifiers' keys. Ordered as {@link TimelineCursor#NEWEST_FIRST},
     * starting after {@code after} (null: the newest), at most {@code limit} events.
     */
    TimelinePage timeline(Collection<String> profileKeys, TimelineCursor after, int limit);

    /** The facts of the events attributed to any of {@code profileKeys}; {@link ProfileFacts#NONE} when there are none. */
    ProfileFacts facts(Collection<String> profileKeys);

    @FunctionalInterface
    interface MessageKeyConsumer {
        void accept(String source, String messageId, Instant receivedAt);
    }
}
