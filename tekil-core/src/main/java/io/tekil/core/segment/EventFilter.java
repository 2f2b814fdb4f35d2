package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import io.tekil.core.event.MessageType;

/**
 * Which events a rule looks at: of a message type (null: any), with a name (null: any; the event name of a
 * track, the page or screen name of a page or screen), and a condition on the event's fields.
 */
public record EventFilter(MessageType type, String name, Where where) {
    public EventFilter {
        requireNonNull(where, "where is null");
        if (name != null && type == null) {
            throw new IllegalArgumentException("a named event filter needs a message type");
        }
    }

    /** Track events named {@code name}. */
    public static EventFilter track(String name) {
        return new EventFilter(MessageType.TRACK, requireNonNull(name, "name is null"), Where.ALWAYS);
    }

    /** Whether an event of this type and name can pass the filter (its condition not yet looked at). */
    public boolean mayMatch(MessageType eventType, String eventName) {
        return (type == null || type == eventType) && (name == null || name.equals(eventName));
    }

    /** Whether {@code event} passes this filter; dates in property tests count in {@code zone}. */
    public boolean matches(HistoryEvent event, java.time.ZoneId zone) {
        return EventFilters.matches(this, event, zone);
    }

    public EventFilter where(Where condition) {
        return new EventFilter(type, name, condition);
    }
}
