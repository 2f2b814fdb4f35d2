package io.tekil.core.store;

import io.tekil.core.identity.FirstSeen;
import io.tekil.core.identity.Link;
import io.tekil.core.identity.LogEntries;
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
    private final List<StoredChange> changes = new ArrayList<>();

    @Override
    public synchronized void append(LogEntries entries) {
        long next = links.size();
        for (Link link : entries.links()) {
            if (link.id() != next++) {
                throw new IllegalArgumentException(String.format("link %d does not continue the log, which has %d links", link.id(), links.size()));
            }
        }
        for (LogEntries.Removal removal : entries.removedLinks()) {
            if (removal.linkId() < 0 || removal.linkId() >= next) {
                throw new IllegalArgumentException(String.format("no link %d in the identity log", removal.linkId()));
            }
        }
        identifiers.addAll(entries.identifiers());
        links.addAll(entries.links());
        entries.removedLinks().forEach(removal -> removals.putIfAbsent(removal.linkId(), removal.at()));
        entries.changes().forEach(changed -> changes.add(new StoredChange(changes.size() + 1, changed.change(), changed.at())));
    }

    @Override
    public synchronized List<StoredChange> changes(long sequence, int limit) {
        int from = (int) Math.clamp(sequence, 0, changes.size());
        return List.copyOf(changes.subList(from, Math.min(changes.size(), from + limit)));
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
