package io.tekil.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import static io.tekil.core.store.TestingEvents.track;

import io.tekil.core.event.Event;
import io.tekil.core.profile.TimelineCursor;
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
        assertThat(DuckDbEventStore.cheaperWhole(scattered, 50)).isTrue();
        assertThat(DuckDbEventStore.cheaperWhole(scattered, 10)).as("more than three pages").isFalse();
        assertThat(DuckDbEventStore.cheaperWhole(together, 50)).isFalse();
        assertThat(DuckDbEventStore.cheaperWhole(new long[0], 50)).isFalse();
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
            assertThat(pagedMessageIds(storage, List.of("user:scattered"), 7)).isEqualTo(mine.stream().sorted(TimelineCursor.NEWEST_FIRST).map(Event::messageId).toList());
        }
    }
}
