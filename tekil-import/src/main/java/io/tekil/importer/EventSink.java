package io.tekil.importer;

import io.tekil.core.ingest.IdentifiedEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where imported events go: the same de-duplicating, durable writer as the tracking API. Each event comes with the
 * identifiers and traits validation found in it, so identity resolution does not read it again.
 *
 * <p>A submission completes after its events are durable, or exceptionally with a
 * {@link io.tekil.core.error.TekilException}; one of category {@code UNAVAILABLE} (a full queue) is retried by
 * the importer.
 */
@FunctionalInterface
public interface EventSink {
    CompletableFuture<Stored> submit(List<IdentifiedEvent> events);

    /** @param stored events new to the store; @param duplicates events already stored by an earlier import or call */
    record Stored(int stored, int duplicates) {}
}
