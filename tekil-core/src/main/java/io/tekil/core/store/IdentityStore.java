package io.tekil.core.store;

import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.Link;
import io.tekil.core.identity.LogEntries;
import io.tekil.core.identity.ProfileChange;
import io.tekil.core.identity.Provenance;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The identity graph's durable log: identifiers in the order first seen (with where each was first seen), links in
 * log order, which links an unmerge removed and when, and the merges and splits all of it made. Append-only: a
 * removal is a record of its own, the link it removes stays as it was. Profiles are not stored; they are decisions
 * that {@link io.tekil.core.identity.IdentityGraph} replays from this log (the stored changes are for consumers).
 *
 * <p>Failures are {@link io.tekil.core.error.TekilException}s of category {@code UNAVAILABLE}.
 */
public interface IdentityStore {
    /**
     * Durably appends, in one transaction, identifiers seen for the first time (continuing the first-seen order),
     * new links (whose ids continue the log), removals of links, and the merges and splits they made (continuing
     * the change sequence, from 1). Nothing is written when it throws.
     *
     * @throws IllegalArgumentException when a link id does not continue the log, or a removal names no link
     */
    void append(LogEntries entries);

    /** A merge or split as stored: its place in the change sequence (from 1), the change, and when it was made. */
    record StoredChange(long sequence, ProfileChange change, Instant at) {}

    /**
     * The merges and splits after {@code sequence} (0: from the first), oldest first, at most {@code limit}: for a
     * consumer that follows profiles from storage and resumes from the last sequence it handled.
     */
    List<StoredChange> changes(long sequence, int limit);

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
