package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * What a segment engine needs to know of one profile besides its events: the keys its events are stored under
 * (one per identifier), its merged traits, its computed attributes and the segments it is in.
 */
public record SegmentProfile(String profileId, List<String> eventKeys, ObjectNode traits, ObjectNode computed, Set<String> segments) {
    public SegmentProfile {
        requireNonNull(profileId, "profileId is null");
        eventKeys = List.copyOf(eventKeys);
        requireNonNull(traits, "traits is null");
        requireNonNull(computed, "computed is null");
        segments = Set.copyOf(segments);
    }
}
