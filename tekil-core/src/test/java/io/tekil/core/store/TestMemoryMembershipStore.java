package io.tekil.core.store;

class TestMemoryMembershipStore extends BaseMembershipStoreTest {
    private MembershipStore store;

    @Override
    protected MembershipStore createStore() {
        store = new MemoryMembershipStore();
        return store;
    }

    @Override
    protected MembershipStore reopen() {
        return store;
    }
}
