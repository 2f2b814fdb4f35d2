package io.tekil.core.store;

import io.tekil.core.event.Event;
import io.tekil.core.segment.EventFilter;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.SegmentProfile;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Bulk segment evaluation over stored events: which profiles a rule selects at a moment, computed by the store
 * from its whole event history (to build a new segment, or rebuild one from scratch). Every backend selects
 * exactly the profiles {@link io.tekil.core.segment.RuleEvaluator} selects; {@code BaseSegmentQueryEngineTest}
 * holds them to it.
 */
public interface SegmentQueryEngine {

    /** Replaces the profiles the engine selects from. */
    void loadProfiles(Collection<SegmentProfile> profiles);

    /**
     * Brings the loaded profiles up to date: each of {@code changed} replaces the loaded profile of its id (or is
     * added), and the profiles of {@code removed} are dropped. Afterwards the engine selects as if the resulting
     * set had been loaded whole.
     */
    void updateProfiles(Collection<SegmentProfile> changed, Collection<String> removed);

    /**
     * Every stored event that one of the filters may match by its type and name ({@link EventFilter#mayMatch}),
     * in no particular order; the caller applies the rest of the filter. For building a segment's real-time state
     * without reading every event.
     */
    void forEachCandidate(Collection<EventFilter> filters, Consumer<Event> consumer);

    /** The ids of the loaded profiles that {@code rule} selects at {@code now}, windows in {@code zone}. */
    Set<String> select(Rule rule, Instant now, ZoneId zone);

    /** The names of the stored events (track, page and screen names), for "did you mean" on rules. */
    Set<String> eventNames();
}
