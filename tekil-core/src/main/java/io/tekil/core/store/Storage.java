package io.tekil.core.store;

/** One opened storage backend: the role stores over the same data. Closing it releases everything. */
public interface Storage extends AutoCloseable {
    EventStore events();

    SourceStore sources();

    SettingsStore settings();

    IdentityStore identities();

    ProfileStore profiles();

    SegmentQueryEngine segments();

    MembershipStore memberships();

    @Override
    void close();
}
