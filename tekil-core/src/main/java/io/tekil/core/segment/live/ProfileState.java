package io.tekil.core.segment.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Subject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
    final Set<String> memberships = new HashSet<>();
    Instant nextCheck;

    ProfileState(ObjectNode traits, ObjectNode computed) {
        this.traits = traits;
        this.computed = computed;
    }

    void add(String key, HistoryEvent event) {
        eventsByKey.computeIfAbsent(key, unused -> new ArrayList<>(2)).add(event);
    }

    Subject subject(String profileId) {
        List<HistoryEvent> events = new ArrayList<>();
        eventsByKey.values().forEach(events::addAll);
        return new Subject(profileId, traits, computed, memberships, events);
    }
}
