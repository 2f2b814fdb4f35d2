package io.tekil.core.store;

import static java.util.Objects.requireNonNull;

/**
 * A storage that passes every call to another; subclasses replace the role stores they observe or change
 * (usually {@link #events()} with a {@link ForwardingEventStore}).
 */
public abstract class ForwardingStorage implements Storage {
    private final Storage delegate;

    protected ForwardingStorage(Storage delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    protected final Storage delegate() {
        return delegate;
    }

    @Override
    public EventStore events() {
        return delegate.events();
    }

    @Override
    public SourceStore sources() {
        return delegate.sources();
    }

    @Override
    public SettingsStore settings() {
        return delegate.settings();
    }

    @Override
    public IdentityStore identities() {
        return delegate.identities();
    }

    @Override
    public ProfileStore profiles() {
        return delegate.profiles();
    }

    @Override
    public SegmentQueryEngine segments() {
        return delegate.segments();
    }

    @Override
    public MembershipStore memberships() {
        return delegate.memberships();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
