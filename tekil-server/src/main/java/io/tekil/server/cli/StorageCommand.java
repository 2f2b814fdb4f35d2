package io.tekil.server.cli;

import io.tekil.core.store.Storage;
import io.tekil.server.config.TekilConfig;
import io.tekil.store.duckdb.DuckDbStorage;
import java.util.Map;

/** Opens the data directory's storage for commands that work on it directly, with the server stopped. */
final class StorageCommand {
    private StorageCommand() {}

    static Storage open(DataOptions data) {
        TekilConfig config = data.load(Map.of());
        return DuckDbStorage.open(config.dataDir());
    }
}
