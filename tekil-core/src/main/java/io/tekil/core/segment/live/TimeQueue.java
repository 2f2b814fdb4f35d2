package io.tekil.core.segment.live;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The profiles waiting for a moment at which time alone may change one of their memberships, by that moment: each
 * profile is queued once, at its earliest per-segment candidate ({@link ProfileState#candidates}), and
 * {@link ProfileState#nextCheck} says where. Not thread-safe: the maintainer's lock guards it.
 */
final class TimeQueue {
    private final TreeMap<Instant, Set<String>> due = new TreeMap<>();

    /** Queues the profile at its earliest candidate, or nowhere when it has none. */
    void schedule(String profileId, ProfileState state) {
        Instant next = state.candidates.earliest();
        if (next != null && next.equals(state.nextCheck)) {
            return; // queued there already
        }
        unschedule(profileId, state);
        state.nextCheck = next;
        if (next != null) {
            due.computeIfAbsent(next, unused -> new CompactSet()).add(profileId);
        }
    }

    void unschedule(String profileId, ProfileState state) {
        if (state.nextCheck != null) {
            Set<String> waiting = due.get(state.nextCheck);
            if (waiting != null) {
                waiting.remove(profileId);
                if (waiting.isEmpty()) {
                    due.remove(state.nextCheck);
                }
            }
            state.nextCheck = null;
        }
    }

    /** The earliest moment queued; null when nothing waits. */
    Instant next() {
        return due.isEmpty() ? null : due.firstKey();
    }

    /** Takes the earliest moment and its profiles off the queue when it is not after {@code now}; null otherwise. */
    Map.Entry<Instant, Set<String>> pollDue(Instant now) {
        return due.isEmpty() || due.firstKey().isAfter(now) ? null : due.pollFirstEntry();
    }

    /**
     * The earliest moment a later evaluation can be at: now, or an earlier moment still waiting here. Callers never
     * move time backwards, so an event outside every window from here on can be let go.
     */
    Instant cutoff(Instant now) {
        Instant next = next();
        return next == null || next.isAfter(now) ? now : next;
    }
}
