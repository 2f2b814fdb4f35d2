package io.tekil.core.store;

import static java.util.Objects.requireNonNull;

import io.tekil.core.segment.live.MembershipChange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The record of segment memberships: every enter and exit in the order it happened. The members of a segment are
 * the profiles whose last record is an enter, so the record also holds the members of static segments across
 * restarts. {@code BaseMembershipStoreTest} is the contract every backend passes.
 */
public interface MembershipStore {

    /** Durably appends {@code changes} after every change recorded before, in their order. */
    void record(List<MembershipChange> changes);

    /** The members of every segment with a record, as the records leave them. */
    Map<String, Set<String>> members();

    /** Enters and exits of one calendar day (in the zone asked for); days without a change are left out. */
    record DayCount(LocalDate day, long enters, long exits) {
        public DayCount {
            requireNonNull(day, "day is null");
        }
    }

    /** The segment's enters and exits per calendar day in {@code zone}, oldest day first. */
    List<DayCount> daily(String segmentId, ZoneId zone);

    /** When the segment's membership last changed; empty when it never did. */
    Optional<Instant> lastChange(String segmentId);

    /** Drops every record of the segment, which was deleted. */
    void forget(String segmentId);
}
