package io.tekil.datagen;

import java.util.List;

/**
 * Generates consecutive people into a {@link Chunk}: each person is made by the {@link PersonFactory} and
 * lives through every channel in a fixed order (web and app sessions, store receipts, calls, the CRM row,
 * e-mail campaigns), then their ground truth is written. Holds one thread's reusable writers; not
 * thread-safe.
 */
final class ChunkFiller {
    private final PersonFactory factory;
    private final EmailDirectory emails;
    private final GroundTruth truth = new GroundTruth();
    private final SegmentWriter segment;
    private final OnlineSessions online;
    private final StoreReceipts store;
    private final CallCenterCalls calls;
    private final CrmContacts crm;
    private final EmailCampaignEvents email;

    ChunkFiller(PersonFactory factory, EmailDirectory emails, Timeline timeline, Catalog catalog, List<Campaign> campaigns) {
        this.factory = factory;
        this.emails = emails;
        this.segment = new SegmentWriter(timeline);
        this.online = new OnlineSessions(timeline, catalog, segment, factory.seed());
        this.store = new StoreReceipts(timeline, catalog, factory.seed());
        this.calls = new CallCenterCalls(timeline, factory.seed());
        this.crm = new CrmContacts(timeline);
        this.email = new EmailCampaignEvents(timeline, campaigns);
    }

    /** Fills {@code chunk} with people {@code first} (inclusive) to {@code end} (exclusive). */
    Chunk fill(Chunk chunk, int first, int end) {
        chunk.reset();
        for (int index = first; index < end; index++) {
            Person person = factory.create(index, emails);
            truth.begin(chunk, person);
            segment.startPerson(chunk, truth, person);
            online.simulate(person);
            store.simulate(chunk, truth, person);
            calls.simulate(chunk, truth, person);
            crm.write(chunk, truth, person);
            email.simulate(chunk, truth, person);
            truth.finish();
        }
        chunk.seal();
        return chunk;
    }
}
