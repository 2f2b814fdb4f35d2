package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

/**
 * What an {@link Rule.EventTest} computes over the matching events. Over no events a count, a sum and a distinct
 * count are 0; an average, a minimum and a maximum are missing (so only {@code is empty} is true of them).
 * Property values that are not numbers (or texts of numbers) are skipped by the numeric aggregates.
 */
public sealed interface Aggregate {

    record Count() implements Aggregate {}

    record Sum(String property) implements Aggregate {
        public Sum {
            requireNonNull(property, "property is null");
        }
    }

    record Avg(String property) implements Aggregate {
        public Avg {
            requireNonNull(property, "property is null");
        }
    }

    record Min(String property) implements Aggregate {
        public Min {
            requireNonNull(property, "property is null");
        }
    }

    record Max(String property) implements Aggregate {
        public Max {
            requireNonNull(property, "property is null");
        }
    }

    /** The number of distinct present values of a property, texts compared case-insensitively like {@code =}. */
    record DistinctCount(String property) implements Aggregate {
        public DistinctCount {
            requireNonNull(property, "property is null");
        }
    }
}
