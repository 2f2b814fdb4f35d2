package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An audience rule over one unified profile: its traits and computed attributes, its memberships of other
 * segments, and its event history. The text form is {@link RuleParser}'s, the JSON form {@link RuleJson}'s; what
 * each node means is {@link RuleEvaluator}'s and {@code docs/segments.md}'s.
 */
public sealed interface Rule {

    /** True when every rule is. */
    record All(List<Rule> rules) implements Rule {
        public All {
            rules = atLeastTwo(rules, "all");
        }
    }

    /** True when at least one rule is. */
    record Any(List<Rule> rules) implements Rule {
        public Any {
            rules = atLeastTwo(rules, "any");
        }
    }

    record Not(Rule rule) implements Rule {
        public Not {
            requireNonNull(rule, "rule is null");
        }
    }

    /** A test on a trait, a computed attribute or a value derived from a trait (an age). */
    record AttributeTest(Attribute attribute, Check test) implements Rule {
        public AttributeTest {
            requireNonNull(attribute, "attribute is null");
            requireNonNull(test, "test is null");
            switch (attribute) {
                case Attribute.Age age -> Check.requireKind(test, Value.Number.class, "age(" + age.trait() + ")");
                case Attribute.DaysToAnniversary days -> Check.requireKind(test, Value.Number.class, "days_to_anniversary(" + days.trait() + ")");
                case Attribute.Trait trait -> {}
                case Attribute.Computed computed -> {}
            }
        }
    }

    /**
     * A test on an aggregate of the profile's events that match {@code filter} within {@code window}, such as
     * "at least 3 orders in the last 6 months". "Did X" is a count of at least one.
     */
    record EventTest(Aggregate aggregate, EventFilter filter, Window window, Check test) implements Rule {
        public EventTest {
            requireNonNull(aggregate, "aggregate is null");
            requireNonNull(filter, "filter is null");
            requireNonNull(window, "window is null");
            requireNonNull(test, "test is null");
            Check.requireKind(test, Value.Number.class, "the " + switch (aggregate) {
                case Aggregate.Count count -> "count";
                case Aggregate.Sum sum -> "sum(" + sum.property() + ")";
                case Aggregate.Avg avg -> "avg(" + avg.property() + ")";
                case Aggregate.Min min -> "min(" + min.property() + ")";
                case Aggregate.Max max -> "max(" + max.property() + ")";
                case Aggregate.DistinctCount distinct -> "distinct(" + distinct.property() + ")";
            });
        }

        /** At least one matching event in the window. */
        public static EventTest did(EventFilter filter, Window window) {
            return new EventTest(new Aggregate.Count(), filter, window, Check.AT_LEAST_ONE);
        }

        public boolean isDid() {
            return aggregate instanceof Aggregate.Count && test.equals(Check.AT_LEAST_ONE);
        }
    }

    /**
     * True when the profile's first (or last) event matching {@code filter}, over its whole history, happened
     * within {@code window}: "first purchase in the last 30 days" is a new customer.
     */
    record OccurrenceTest(Occurrence occurrence, Window window) implements Rule {
        public OccurrenceTest {
            requireNonNull(occurrence, "occurrence is null");
            requireNonNull(window, "window is null");
        }
    }

    /** Membership of another segment, by its id. */
    record InSegment(String segment) implements Rule {
        public InSegment {
            requireNonNull(segment, "segment is null");
            if (segment.isBlank()) {
                throw new IllegalArgumentException("a segment reference needs the segment's id");
            }
        }
    }

    private static List<Rule> atLeastTwo(List<Rule> rules, String kind) {
        List<Rule> copy = List.copyOf(rules);
        if (copy.size() < 2) {
            throw new IllegalArgumentException(String.format("'%s' needs at least two rules, got %d", kind, copy.size()));
        }
        return copy;
    }
}
