package io.tekil.server.cli;

import io.tekil.core.store.Storage;
import io.tekil.server.config.TekilConfig;
import io.tekil.core.error.TekilException;
import io.tekil.store.duckdb.DuckDbOptions;
import io.tekil.store.duckdb.DuckDbStorage;
import java.util.Map;

/** Opens the data directory's storage for commands that work on it directly, with the server stopped. */
final class StorageCommand {
    private StorageCommand() {}

    static Storage open(DataOptions data) {
        return open(data.load(Map.of()));
    }

    /** The embedded DuckDB storage as the configuration sets it up. */
    static Storage open(TekilConfig config) {
        DuckDbOptions options;
        try {
            options = new DuckDbOptions(config.get(TekilConfig.DUCKDB_CHECKPOINT_THRESHOLD),
                    config.get(TekilConfig.DUCKDB_MAX_PENDING_MB) * 1024L * 1024L, config.get(TekilConfig.DUCKDB_THREADS),
                    config.get(TekilConfig.DUCKDB_PROFILE_INDEX), config.get(TekilConfig.DUCKDB_COMPACT_MESSAGES));
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("invalid configuration: %s", e.getMessage());
        }
        return DuckDbStorage.open(config.dataDir(), options);
    }
}
