package io.tekil.bench;

import io.tekil.core.event.Event;
import io.tekil.core.store.EventQuery;
import io.tekil.core.store.EventStore;
import io.tekil.core.store.QuarantinedEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts appended events and keeps none of them; every query answers as if the store were empty. */
final class DiscardingEventStore implements EventStore {
    private final AtomicLong appended = new AtomicLong();

    @Override
    public void append(List<Event> events, List<QuarantinedEvent> quarantined) {
        appended.addAndGet(events.size());
    }

    @Override
    public List<Event> find(EventQuery query) {
        return List.of();
    }

    @Override
    public List<Event> findByMessageId(String messageId) {
        return List.of();
    }

    @Override
    public List<QuarantinedEvent> quarantined(String source, int limit) {
        return List.of();
    }

    @Override
    public void forEachMessageKey(Instant receivedSince, MessageKeyConsumer consumer) {}

    @Override
    public void forEachEvent(Instant receivedSince, java.util.function.Consumer<Event> consumer) {}

    /** The number of events appended so far, though none is kept. */
    @Override
    public long count() {
        return appended.get();
    }

    @Override
    public io.tekil.core.profile.TimelinePage timeline(java.util.Collection<String> profileKeys, io.tekil.core.profile.TimelineCursor after,
            int limit) {
        return new io.tekil.core.profile.TimelinePage(List.of(), null);
    }

    @Override
    public io.tekil.core.profile.ProfileFacts facts(java.util.Collection<String> profileKeys) {
        return io.tekil.core.profile.ProfileFacts.NONE;
    }
}
