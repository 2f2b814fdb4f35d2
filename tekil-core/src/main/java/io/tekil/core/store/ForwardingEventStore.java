package io.tekil.core.store;

import static java.util.Objects.requireNonNull;

import io.tekil.core.event.Event;
import io.tekil.core.profile.ProfileFacts;
import io.tekil.core.profile.TimelineCursor;
import io.tekil.core.profile.TimelinePage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * An event store that passes every call to another; subclasses override what they observe or change
 * (measuring appends, injecting faults), and stay correct when the interface grows.
 */
public abstract class ForwardingEventStore implements EventStore {
    private final EventStore delegate;

    protected ForwardingEventStore(EventStore delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    protected final EventStore delegate() {
        return delegate;
    }

    @Override
    public void append(List<Event> events, List<QuarantinedEvent> quarantined) {
        delegate.append(events, quarantined);
    }

    @Override
    public List<Event> find(EventQuery query) {
        return delegate.find(query);
    }

    @Override
    public List<Event> findByMessageId(String messageId) {
        return delegate.findByMessageId(messageId);
    }

    @Override
    public List<QuarantinedEvent> quarantined(String source, int limit) {
        return delegate.quarantined(source, limit);
    }

    @Override
    public void forEachEvent(Instant receivedSince, java.util.function.Consumer<Event> consumer) {
        delegate.forEachEvent(receivedSince, consumer);
    }

    @Override
    public void forEachMessageKey(Instant receivedSince, MessageKeyConsumer consumer) {
        delegate.forEachMessageKey(receivedSince, consumer);
    }

    @Override
    public long count() {
        return delegate.count();
    }

    @Override
    public TimelinePage timeline(Collection<String> profileKeys, TimelineCursor after, int limit) {
        return delegate.timeline(profileKeys, after, limit);
    }

    @Override
    public ProfileFacts facts(Collection<String> profileKeys) {
        return delegate.facts(profileKeys);
    }
}
