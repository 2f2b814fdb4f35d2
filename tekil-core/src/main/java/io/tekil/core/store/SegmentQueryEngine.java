package io.tekil.core.store;

import io.tekil.core.segment.Rule;
import io.tekil.core.segment.SegmentProfile;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Set;

/**
 * Bulk segment evaluation over stored events: which profiles a rule selects at a moment, computed by the store
 * from its whole event history (to build a new segment, or rebuild one from scratch). Every backend selects
 * exactly the profiles {@link io.tekil.core.segment.RuleEvaluator} selects; {@code BaseSegmentQueryEngineTest}
 * holds them to it.
 */
public interface SegmentQueryEngine {

    /** Replaces the profiles the engine selects from. */
    void loadProfiles(Collection<SegmentProfile> profiles);

    /** The ids of the loaded profiles that {@code rule} selects at {@code now}, windows in {@code zone}. */
    Set<String> select(Rule rule, Instant now, ZoneId zone);

    /** The names of the stored events (track, page and screen names), for "did you mean" on rules. */
    Set<String> eventNames();
}
