package io.tekil.core.segment;

import java.time.ZoneId;

/** Whether an event passes an {@link EventFilter}. */
final class EventFilters {
    private EventFilters() {}

    static boolean matches(EventFilter filter, HistoryEvent event, ZoneId zone) {
        return filter.mayMatch(event.type(), event.name()) && matches(filter.where(), event, zone);
    }

    /** The time of the first or last of {@code matching} (events that pass the occurrence's filter); null when there are none. */
    static java.time.Instant occurrence(Occurrence.Which which, java.util.List<HistoryEvent> matching) {
        java.time.Instant found = null;
        for (HistoryEvent event : matching) {
            java.time.Instant time = event.timestamp();
            boolean better = switch (which) {
                case FIRST -> found == null || time.isBefore(found);
                case LAST -> found == null || time.isAfter(found);
            };
            if (better) {
                found = time;
            }
        }
        return found;
    }

    static boolean matches(Where where, HistoryEvent event, ZoneId zone) {
        return switch (where) {
            case Where.All all -> {
                for (Where condition : all.conditions()) {
                    if (!matches(condition, event, zone)) {
                        yield false;
                    }
                }
                yield true;
            }
            case Where.Any any -> {
                for (Where condition : any.conditions()) {
                    if (matches(condition, event, zone)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Where.Not not -> !matches(not.condition(), event, zone);
            case Where.FieldTest test -> switch (test.field()) {
                case EventField.Property property -> Values.test(test.test(), event.property(property.path()), zone);
                case EventField.ChannelField channel -> Values.test(test.test(), new Value.Text(event.channel().id()), zone);
                case EventField.SourceField source -> Values.test(test.test(), new Value.Text(event.source()), zone);
            };
        };
    }
}
