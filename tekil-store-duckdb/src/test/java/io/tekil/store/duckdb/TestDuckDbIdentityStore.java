package io.tekil.store.duckdb;

import io.tekil.core.store.BaseIdentityStoreTest;
import io.tekil.core.store.IdentityStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class TestDuckDbIdentityStore extends BaseIdentityStoreTest {
    @TempDir
    Path directory;

    private TestingDuckDb duckDb;

    @Override
    protected IdentityStore createStore() {
        duckDb = new TestingDuckDb(directory);
        return duckDb.open().identities();
    }

    @Override
    protected IdentityStore reopen() {
        return duckDb.open().identities();
    }

    @AfterEach
    void close() {
        duckDb.close();
    }
}
