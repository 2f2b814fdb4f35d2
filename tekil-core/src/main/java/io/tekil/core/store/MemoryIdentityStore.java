package io.tekil.core.store;

import io.tekil.core.identity.FirstSeen;
import io.tekil.core.identity.Link;
import io.tekil.core.identity.Provenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An {@link IdentityStore} in memory, for storage backends without their own (such as benchmark fakes). Thread-safe. */
public final class MemoryIdentityStore implements IdentityStore {
    private final List<FirstSeen> identifiers = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<Long, Instant> removals = new HashMap<>();

    @Override
    public synchronized void append(List<FirstSeen> newIdentifiers, List<Link> newLinks) {
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
        removals.putIfAbsent(linkId, at);
    }

    @Override
    public synchronized void load(Reader reader) {
        identifiers.forEach(seen -> reader.identifier(seen.identifier()));
        for (Link link : links) {
            reader.link(link, removals.get(link.id()));
        }
    }

    @Override
    public synchronized Map<Long, Provenance> firstSeen(Collection<Long> positions) {
        Map<Long, Provenance> seen = new HashMap<>();
        for (long position : positions) {
            if (position >= 0 && position < identifiers.size()) {
                seen.put(position, identifiers.get((int) position).provenance());
            }
        }
        return seen;
    }
}
