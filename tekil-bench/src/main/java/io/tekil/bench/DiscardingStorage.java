package io.tekil.bench;

import io.tekil.core.store.EventStore;
import io.tekil.core.store.IdentityStore;
import io.tekil.core.store.MemoryIdentityStore;
import io.tekil.core.store.SettingsStore;
import io.tekil.core.store.SourceStore;
import io.tekil.core.store.Storage;

/**
 * Storage that keeps sources and settings in memory and throws events away after counting them. A server on
 * it still reads, parses, validates, de-duplicates and group-commits every request, so the difference
 * between it and a server on DuckDB is what storing costs.
 */
public final class DiscardingStorage implements Storage {
    private final IdentityStore identities = new MemoryIdentityStore();
    private final io.tekil.core.store.ProfileStore profiles = new io.tekil.core.store.MemoryProfileStore();
    private final DiscardingEventStore events = new DiscardingEventStore();
    private final io.tekil.core.store.SegmentQueryEngine segments = new io.tekil.core.store.MemorySegmentQueryEngine(events);
    private final MemoryCatalog catalog = new MemoryCatalog();
    private final io.tekil.core.store.MembershipStore memberships = new io.tekil.core.store.MemoryMembershipStore();

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public SourceStore sources() {
        return catalog;
    }

    @Override
    public IdentityStore identities() {
        return identities;
    }

    @Override
    public io.tekil.core.store.ProfileStore profiles() {
        return profiles;
    }

    @Override
    public io.tekil.core.store.SegmentQueryEngine segments() {
        return segments;
    }

    @Override
    public io.tekil.core.store.MembershipStore memberships() {
        return memberships;
    }

    @Override
    public SettingsStore settings() {
        return catalog;
    }

    @Override
    public void close() {}
}
