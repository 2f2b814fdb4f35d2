package io.tekil.core.store;

import static io.tekil.core.store.TestingEvents.track;
import static org.assertj.core.api.Assertions.assertThat;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.profile.ProfileFacts;
import io.tekil.core.profile.TimelineCursor;
import io.tekil.core.profile.TimelineEvent;
import io.tekil.core.profile.TimelinePage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract every {@link EventStore} backend passes. Subclasses say how to open their storage. */
public abstract class BaseEventStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-20T09:30:00.123456Z");

    @TempDir
    protected Path directory;

    /** Opens the backend's storage over {@code directory}; opening the same directory again sees the same data. */
    protected abstract Storage openStorage(Path directory);

    @Test
    public void appendedEventsReadBackFieldForField() {
        Event full = new Event("web-shop", Channel.MOBILE, "m-1", MessageType.PAGE, "Ana Sayfa", "u-1", "a-1", "g-1",
                null, T0, T0.plusSeconds(1), T0.plusSeconds(2), "user:u-1", "Kozmetik", 89.5, 179.0, "TRY",
                JsonText.of("{\"type\":\"page\",\"name\":\"Ana Sayfa\",\"traits\":{\"şehir\":\"İzmir\"}}"));
        Event sparse = new Event("web-shop", Channel.WEB, "m-2", MessageType.IDENTIFY, null, null, "a-2", null, null,
                T0, null, T0, "anon:a-2", null, null, null, null, JsonText.of("{}"));
        try (Storage storage = openStorage(directory)) {
            storage.events().append(List.of(full, sparse), List.of());

            assertThat(storage.events().findByMessageId("m-1")).containsExactly(full);
            assertThat(storage.events().findByMessageId("m-2")).containsExactly(sparse);
            assertThat(storage.events().findByMessageId("missing")).isEmpty();
            assertThat(storage.events().count()).isEqualTo(2);
        }
    }

    @Test
    public void eventsSurviveReopening() {
        try (Storage storage = openStorage(directory)) {
            storage.events().append(List.of(track("web", "m-1", "u-1", "Product Viewed", T0)), List.of());
        }
        try (Storage storage = openStorage(directory)) {
            assertThat(storage.events().findByMessageId("m-1")).hasSize(1);
        }
    }

    @Test
    public void findFiltersBySourceTypeAndTimeNewestFirst() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(track(i % 2 == 0 ? "web" : "pos", "m-" + i, "u-" + i, "Order Completed", T0.plusSeconds(i * 60L)));
        }
        Event identify = new Event("web", Channel.WEB, "id-1", MessageType.IDENTIFY, null, "u-1", null, null, null,
                T0.plusSeconds(30), null, T0, "user:u-1", null, null, null, null, JsonText.of("{}"));
        events.add(identify);
        try (Storage storage = openStorage(directory)) {
            storage.events().append(events, List.of());
            EventStore store = storage.events();

            assertThat(store.find(EventQuery.all(100))).hasSize(11);
            assertThat(store.find(new EventQuery("web", MessageType.TRACK, null, null, 100)))
                    .extracting(Event::messageId)
                    .containsExactly("m-8", "m-6", "m-4", "m-2", "m-0");
            assertThat(store.find(new EventQuery(null, MessageType.IDENTIFY, null, null, 100)))
                    .containsExactly(identify);
            assertThat(store.find(new EventQuery(null, MessageType.TRACK, T0.plusSeconds(120), T0.plusSeconds(300), 100)))
                    .extracting(Event::messageId)
                    .containsExactly("m-4", "m-3", "m-2");
            assertThat(store.find(new EventQuery("pos", null, null, null, 2)))
                    .extracting(Event::messageId)
                    .containsExactly("m-9", "m-7");
        }
    }

    @Test
    public void aTimelinePagesThroughTheEventsOfItsKeysNewestFirst() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // u-1's and u-2's events interleave in time; two pairs share their event time
            events.add(track(i % 3 == 0 ? "pos" : "web", "m-" + i, i % 2 == 0 ? "u-1" : "u-2", "Product Viewed", T0.plusSeconds(i / 2 * 60L)));
        }
        events.add(track("web", "other", "u-3", "Product Viewed", T0.plusSeconds(30)));
        try (Storage storage = openStorage(directory)) {
            storage.events().append(events, List.of());
            List<String> keys = List.of("user:u-1", "user:u-2");
            List<String> seen = new ArrayList<>();
            TimelineCursor cursor = null;
            int pages = 0;
            do {
                TimelinePage page = storage.events().timeline(keys, cursor, 3);
                page.events().forEach(event -> seen.add(event.messageId()));
                cursor = page.next();
                pages++;
            } while (cursor != null);
            assertThat(pages).isEqualTo(3);
            List<String> expected = events.subList(0, 7).stream().map(TimelineEvent::of).sorted(TimelineCursor.NEWEST_FIRST).map(TimelineEvent::messageId).toList();
            assertThat(seen).isEqualTo(expected).doesNotHaveDuplicates().hasSize(7);
            assertThat(storage.events().timeline(List.of("user:nobody"), null, 10).events()).isEmpty();
            assertThat(storage.events().timeline(List.of(), null, 10).events()).isEmpty();
        }
    }

    @Test
    public void aTimelineOfAProfileWithThousandsOfEventsAmongOthersPagesExactly() {
        // a heavy profile (two keys) scattered among other people's events, in several appends, with shared times
        List<Event> mine = new ArrayList<>();
        try (Storage storage = openStorage(directory)) {
            for (int batch = 0; batch < 4; batch++) {
                List<Event> events = new ArrayList<>();
                for (int i = 0; i < 1500; i++) {
                    int n = batch * 1500 + i;
                    boolean heavy = n % 5 == 0 || (batch == 3 && i > 1400);
                    String user = heavy ? (n % 2 == 0 ? "heavy-1" : "heavy-2") : "other-" + n % 97;
                    Event event = track(n % 3 == 0 ? "pos" : "web", "m-" + n, user, "Product Viewed", T0.plusSeconds((n * 7919L) % 4000));
                    events.add(event);
                    if (heavy) {
                        mine.add(event);
                    }
                }
                storage.events().append(events, List.of());
            }
            List<String> seen = pagedMessageIds(storage, List.of("user:heavy-1", "user:heavy-2"), 50);
            assertThat(seen).isEqualTo(mine.stream().map(TimelineEvent::of).sorted(TimelineCursor.NEWEST_FIRST).map(TimelineEvent::messageId).toList());
            assertThat(storage.events().timeline(List.of("user:heavy-1"), null, 5).events())
                    .isEqualTo(mine.stream().filter(event -> event.userId().equals("heavy-1")).map(TimelineEvent::of).sorted(TimelineCursor.NEWEST_FIRST).limit(5).toList());
        }
    }

    /** The message ids of the whole timeline of {@code keys}, read page by page; each page holds at most {@code limit} events. */
    protected static List<String> pagedMessageIds(Storage storage, List<String> keys, int limit) {
        List<String> seen = new ArrayList<>();
        TimelineCursor cursor = null;
        do {
            TimelinePage page = storage.events().timeline(keys, cursor, limit);
            assertThat(page.events()).hasSizeLessThanOrEqualTo(limit);
            if (cursor != null) {
                assertThat(page.events()).as("a page after a cursor (more events were promised)").isNotEmpty();
            }
            page.events().forEach(event -> seen.add(event.messageId()));
            cursor = page.next();
        } while (cursor != null);
        return seen;
    }

    @Test
    public void factsSummarizeTheEventsOfTheirKeys() {
        Event identify = new Event("crm", Channel.CRM, "id-1", MessageType.IDENTIFY, null, "u-1", null, null, null,
                T0.minusSeconds(3600), null, T0, "user:u-1", null, null, null, null, JsonText.of("{}"));
        try (Storage storage = openStorage(directory)) {
            storage.events().append(List.of(identify, track("web", "m-1", "u-1", "Order Completed", T0),
                    track("web", "m-2", "u-1", "Order Completed", T0.plusSeconds(60)), track("web", "m-3", "u-9", "Order Completed", T0)), List.of());

            ProfileFacts facts = storage.events().facts(List.of("user:u-1"));
            assertThat(facts.firstSeen()).isEqualTo(T0.minusSeconds(3600));
            assertThat(facts.lastSeen()).isEqualTo(T0.plusSeconds(60));
            assertThat(facts.eventsByType()).isEqualTo(java.util.Map.of(MessageType.IDENTIFY, 1L, MessageType.TRACK, 2L));
            assertThat(facts.events()).isEqualTo(3);
            assertThat(facts.channels()).containsExactlyInAnyOrder(Channel.CRM, Channel.WEB);
            assertThat(facts.sources()).containsExactlyInAnyOrder("crm", "web");
            assertThat(storage.events().facts(List.of("user:nobody"))).isEqualTo(ProfileFacts.NONE);
        }
    }

    @Test
    public void sameMessageIdInTwoSourcesIsTwoEvents() {
        try (Storage storage = openStorage(directory)) {
            storage.events().append(List.of(track("web", "shared", "u-1", "A", T0), track("pos", "shared", "u-1", "B", T0)), List.of());
            assertThat(storage.events().findByMessageId("shared")).extracting(Event::source).containsExactly("pos", "web");
        }
    }

    @Test
    public void quarantineKeepsRejectedMessagesNewestFirst() {
        QuarantinedEvent older = new QuarantinedEvent("web", T0, 3, "m-9", "the message has neither 'userId' nor 'anonymousId'", "{\"type\":\"track\"}");
        QuarantinedEvent newer = new QuarantinedEvent("pos", T0.plusSeconds(5), 0, null, "bad timestamp", "[1,2]");
        try (Storage storage = openStorage(directory)) {
            storage.events().append(List.of(), List.of(older));
            storage.events().append(List.of(track("pos", "m-1", "u-1", "A", T0)), List.of(newer));

            assertThat(storage.events().quarantined(null, 10)).containsExactly(newer, older);
            assertThat(storage.events().quarantined("web", 10)).containsExactly(older);
            assertThat(storage.events().quarantined(null, 1)).containsExactly(newer);
            assertThat(storage.events().count()).isEqualTo(1);
        }
    }

    @Test
    public void messageKeysAreListedFromTheGivenReceiptTime() {
        try (Storage storage = openStorage(directory)) {
            storage.events().append(List.of(
                    track("web", "old", "u-1", "A", T0.minusSeconds(86_400 * 10)),
                    track("web", "new", "u-1", "A", T0)), List.of());
            List<String> seen = new ArrayList<>();
            storage.events().forEachMessageKey(T0.minusSeconds(86_400), (source, messageId, receivedAt) -> {
                seen.add(source + "/" + messageId);
                assertThat(receivedAt).isEqualTo(T0.plusMillis(20));
            });
            assertThat(seen).containsExactly("web/new");
        }
    }

    @Test
    public void eventsAreReplayedFromTheGivenReceiptTime() {
        try (Storage storage = openStorage(directory)) {
            storage.events().append(List.of(
                    track("web", "old", "u-1", "A", T0.minusSeconds(86_400 * 10)),
                    track("web", "new", "u-1", "Ödeme Başladı", T0)), List.of());
            List<Event> seen = new ArrayList<>();
            storage.events().forEachEvent(T0.minusSeconds(86_400), seen::add);
            assertThat(seen).extracting(Event::messageId).containsExactly("new");
            assertThat(seen.getFirst()).isEqualTo(storage.events().findByMessageId("new").getFirst());
        }
    }

    @Test
    public void largeAppendIsStoredWhole() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            events.add(track("web", "bulk-" + i, "u-" + (i % 97), "Product Viewed", T0.plusMillis(i)));
        }
        try (Storage storage = openStorage(directory)) {
            storage.events().append(events, List.of());
            assertThat(storage.events().count()).isEqualTo(20_000);
            assertThat(storage.events().findByMessageId("bulk-19999")).containsExactly(events.get(19_999));
        }
    }
}
