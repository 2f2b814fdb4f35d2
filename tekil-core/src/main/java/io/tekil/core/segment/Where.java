package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A condition on one event's fields, inside an {@link EventFilter}. */
public sealed interface Where {

    /** No condition. */
    Where ALWAYS = new All(List.of());

    /** Every condition holds; none is {@link #ALWAYS}. */
    record All(List<Where> conditions) implements Where {
        public All {
            conditions = List.copyOf(conditions);
            if (conditions.size() == 1) {
                throw new IllegalArgumentException("'all' of one condition is that condition");
            }
        }
    }

    record Any(List<Where> conditions) implements Where {
        public Any {
            conditions = List.copyOf(conditions);
            if (conditions.size() < 2) {
                throw new IllegalArgumentException(String.format("'any' needs at least two conditions, got %d", conditions.size()));
            }
        }
    }

    record Not(Where condition) implements Where {
        public Not {
            requireNonNull(condition, "condition is null");
        }
    }

    record FieldTest(EventField field, Check test) implements Where {
        public FieldTest {
            requireNonNull(field, "field is null");
            requireNonNull(test, "test is null");
            switch (field) {
                case EventField.ChannelField channel -> Check.requireKind(test, Value.Text.class, "event.channel");
                case EventField.SourceField source -> Check.requireKind(test, Value.Text.class, "event.source");
                case EventField.Property property -> {}
            }
        }
    }
}
