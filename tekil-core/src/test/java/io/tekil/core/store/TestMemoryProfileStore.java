package io.tekil.core.store;

class TestMemoryProfileStore extends BaseProfileStoreTest {
    private final MemoryProfileStore store = new MemoryProfileStore();

    @Override
    protected ProfileStore createStore() {
        return store;
    }

    @Override
    protected ProfileStore reopen() {
        return store;
    }
}
