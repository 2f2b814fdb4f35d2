package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * One unified profile as a rule sees it.
 *
 * @param traits the merged traits, one field each
 * @param computed attributes computed from the profile by other engines (RFM scores, personas), one field each
 * @param segments the ids of the segments the profile is in
 * @param events the profile's events, in any order
 */
public record Subject(String profileId, ObjectNode traits, ObjectNode computed, Set<String> segments, List<HistoryEvent> events) {
    public Subject {
        requireNonNull(profileId, "profileId is null");
        requireNonNull(traits, "traits is null");
        requireNonNull(computed, "computed is null");
        segments = Set.copyOf(segments);
        events = List.copyOf(events);
    }

    /** A trait by name; a dotted name reads into an object trait when no trait has the whole name. */
    public JsonNode trait(String name) {
        return HistoryEvent.path(traits, name);
    }

    public JsonNode computed(String name) {
        JsonNode value = computed.get(name);
        return value == null ? MissingNode.getInstance() : value;
    }
}
