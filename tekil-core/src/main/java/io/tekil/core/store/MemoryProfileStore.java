package io.tekil.core.store;

import io.tekil.core.identity.Identifier;
import io.tekil.core.profile.Trait;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** A {@link ProfileStore} in memory, for storage backends without their own (such as benchmark fakes). Thread-safe. */
public final class MemoryProfileStore implements ProfileStore {
    private final Map<Identifier, List<Trait>> traits = new LinkedHashMap<>();

    @Override
    public synchronized void saveTraits(Map<Identifier, List<Trait>> changed) {
        changed.forEach((identifier, list) -> traits.put(identifier, List.copyOf(list)));
    }

    @Override
    public synchronized void loadTraits(BiConsumer<Identifier, List<Trait>> consumer) {
        traits.forEach(consumer);
    }
}
