package io.tekil.core.store;

import io.tekil.core.identity.FirstSeen;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.Link;
import io.tekil.core.identity.Provenance;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The identity graph's durable log: identifiers in the order first seen (with where each was first seen), links in
 * log order, and which links an unmerge removed and when. Append-only: a removal is a record of its own, the link
 * it removes stays as it was. Profiles are not stored; they are decisions that
 * {@link io.tekil.core.identity.IdentityGraph} replays from this log.
 *
 * <p>Failures are {@link io.tekil.core.error.TekilException}s of category {@code UNAVAILABLE}.
 */
public interface IdentityStore {
    /**
     * Durably appends identifiers seen for the first time (continuing the first-seen order) and new links (whose
     * ids continue the log), in one transaction.
     *
     * @throws IllegalArgumentException when a link id does not continue the log
     */
    void append(List<FirstSeen> identifiers, List<Link> links);

    /**
     * Durably records that an unmerge removed a link at {@code at}.
     *
     * @throws IllegalArgumentException when there is no such link
     */
    void markRemoved(long linkId, Instant at);

    /** Reads the whole log back in order. */
    void load(Reader reader);

    /**
     * Where identifiers were first seen, by their positions in first-seen order (from 0, as
     * {@link io.tekil.core.identity.IdentityGraph#position} gives them). A position not stored is left out.
     */
    Map<Long, Provenance> firstSeen(Collection<Long> positions);

    /** Receives the log on {@link #load}: every identifier in first-seen order, then every link in id order. */
    interface Reader {
        void identifier(Identifier identifier);

        /** @param removedAt when an unmerge removed the link, or null while it counts */
        void link(Link link, Instant removedAt);
    }
}
