package io.tekil.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import static io.tekil.core.store.TestingEvents.track;

import io.tekil.core.event.Event;
import io.tekil.core.profile.TimelineCursor;
import io.tekil.core.profile.TimelineEvent;
import io.tekil.core.profile.TimelinePage;
import io.tekil.core.store.BaseEventStoreTest;
import io.tekil.core.store.Storage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestDuckDbEventStore extends BaseEventStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-20T09:30:00Z");

    @Override
    protected Storage openStorage(Path directory) {
        return DuckDbStorage.open(directory);
    }

    @Test
    void unusableDirectoryIsUnavailableWithThePath() throws Exception {
        Path file = directory.resolve("not-a-directory");
        java.nio.file.Files.writeString(file, "x");
        assertThatThrownBy(() -> DuckDbStorage.open(file))
                .isInstanceOfSatisfying(TekilException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.UNAVAILABLE))
                .hasMessageContaining("not-a-directory");
    }

    @Test
    void aFewPagesOfScatteredEventsAreReadWholeAndEventsLyingTogetherByRanges() {
        long[] scattered = new long[40];
        long[] together = new long[40];
        for (int i = 0; i < 40; i++) {
            scattered[i] = i * 3_000L;
            together[i] = 10_000 + i * 3L;
        }
        assertThat(DuckDbTimeline.cheaperWhole(scattered, 50)).isTrue();
        assertThat(DuckDbTimeline.cheaperWhole(scattered, 10)).as("more than three pages").isFalse();
        assertThat(DuckDbTimeline.cheaperWhole(together, 50)).isFalse();
        assertThat(DuckDbTimeline.cheaperWhole(new long[0], 50)).isFalse();
    }

    @Test
    void aTimelineOfEventsScatteredAmongManyOthersPagesExactly() {
        // 20 events of one profile, each among 3,000 of other people's: read whole through the index, paged in Java
        List<Event> mine = new ArrayList<>();
        try (Storage storage = openStorage(directory)) {
            for (int batch = 0; batch < 20; batch++) {
                List<Event> events = new ArrayList<>();
                for (int i = 0; i < 3_000; i++) {
                    int n = batch * 3_000 + i;
                    boolean scattered = i == 1_500;
                    Event event = track("web", "m-" + n, scattered ? "scattered" : "other-" + n % 500, "Product Viewed",
                            T0.plusSeconds(scattered ? (batch * 7L) % 11 : n));
                    events.add(event);
                    if (scattered) {
                        mine.add(event);
                    }
                }
                storage.events().append(events, List.of());
            }
            List<String> expected = mine.stream().map(TimelineEvent::of).sorted(TimelineCursor.NEWEST_FIRST).map(TimelineEvent::messageId).toList();
            assertThat(pagedMessageIds(storage, List.of("user:scattered"), 7)).isEqualTo(expected);
            // more than three pages: by ranges, one per event, in two halves
            long splitBefore = splitReads(storage);
            assertThat(pagedMessageIds(storage, List.of("user:scattered"), 5)).isEqualTo(expected);
            assertThat(splitReads(storage)).as("reads split in two halves").isGreaterThan(splitBefore);
            TimelineCursor pastEverything = new TimelineCursor(T0.minusSeconds(86_400), T0.minusSeconds(86_400), "web", "m-0");
            TimelinePage nothing = storage.events().timeline(List.of("user:scattered"), pastEverything, 5);
            assertThat(nothing.events()).isEmpty();
            assertThat(nothing.next()).isNull();
        }
    }

    @Test
    void aTimelineOfManyKeysScatteredAmongOthersIsReadInTwoHalvesAndPagesExactly() {
        // 6 keys of one profile, 5 events each, every event among 3,000 of other people's, with shared times: read
        // whole through the index, the keys in two halves
        List<Event> mine = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            keys.add("user:mine-" + k);
        }
        try (Storage storage = openStorage(directory)) {
            for (int batch = 0; batch < 30; batch++) {
                List<Event> events = new ArrayList<>();
                for (int i = 0; i < 3_000; i++) {
                    int n = batch * 3_000 + i;
                    boolean own = i == 1_000;
                    Event event = track("web", "m-" + n, own ? "mine-" + batch % 6 : "other-" + n % 700, "Product Viewed",
                            T0.plusSeconds(own ? batch / 4 : n));
                    events.add(event);
                    if (own) {
                        mine.add(event);
                    }
                }
                storage.events().append(events, List.of());
            }
            List<String> expected = mine.stream().map(TimelineEvent::of).sorted(TimelineCursor.NEWEST_FIRST).map(TimelineEvent::messageId).toList();
            long splitBefore = splitReads(storage);
            assertThat(pagedMessageIds(storage, keys, 10)).isEqualTo(expected);
            assertThat(splitReads(storage)).as("reads split in two halves").isGreaterThan(splitBefore);
            assertThat(pagedMessageIds(storage, keys, 30)).isEqualTo(expected);
            assertThat(storage.events().timeline(keys, null, 30).next()).as("a page that holds every event is the last").isNull();
            assertThat(storage.events().timeline(keys, null, 29).next()).isNotNull();
            TimelinePage full = storage.events().timeline(keys, null, 15);
            assertThat(storage.events().timeline(keys, full.next(), 15).next()).as("the second of two full pages is the last").isNull();
            assertThat(pagedMessageIds(storage, keys.subList(0, 2), 4))
                    .isEqualTo(mine.stream().filter(event -> event.userId().endsWith("-0") || event.userId().endsWith("-1"))
                            .map(TimelineEvent::of).sorted(TimelineCursor.NEWEST_FIRST).map(TimelineEvent::messageId).toList());
        }
    }

    private static long splitReads(Storage storage) {
        return ((DuckDbEventStore) storage.events()).timelineReads().splitReads();
    }

    @Test
    void partsSplitIntoTwoHalvesOfAboutEqualCost() {
        List<List<Integer>> halves = DuckDbTimeline.halves(List.of(5, 1, 9, 3, 4, 2), Integer::longValue);
        assertThat(halves.get(0)).containsExactly(9, 3);
        assertThat(halves.get(1)).containsExactly(5, 4, 2, 1);
        assertThat(DuckDbTimeline.halves(List.of(7), Integer::longValue).get(1)).isEmpty();
    }
}
