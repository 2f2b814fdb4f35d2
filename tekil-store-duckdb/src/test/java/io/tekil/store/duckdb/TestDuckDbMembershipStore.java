package io.tekil.store.duckdb;

import io.tekil.core.store.BaseMembershipStoreTest;
import io.tekil.core.store.MembershipStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class TestDuckDbMembershipStore extends BaseMembershipStoreTest {
    @TempDir
    Path directory;

    private TestingDuckDb duckDb;

    @Override
    protected MembershipStore createStore() {
        duckDb = new TestingDuckDb(directory);
        return duckDb.open().memberships();
    }

    @Override
    protected MembershipStore reopen() {
        return duckDb.open().memberships();
    }

    @AfterEach
    void close() {
        duckDb.close();
    }
}
