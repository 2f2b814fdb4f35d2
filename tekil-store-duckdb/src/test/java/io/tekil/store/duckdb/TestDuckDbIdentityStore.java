package io.tekil.store.duckdb;

import io.tekil.core.store.BaseIdentityStoreTest;
import io.tekil.core.store.IdentityStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class TestDuckDbIdentityStore extends BaseIdentityStoreTest {
    @TempDir
    Path directory;

    private DuckDbStorage storage;

    @Override
    protected IdentityStore createStore() {
        storage = DuckDbStorage.open(directory);
        return storage.identities();
    }

    @Override
    protected IdentityStore reopen() {
        storage.close();
        storage = DuckDbStorage.open(directory);
        return storage.identities();
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }
}
