package io.tekil.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tekil.core.segment.live.MembershipChange;
import io.tekil.core.segment.live.MembershipChange.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract of {@link MembershipStore}, run against every backend. */
public abstract class BaseMembershipStoreTest {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");

    /** A fresh, empty store. */
    protected abstract MembershipStore createStore();

    /** The same store after closing and opening its storage again, for backends that persist; else the same instance. */
    protected abstract MembershipStore reopen();

    private static MembershipChange change(String segment, String profile, Kind kind, String at) {
        return new MembershipChange(segment, profile, kind, Instant.parse(at), kind == Kind.ENTER ? "event m-1" : "time");
    }

    @Test
    void membersAreTheProfilesWhoseLastRecordIsAnEnter() {
        MembershipStore store = createStore();
        store.record(List.of(
                change("vip", "p-1", Kind.ENTER, "2026-11-01T10:00:00Z"),
                change("vip", "p-2", Kind.ENTER, "2026-11-01T10:00:00Z"),
                change("cart", "p-1", Kind.ENTER, "2026-11-01T10:00:00Z")));
        store.record(List.of(
                change("vip", "p-1", Kind.EXIT, "2026-11-02T10:00:00Z"),
                change("cart", "p-1", Kind.EXIT, "2026-11-02T10:00:00Z"),
                change("cart", "p-1", Kind.ENTER, "2026-11-02T10:00:00Z"))); // same moment: the order decides
        assertThat(store.members()).isEqualTo(Map.of("vip", Set.of("p-2"), "cart", Set.of("p-1")));
        assertThat(reopen().members()).isEqualTo(Map.of("vip", Set.of("p-2"), "cart", Set.of("p-1")));
    }

    @Test
    void dailyCountsUseTheCalendarDayOfTheZone() {
        MembershipStore store = createStore();
        store.record(List.of(
                change("vip", "p-1", Kind.ENTER, "2026-11-21T20:59:59Z"), // 23:59:59 on the 21st in İstanbul
                change("vip", "p-2", Kind.ENTER, "2026-11-21T21:00:00Z"), // midnight: the 22nd
                change("vip", "p-1", Kind.EXIT, "2026-11-22T08:00:00Z"),
                change("vip", "p-3", Kind.ENTER, "2026-11-25T08:00:00Z"),
                change("other", "p-9", Kind.ENTER, "2026-11-23T08:00:00Z")));
        store = reopen();
        assertThat(store.daily("vip", ISTANBUL)).containsExactly(
                new MembershipStore.DayCount(LocalDate.parse("2026-11-21"), 1, 0),
                new MembershipStore.DayCount(LocalDate.parse("2026-11-22"), 1, 1),
                new MembershipStore.DayCount(LocalDate.parse("2026-11-25"), 1, 0));
        assertThat(store.daily("vip", ZoneId.of("UTC")).getFirst()).isEqualTo(new MembershipStore.DayCount(LocalDate.parse("2026-11-21"), 2, 0));
        assertThat(store.daily("unknown", ISTANBUL)).isEmpty();
    }

    @Test
    void lastChangeIsTheLatestRecord() {
        MembershipStore store = createStore();
        assertThat(store.lastChange("vip")).isEmpty();
        store.record(List.of(change("vip", "p-1", Kind.ENTER, "2026-11-21T20:59:59.123456Z"), change("vip", "p-2", Kind.ENTER, "2026-11-01T00:00:00Z")));
        assertThat(reopen().lastChange("vip")).contains(Instant.parse("2026-11-21T20:59:59.123456Z"));
    }

    @Test
    void forgettingASegmentDropsOnlyItsRecords() {
        MembershipStore store = createStore();
        store.record(List.of(change("vip", "p-1", Kind.ENTER, "2026-11-01T10:00:00Z"), change("cart", "p-1", Kind.ENTER, "2026-11-01T10:00:00Z")));
        store.forget("vip");
        store = reopen();
        assertThat(store.members()).isEqualTo(Map.of("cart", Set.of("p-1")));
        assertThat(store.daily("vip", ISTANBUL)).isEmpty();
    }

    @Test
    void manyChangesInOneCall() {
        MembershipStore store = createStore();
        List<MembershipChange> changes = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            changes.add(change("all", "p-" + i, Kind.ENTER, "2026-11-01T10:00:00Z"));
        }
        store.record(changes);
        store.record(List.of());
        assertThat(reopen().members().get("all")).hasSize(20_000);
    }
}
