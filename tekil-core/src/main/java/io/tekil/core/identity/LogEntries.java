package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What the identity graph added to its log since it was last saved ({@link IdentityGraph#drainUnsaved}), written to the
 * {@link io.tekil.core.store.IdentityStore} together: identifiers seen for the first time (in order), new links,
 * removed links, and the merges and splits they made (in order), which consumers that follow profiles from storage
 * read back.
 */
public record LogEntries(List<FirstSeen> identifiers, List<Link> links, List<LogEntries.Removal> removedLinks, List<LogEntries.Changed> changes) {
    public LogEntries {
        identifiers = List.copyOf(identifiers);
        links = List.copyOf(links);
        removedLinks = List.copyOf(removedLinks);
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return identifiers.isEmpty() && links.isEmpty() && removedLinks.isEmpty() && changes.isEmpty();
    }

    /** A link taken out by an unmerge, and when. */
    public record Removal(long linkId, Instant at) {
        public Removal {
            requireNonNull(at, "at is null");
        }
    }

    /** A merge or split and when it was made: the time of the event or link that made it, or of the unmerge. */
    public record Changed(ProfileChange change, Instant at) {
        public Changed {
            requireNonNull(change, "change is null");
            requireNonNull(at, "at is null");
        }
    }
}
