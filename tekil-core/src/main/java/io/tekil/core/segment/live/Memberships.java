package io.tekil.core.segment.live;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The members of each segment, and the listeners told of every enter and exit: each change to a segment's members
 * goes through {@link #enter} or {@link #exit}, which publish it. A profile's own list of its segments
 * ({@link ProfileState#memberships}) is the maintainer's to keep in step. Not thread-safe: the maintainer's lock
 * guards it, and listeners run under that lock.
 */
final class Memberships {
    private final Map<String, Set<String>> members = new HashMap<>();
    private final List<Consumer<MembershipChange>> listeners = new CopyOnWriteArrayList<>();
    private long changeCount;

    void subscribe(Consumer<MembershipChange> listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    /** The segment's members (an empty set, kept, for a segment that has none yet). */
    Set<String> of(String segmentId) {
        return members.computeIfAbsent(segmentId, unused -> new CompactSet());
    }

    /** A copy of the segment's members; empty for an unknown segment. */
    Set<String> copyOf(String segmentId) {
        return Set.copyOf(members.getOrDefault(segmentId, Set.of()));
    }

    MembershipChange enter(String segmentId, String profileId, Instant now, String cause) {
        of(segmentId).add(profileId);
        return publish(new MembershipChange(segmentId, profileId, MembershipChange.Kind.ENTER, now, cause));
    }

    MembershipChange exit(String segmentId, String profileId, Instant now, String cause) {
        of(segmentId).remove(profileId);
        return publish(new MembershipChange(segmentId, profileId, MembershipChange.Kind.EXIT, now, cause));
    }

    /** Forgets a deleted segment; returns the members it had, each of which still has to be told it left. */
    Set<String> remove(String segmentId) {
        Set<String> removed = members.remove(segmentId);
        return removed == null ? Set.of() : removed;
    }

    /** An exit of a member of a deleted segment ({@link #remove}). */
    MembershipChange removed(String segmentId, String profileId, Instant now, String cause) {
        return publish(new MembershipChange(segmentId, profileId, MembershipChange.Kind.EXIT, now, cause));
    }

    /** How many changes were published so far; equal values mean no membership changed. */
    long changeCount() {
        return changeCount;
    }

    private MembershipChange publish(MembershipChange change) {
        changeCount++;
        listeners.forEach(listener -> listener.accept(change));
        return change;
    }
}
