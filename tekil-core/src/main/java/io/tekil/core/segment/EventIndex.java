package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One profile's events grouped by the filters rules read, each group found once: the real-time maintainer checks
 * many segments of one profile at one moment, and their rules share filters ("Order Completed" in forty of them),
 * so each filter's events are matched once per check instead of once per rule node. Not thread-safe; made for
 * one check of one profile.
 */
public final class EventIndex {
    private final List<HistoryEvent> events;
    private final ZoneId zone;
    private final Map<EventFilter, List<HistoryEvent>> matching = new HashMap<>();

    public EventIndex(List<HistoryEvent> events, ZoneId zone) {
        this.events = requireNonNull(events, "events is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    /** The events the index is over. */
    public List<HistoryEvent> events() {
        return events;
    }

    /** The events that pass {@code filter}, at any time. */
    List<HistoryEvent> matching(EventFilter filter) {
        List<HistoryEvent> found = matching.get(filter);
        if (found == null) {
            found = new ArrayList<>();
            for (HistoryEvent event : events) {
                if (EventFilters.matches(filter, event, zone)) {
                    found.add(event);
                }
            }
            matching.put(filter, found);
        }
        return found;
    }

    /** An index over the subject's events; {@code index} itself when it is one. */
    static EventIndex of(Subject subject, EventIndex index, ZoneId zone) {
        if (index == null) {
            return new EventIndex(subject.events(), zone);
        }
        if (index.events != subject.events() || !index.zone.equals(zone)) {
            throw new IllegalArgumentException("the event index is over other events than the profile's, or in another time zone");
        }
        return index;
    }
}
