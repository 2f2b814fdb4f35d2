package io.tekil.importer;

import io.tekil.core.event.Event;
import io.tekil.core.ingest.IdentifiedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** An in-memory sink that de-duplicates on (source, messageId) like the real writer. */
final class TestingEventSink implements EventSink {
    private final Map<String, IdentifiedEvent> events = new LinkedHashMap<>();

    @Override
    public synchronized CompletableFuture<Stored> submit(List<IdentifiedEvent> batch) {
        int stored = 0;
        for (IdentifiedEvent identified : batch) {
            Event event = identified.event();
            if (events.putIfAbsent(event.source() + "\u0000" + event.messageId(), identified) == null) {
                stored++;
            }
        }
        return CompletableFuture.completedFuture(new Stored(stored, batch.size() - stored));
    }

    synchronized List<Event> events() {
        return events.values().stream().map(IdentifiedEvent::event).toList();
    }

    /** The stored events as the importer handed them over, with the identifiers and traits validation found. */
    synchronized List<IdentifiedEvent> identified() {
        return new ArrayList<>(events.values());
    }
}
