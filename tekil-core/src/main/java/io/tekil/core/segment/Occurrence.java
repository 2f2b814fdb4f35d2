package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

/** The time of a profile's first or last event matching {@code filter}, over its whole history. */
public record Occurrence(Which which, EventFilter filter) {
    public Occurrence {
        requireNonNull(which, "which is null");
        requireNonNull(filter, "filter is null");
    }

    public enum Which {
        FIRST,
        LAST
    }
}
