package io.tekil.core.segment.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Subject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What the maintainer keeps of one profile: its traits and computed attributes, the events any active segment
 * looks at (each with the key it was stored under, so a split can hand each part its own), its memberships, and
 * when time alone may next change one of them.
 */
final class ProfileState {
    ObjectNode traits;
    ObjectNode computed;
    final EventColumns events = new EventColumns();
    /** The segments the profile is in: immutable, replaced on each change (rules read it far more often than it changes). */
    Set<String> memberships = Set.of();
    /** Per segment, the next moment time alone may change it for this profile (segments without one absent). */
    Candidates candidates = new Candidates();
    Instant nextCheck;
    /**
     * The epoch second from which a held event may have left every window reading it (the earliest such moment,
     * rounded down); {@link Long#MAX_VALUE} when none can. The next check from then on lets go of such events.
     */
    long pruneAt = Long.MAX_VALUE;

    ProfileState(ObjectNode traits, ObjectNode computed) {
        this.traits = traits;
        this.computed = computed;
    }

    /** Enters the segment; false when already in. */
    boolean join(String segment) {
        if (memberships.contains(segment)) {
            return false;
        }
        String[] joined = memberships.toArray(new String[memberships.size() + 1]);
        joined[joined.length - 1] = segment;
        memberships = Set.of(joined);
        return true;
    }

    /** Leaves the segment; false when not in it. */
    boolean leave(String segment) {
        if (!memberships.contains(segment)) {
            return false;
        }
        memberships = memberships.size() == 1 ? Set.of() : Set.of(memberships.stream().filter(other -> !other.equals(segment)).toArray(String[]::new));
        return true;
    }

    /**
     * The held events as rules see them, after letting go of those whose {@code expiry} (when the last window
     * reading them passed them for good; null: never) is not after {@code cutoff}: they can change no answer from
     * then on. Looks at every event only once {@link #pruneAt} has come.
     */
    List<HistoryEvent> heldEvents(Instant cutoff, Function<HistoryEvent, Instant> expiryOf) {
        HistoryEvent[] held = events.events();
        if (pruneAt > cutoff.getEpochSecond()) {
            return List.of(held);
        }
        boolean[] keep = new boolean[held.length];
        long next = Long.MAX_VALUE;
        List<HistoryEvent> kept = new ArrayList<>(held.length);
        for (int i = 0; i < held.length; i++) {
            Instant expiry = expiryOf.apply(held[i]);
            keep[i] = expiry == null || expiry.isAfter(cutoff);
            if (keep[i]) {
                kept.add(held[i]);
                if (expiry != null) {
                    next = Math.min(next, expiry.getEpochSecond());
                }
            }
        }
        if (kept.size() < held.length) {
            events.retain(keep);
        }
        pruneAt = next;
        return List.copyOf(kept);
    }

    /** The profile as rules see it now, over {@code events} ({@link EventColumns#events}, made once per check). */
    Subject subject(String profileId, List<HistoryEvent> events) {
        return new Subject(profileId, traits, computed, memberships, events);
    }
}
