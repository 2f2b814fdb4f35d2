package io.tekil.core.segment;

import java.time.Instant;

/**
 * A span of event times: from {@code from} (null: no start; excluded when {@code fromExcluded}) to {@code to}
 * (null: no end; always excluded).
 */
public record TimeRange(Instant from, boolean fromExcluded, Instant to) {

    public static final TimeRange ALL = new TimeRange(null, false, null);

    /** Contains nothing: what a window after an occurrence that never happened is. */
    public static final TimeRange EMPTY = new TimeRange(Instant.MAX, true, Instant.MIN);

    public boolean contains(Instant time) {
        if (from != null && (fromExcluded ? !time.isAfter(from) : time.isBefore(from))) {
            return false;
        }
        return to == null || time.isBefore(to);
    }
}
