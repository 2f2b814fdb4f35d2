package io.tekil.store.duckdb;

import java.nio.file.Path;

/** A DuckDB storage over a test's directory that a store test can close and open again, as a restart does. */
final class TestingDuckDb implements AutoCloseable {
    private final Path directory;
    private DuckDbStorage storage;

    TestingDuckDb(Path directory) {
        this.directory = directory;
    }

    DuckDbStorage open() {
        close();
        storage = DuckDbStorage.open(directory);
        return storage;
    }

    @Override
    public void close() {
        if (storage != null) {
            storage.close();
            storage = null;
        }
    }
}
