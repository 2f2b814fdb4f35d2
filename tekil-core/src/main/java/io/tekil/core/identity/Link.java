package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

/**
 * One entry of the identity graph's append-only link log: two identifiers seen together. Whether it merged
 * anything is a decision derived from the log ({@link IdentityGraph#status}).
 *
 * @param id the position in the log, from 0; later links have larger ids
 * @param from the stronger identifier (the event's primary one)
 */
public record Link(long id, Identifier from, Identifier to, Provenance provenance) {
    public Link {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(provenance, "provenance is null");
    }

    /** What the graph decided about a link. */
    public enum Status {
        /** Its identifiers are in one profile (it merged two, or they already were). */
        ACCEPTED,
        /** Merging would have broken a limit when it was decided; it merged nothing (another link may join the two later). */
        REJECTED,
        /** Taken out by an unmerge; it no longer counts. */
        REMOVED
    }
}
