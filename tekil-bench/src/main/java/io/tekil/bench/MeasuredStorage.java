package io.tekil.bench;

import io.tekil.core.event.Event;
import io.tekil.core.store.EventStore;
import io.tekil.core.store.ForwardingEventStore;
import io.tekil.core.store.ForwardingStorage;
import io.tekil.core.store.QuarantinedEvent;
import io.tekil.core.store.Storage;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Wraps a storage to measure what the server's group committer asks of it: how long each
 * {@link EventStore#append} (one transaction, commit included) takes and how many events it carries. This is
 * how the harness tells storage time from HTTP and parsing time without touching the server.
 */
final class MeasuredStorage extends ForwardingStorage {
    private final MeasuredEventStore events;

    /** What the committer did between two {@link #takeAppends} calls. */
    record Appends(Histogram micros, Histogram groupSizes) {
        long commits() {
            return micros.getTotalCount();
        }
    }

    MeasuredStorage(Storage delegate) {
        super(delegate);
        this.events = new MeasuredEventStore(delegate.events());
    }

    /** The appends since the previous call (or since creation), and starts counting afresh. */
    Appends takeAppends() {
        return new Appends(events.micros.getIntervalHistogram(), events.groupSizes.getIntervalHistogram());
    }

    @Override
    public EventStore events() {
        return events;
    }

    private static final class MeasuredEventStore extends ForwardingEventStore {
        private final Recorder micros = new Recorder(3);
        private final Recorder groupSizes = new Recorder(3);

        MeasuredEventStore(EventStore delegate) {
            super(delegate);
        }

        @Override
        public void append(List<Event> events, List<QuarantinedEvent> quarantined) {
            long started = System.nanoTime();
            delegate().append(events, quarantined);
            micros.recordValue((System.nanoTime() - started) / 1_000);
            groupSizes.recordValue(events.size());
        }
    }
}
