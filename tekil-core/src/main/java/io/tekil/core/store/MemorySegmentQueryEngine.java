package io.tekil.core.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.Event;
import io.tekil.core.segment.EventFilter;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleEvaluator;
import io.tekil.core.segment.SegmentProfile;
import io.tekil.core.segment.Subject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Bulk segments by the reference evaluator: every event of the store read once, grouped by profile, each profile
 * evaluated by {@link RuleEvaluator}. Right by definition and as slow as a full read; for stores without a query
 * engine of their own.
 */
public final class MemorySegmentQueryEngine implements SegmentQueryEngine {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventStore events;
    private volatile List<SegmentProfile> profiles = List.of();

    public MemorySegmentQueryEngine(EventStore events) {
        this.events = requireNonNull(events, "events is null");
    }

    @Override
    public synchronized void loadProfiles(Collection<SegmentProfile> loaded) {
        profiles = List.copyOf(loaded);
    }

    @Override
    public synchronized void updateProfiles(Collection<SegmentProfile> changed, Collection<String> removed) {
        Map<String, SegmentProfile> byId = new java.util.LinkedHashMap<>();
        profiles.forEach(profile -> byId.put(profile.profileId(), profile));
        removed.forEach(byId::remove);
        changed.forEach(profile -> byId.put(profile.profileId(), profile));
        profiles = List.copyOf(byId.values());
    }

    @Override
    public void forEachCandidate(Collection<EventFilter> filters, Consumer<Event> consumer) {
        events.forEachEvent(Instant.EPOCH, event -> {
            if (filters.stream().anyMatch(filter -> filter.mayMatch(event.type(), event.name()))) {
                consumer.accept(event);
            }
        });
    }

    @Override
    public Set<String> eventNames() {
        Set<String> names = new HashSet<>();
        events.forEachEvent(Instant.EPOCH, event -> {
            if (event.name() != null) {
                names.add(event.name());
            }
        });
        return names;
    }

    @Override
    public Set<String> select(Rule rule, Instant now, ZoneId zone) {
        List<SegmentProfile> current = profiles;
        Map<String, SegmentProfile> byKey = new HashMap<>();
        current.forEach(profile -> profile.eventKeys().forEach(key -> byKey.put(key, profile)));
        Map<String, List<HistoryEvent>> histories = new HashMap<>();
        events.forEachEvent(Instant.EPOCH, event -> {
            SegmentProfile profile = byKey.get(event.profileKey());
            if (profile != null) {
                histories.computeIfAbsent(profile.profileId(), unused -> new ArrayList<>()).add(HistoryEvent.of(event, MAPPER));
            }
        });
        RuleEvaluator evaluator = new RuleEvaluator(zone);
        Set<String> selected = new HashSet<>();
        for (SegmentProfile profile : current) {
            Subject subject = new Subject(profile.profileId(), profile.traits(), profile.computed(), profile.segments(),
                    histories.getOrDefault(profile.profileId(), List.of()));
            if (evaluator.matches(rule, subject, now)) {
                selected.add(profile.profileId());
            }
        }
        return selected;
    }
}
