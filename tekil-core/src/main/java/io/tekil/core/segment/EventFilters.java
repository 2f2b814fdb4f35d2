package io.tekil.core.segment;

import java.time.ZoneId;

/** Whether an event passes an {@link EventFilter}. */
final class EventFilters {
    private EventFilters() {}

    static boolean matches(EventFilter filter, HistoryEvent event, ZoneId zone) {
        return (filter.type() == null || filter.type() == event.type())
                && (filter.name() == null || filter.name().equals(event.name()))
                && matches(filter.where(), event, zone);
    }

    static boolean matches(Where where, HistoryEvent event, ZoneId zone) {
        return switch (where) {
            case Where.All all -> all.conditions().stream().allMatch(condition -> matches(condition, event, zone));
            case Where.Any any -> any.conditions().stream().anyMatch(condition -> matches(condition, event, zone));
            case Where.Not not -> !matches(not.condition(), event, zone);
            case Where.FieldTest test -> switch (test.field()) {
                case EventField.Property property -> Values.test(test.test(), event.property(property.path()), zone);
                case EventField.ChannelField channel -> Values.test(test.test(), new Value.Text(event.channel().id()), zone);
                case EventField.SourceField source -> Values.test(test.test(), new Value.Text(event.source()), zone);
            };
        };
    }
}
