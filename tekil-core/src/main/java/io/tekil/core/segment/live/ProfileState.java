package io.tekil.core.segment.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Subject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the maintainer keeps of one profile: its traits and computed attributes, the events any active segment
 * looks at (grouped by the key they were stored under, so a split can hand each part its own), its memberships,
 * and when time alone may next change one of them.
 */
final class ProfileState {
    ObjectNode traits;
    ObjectNode computed;
    final Map<String, List<HistoryEvent>> eventsByKey = new HashMap<>();
    private List<HistoryEvent> all; // every held event in one list, built on demand; null after a change
    final Set<String> memberships = new SmallSet();
    /** Per segment, the next moment time alone may change it for this profile (segments without one absent). */
    final Candidates candidates = new Candidates();
    Instant nextCheck;

    ProfileState(ObjectNode traits, ObjectNode computed) {
        this.traits = traits;
        this.computed = computed;
    }

    void add(String key, HistoryEvent event) {
        eventsByKey.computeIfAbsent(key, unused -> new ArrayList<>(2)).add(event);
        all = null;
    }

    /** After {@link #eventsByKey} changed other than through {@link #add}. */
    void eventsChanged() {
        all = null;
    }

    /** The profile as rules see it now; the event list is shared between calls until the events change. */
    Subject subject(String profileId) {
        if (all == null) {
            List<HistoryEvent> events = new ArrayList<>();
            eventsByKey.values().forEach(events::addAll);
            all = List.copyOf(events);
        }
        return new Subject(profileId, traits, computed, memberships, all);
    }
}
