package io.tekil.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.ingest.IdentifiedEvent;
import io.tekil.core.ingest.MessageKeyIndex;
import io.tekil.core.store.EventStore;
import io.tekil.server.ingest.GroupCommitter.Outcome;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** De-duplication by the group committer, whose keys are made by the submitting thread and read ahead in chunks. */
class TestGroupCommitter {
    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");

    private final List<Event> stored = Collections.synchronizedList(new ArrayList<>());
    /** A store that keeps what is appended; the committer calls nothing else. */
    @SuppressWarnings("unchecked")
    private final EventStore store = (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
            (proxy, method, args) -> {
                if (!method.getName().equals("append")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                stored.addAll((List<Event>) args[0]);
                return null;
            });

    @Test
    void eachMessageIsStoredOnceWithinAndAcrossSubmissionsOfAnySize() throws Exception {
        try (GroupCommitter committer = new GroupCommitter(store, new MessageKeyIndex(Duration.ofDays(7)), Clock.systemUTC(), 100, 50_000)) {
            // longer than a read-ahead (512 keys): repeats, on both sides of where the second starts, of ids of the first
            List<IdentifiedEvent> first = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                first.add(event("web", "m" + (i % 500)));
            }
            first.add(event("app", "m1")); // the same id from another source is another message
            assertThat(committer.submit(first, List.of()).get(10, TimeUnit.SECONDS)).isEqualTo(new Outcome(501, 100));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                expected.add("web/m" + i);
            }
            expected.add("app/m1");
            assertThat(stored).extracting(e -> e.source() + "/" + e.messageId()).containsExactlyElementsOf(expected);

            // a retry of a stored message, and a message given twice in one submission
            Outcome second = committer.submit(List.of(event("web", "m7"), event("web", "n1"), event("web", "n1")), List.of())
                    .get(10, TimeUnit.SECONDS);
            assertThat(second).isEqualTo(new Outcome(1, 2));

            // submissions queued together, which the writer may take as one group, sharing ids with each other
            List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
            for (int s = 0; s < 10; s++) {
                outcomes.add(committer.submit(List.of(event("web", "g" + s), event("web", "g" + (s + 1))), List.of()));
            }
            int storedNow = 0;
            int duplicates = 0;
            for (CompletableFuture<Outcome> outcome : outcomes) {
                storedNow += outcome.get(10, TimeUnit.SECONDS).stored();
                duplicates += outcome.get().duplicates();
            }
            assertThat(storedNow).isEqualTo(11);
            assertThat(duplicates).isEqualTo(9);
        }
        assertThat(stored).hasSize(501 + 1 + 11);
        assertThat(new HashSet<>(stored.stream().map(e -> e.source() + "/" + e.messageId()).toList())).hasSize(stored.size());
    }

    private static IdentifiedEvent event(String source, String messageId) {
        Event event = new Event(source, Channel.WEB, messageId, MessageType.TRACK, "Product Viewed", "u1", null, null, null, NOW, null, NOW,
                Event.profileKeyOf("u1", null), null, null, null, null,
                JsonText.of("{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"u1\",\"messageId\":\"" + messageId + "\"}"));
        return new IdentifiedEvent(event, List.of(), List.of());
    }
}
