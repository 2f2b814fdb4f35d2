package io.tekil.store.duckdb;

import io.tekil.core.store.BaseProfileStoreTest;
import io.tekil.core.store.ProfileStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class TestDuckDbProfileStore extends BaseProfileStoreTest {
    @TempDir
    Path directory;

    private TestingDuckDb duckDb;

    @Override
    protected ProfileStore createStore() {
        duckDb = new TestingDuckDb(directory);
        return duckDb.open().profiles();
    }

    @Override
    protected ProfileStore reopen() {
        return duckDb.open().profiles();
    }

    @AfterEach
    void close() {
        duckDb.close();
    }
}
