package io.tekil.core.store;

class TestMemoryIdentityStore extends BaseIdentityStoreTest {
    private MemoryIdentityStore store;

    @Override
    protected IdentityStore createStore() {
        store = new MemoryIdentityStore();
        return store;
    }

    @Override
    protected IdentityStore reopen() {
        return store;
    }
}
