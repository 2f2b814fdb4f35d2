package io.tekil.importer;

import io.tekil.core.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** An in-memory sink that de-duplicates on (source, messageId) like the real writer. */
final class TestingEventSink implements EventSink {
    private final Map<String, Event> events = new LinkedHashMap<>();

    @Override
    public synchronized CompletableFuture<Stored> submit(List<Event> batch) {
        int stored = 0;
        for (Event event : batch) {
            if (events.putIfAbsent(event.source() + "\u0000" + event.messageId(), event) == null) {
                stored++;
            }
        }
        return CompletableFuture.completedFuture(new Stored(stored, batch.size() - stored));
    }

    synchronized List<Event> events() {
        return new ArrayList<>(events.values());
    }
}
