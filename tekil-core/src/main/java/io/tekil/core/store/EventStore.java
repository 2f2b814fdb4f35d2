package io.tekil.core.store;

import io.tekil.core.event.Event;
import java.time.Instant;
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

    @FunctionalInterface
    interface MessageKeyConsumer {
        void accept(String source, String messageId, Instant receivedAt);
    }
}
