package io.tekil.bench;

import io.tekil.core.error.TekilException;
import io.tekil.core.event.Source;
import io.tekil.core.store.SettingsStore;
import io.tekil.core.store.SourceStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sources and settings in memory, lost on exit. Thread-safe. */
final class MemoryCatalog implements SourceStore, SettingsStore {
    private final Map<String, Source> sources = new ConcurrentHashMap<>();
    private final Map<String, String> settings = new ConcurrentHashMap<>();

    @Override
    public synchronized void create(Source source) {
        boolean keyTaken = sources.values().stream().anyMatch(existing -> existing.writeKey().equals(source.writeKey()));
        if (sources.containsKey(source.name()) || keyTaken) {
            throw TekilException.conflict("a source named '%s' or with its write key already exists; choose another name", source.name());
        }
        sources.put(source.name(), source);
    }

    @Override
    public List<Source> list() {
        return sources.values().stream().sorted(Comparator.comparing(Source::name)).toList();
    }

    @Override
    public Optional<Source> findByName(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    @Override
    public void put(String key, String value) {
        settings.put(key, value);
    }
}
