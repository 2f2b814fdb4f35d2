package io.tekil.core.store;

import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.Link;
import java.time.Instant;
import java.util.List;

/**
 * The identity graph's durable log: identifiers in the order first seen, links in log order, and which links an
 * unmerge removed. Profiles are not stored; they are decisions that {@link io.tekil.core.identity.IdentityGraph}
 * replays from this log.
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
    void append(List<Identifier> identifiers, List<Link> links);

    /** Durably marks a link removed by an unmerge. */
    void markRemoved(long linkId, Instant at);

    /** Reads the whole log back in order. */
    void load(Reader reader);

    /** Receives the log on {@link #load}: every identifier in first-seen order, then every link in id order. */
    interface Reader {
        void identifier(Identifier identifier);

        void link(Link link, boolean removed);
    }
}
