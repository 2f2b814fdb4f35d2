package io.tekil.core.store;

import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.Link;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** An {@link IdentityStore} in memory, for storage backends without their own (such as benchmark fakes). Thread-safe. */
public final class MemoryIdentityStore implements IdentityStore {
    private final List<Identifier> identifiers = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final BitSet removed = new BitSet();

    @Override
    public synchronized void append(List<Identifier> newIdentifiers, List<Link> newLinks) {
        long next = links.size();
        for (Link link : newLinks) {
            if (link.id() != next++) {
                throw new IllegalArgumentException(String.format("link %d does not continue the log, which has %d links", link.id(), links.size()));
            }
        }
        identifiers.addAll(newIdentifiers);
        links.addAll(newLinks);
    }

    @Override
    public synchronized void markRemoved(long linkId, Instant at) {
        if (linkId < 0 || linkId >= links.size()) {
            throw new IllegalArgumentException(String.format("no link %d in the identity log", linkId));
        }
        removed.set((int) linkId);
    }

    @Override
    public synchronized void load(Reader reader) {
        identifiers.forEach(reader::identifier);
        for (Link link : links) {
            reader.link(link, removed.get((int) link.id()));
        }
    }
}
