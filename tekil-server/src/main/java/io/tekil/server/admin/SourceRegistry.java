package io.tekil.server.admin;

import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Source;
import io.tekil.core.store.SourceStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sources, cached by write key so that authenticating a tracking request costs one map lookup.
 * Thread-safe; the store is the source of truth and is written before the cache.
 */
public final class SourceRegistry {
    private final SourceStore store;
    private final Clock clock;
    private final Map<String, Source> byWriteKey = new ConcurrentHashMap<>();

    public SourceRegistry(SourceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.list().forEach(source -> byWriteKey.put(source.writeKey(), source));
    }

    /**
     * Creates a source with a new random write key.
     *
     * @throws TekilException user error for a bad name, conflict when the name is taken
     */
    public synchronized Source create(String name, Channel channel) {
        try {
            Source.requireValidName(name);
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("%s", e.getMessage());
        }
        Source source = new Source(name, channel, "wk_" + Secrets.random(18), clock.instant());
        store.create(source);
        byWriteKey.put(source.writeKey(), source);
        return source;
    }

    public Optional<Source> byWriteKey(String writeKey) {
        return writeKey == null ? Optional.empty() : Optional.ofNullable(byWriteKey.get(writeKey));
    }

    public List<Source> list() {
        return store.list();
    }

    public Optional<Source> byName(String name) {
        return store.findByName(name);
    }

    public boolean exists(String name) {
        return store.findByName(name).isPresent();
    }
}
