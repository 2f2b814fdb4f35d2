package io.tekil.core.store;

import io.tekil.core.event.MessageType;
import java.time.Instant;

/**
 * A filter over stored events; null fields do not filter.
 *
 * @param from inclusive lower bound on event time
 * @param to exclusive upper bound on event time
 * @param limit at most this many events, 1 to {@value #MAX_LIMIT}
 */
public record EventQuery(String source, MessageType type, Instant from, Instant to, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public EventQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(String.format("limit must be between 1 and %d, was %d", MAX_LIMIT, limit));
        }
    }

    public static EventQuery all(int limit) {
        return new EventQuery(null, null, null, null, limit);
    }
}
