package io.tekil.core.store;

import io.tekil.core.segment.live.MembershipChange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A {@link MembershipStore} in memory, for storage backends without their own (such as benchmark fakes). Thread-safe. */
public final class MemoryMembershipStore implements MembershipStore {
    private final List<MembershipChange> changes = new ArrayList<>();

    @Override
    public synchronized void record(List<MembershipChange> recorded) {
        changes.addAll(recorded);
    }

    @Override
    public synchronized Map<String, Set<String>> members() {
        Map<String, Set<String>> members = new HashMap<>();
        for (MembershipChange change : changes) {
            Set<String> of = members.computeIfAbsent(change.segmentId(), unused -> new HashSet<>());
            if (change.kind() == MembershipChange.Kind.ENTER) {
                of.add(change.profileId());
            } else {
                of.remove(change.profileId());
            }
        }
        return members;
    }

    @Override
    public synchronized List<DayCount> daily(String segmentId, ZoneId zone) {
        TreeMap<LocalDate, long[]> days = new TreeMap<>();
        for (MembershipChange change : changes) {
            if (change.segmentId().equals(segmentId)) {
                long[] counts = days.computeIfAbsent(LocalDate.ofInstant(change.at(), zone), unused -> new long[2]);
                counts[change.kind() == MembershipChange.Kind.ENTER ? 0 : 1]++;
            }
        }
        return days.entrySet().stream().map(day -> new DayCount(day.getKey(), day.getValue()[0], day.getValue()[1])).toList();
    }

    @Override
    public synchronized Optional<Instant> lastChange(String segmentId) {
        return changes.stream().filter(change -> change.segmentId().equals(segmentId)).map(MembershipChange::at).max(Instant::compareTo);
    }

    @Override
    public synchronized void forget(String segmentId) {
        changes.removeIf(change -> change.segmentId().equals(segmentId));
    }
}
