package io.tekil.core.store;

import java.util.Optional;

/** Small named values the workspace keeps across restarts, such as the admin token's hash. */
public interface SettingsStore {
    Optional<String> get(String key);

    /** Durably sets {@code key}, replacing any value it had. */
    void put(String key, String value);
}
