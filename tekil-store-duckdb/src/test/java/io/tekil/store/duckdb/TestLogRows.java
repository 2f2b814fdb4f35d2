package io.tekil.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.store.QuarantinedEvent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads through the table function: every column of every event of slices that start and end inside records, across
 * chunks of rows, arrives as the event had it, and the quarantined messages of the slices that start a record go
 * with them once.
 */
class TestLogRows {
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    @TempDir
    Path directory;

    /**
     * With one DuckDB thread the loader's thread runs the function; with more, DuckDB's workers do. The first slice
     * holds 3,766 events and the second 330, so a chunk of 2,048 rows ends exactly where the second ends; an empty
     * record with a quarantined message comes next.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void slicesOfRecordsAreLoadedColumnForColumn(int threads) throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        List<Event> first = events(random, 0, 5_000);
        List<Event> second = events(random, 5_000, 330);
        List<Event> third = events(random, 5_330, 10);
        List<QuarantinedEvent> secondQuarantined = List.of(
                new QuarantinedEvent("web", T0, 3, "q-1", "no userId and no anonymousId", "{\"type\":\"track\"}"),
                new QuarantinedEvent("web", T0, 5, null, "not an object", "[]"));
        List<QuarantinedEvent> firstQuarantined = List.of(new QuarantinedEvent("web", T0, 0, "q-0", "bad timestamp", "{}"));
        byte[] one = LogCodec.record(first, firstQuarantined);
        byte[] two = LogCodec.record(second, secondQuarantined);
        byte[] empty = LogCodec.record(List.of(), List.of(new QuarantinedEvent("web", T0, 0, "q-2", "track without event name", "{}")));
        byte[] three = LogCodec.record(third, List.of());

        DuckDbOptions options = new DuckDbOptions(DuckDbOptions.DEFAULTS.checkpointThreshold(), DuckDbOptions.DEFAULTS.maxPendingBytes(), threads, true);
        try (DuckDbStorage storage = DuckDbStorage.open(directory, options);
                EventTables tables = new EventTables(storage.connect())) {
            // the first record from its 1,234th event (its quarantine went with an earlier slice), the second whole,
            // the empty one, the third's first four events
            tables.load(List.of(new EventTables.Slice(1, one, 1_234, 5_000), EventTables.Slice.from(2, two, 0),
                    EventTables.Slice.from(3, empty, 0), new EventTables.Slice(4, three, 0, 4)));
            assertThat(tables.loadedPosition()).isEqualTo(new EventTables.Position(3, 4));
            List<Event> expected = new ArrayList<>(first.subList(1_234, 5_000));
            expected.addAll(second);
            expected.addAll(third.subList(0, 4));

            try (DuckDBConnection connection = storage.connect(); Statement statement = connection.createStatement()) {
                List<Event> stored = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT source, channel, message_id, type, name, user_id, anonymous_id, group_id, "
                        + "previous_id, ts, sent_at, received_at, profile_key, category, price, revenue, currency, json, identity_hash, revenue_number "
                        + "FROM events ORDER BY message_id")) {
                    while (rows.next()) {
                        Event event = new Event(rows.getString(1), Channel.parse(rows.getString(2)), rows.getString(3),
                                MessageType.fromId(rows.getString(4)).orElseThrow(), rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getString(8), rows.getString(9), instant(rows.getTimestamp(10)), instant(rows.getTimestamp(11)),
                                instant(rows.getTimestamp(12)), rows.getString(13), rows.getString(14), (Double) rows.getObject(15),
                                (Double) rows.getObject(16), rows.getString(17), JsonText.of(rows.getString(18)));
                        stored.add(event);
                        assertThat(rows.getLong(19)).as("identity_hash").isEqualTo(Event.profileKeyHash(event.profileKey()));
                        assertThat(rows.getBigDecimal(20)).as("revenue_number of %s", event.messageId())
                                .isEqualTo(event.revenue() == null ? null : ExactRevenue.of(event.json().utf8()));
                    }
                }
                expected.sort(java.util.Comparator.comparing(Event::messageId));
                assertThat(stored).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(stored.get(i)).as("event %s", expected.get(i).messageId()).isEqualTo(expected.get(i));
                }
                assertThat(stored).anyMatch(e -> e.sentAt() == null).anyMatch(e -> e.revenue() != null).anyMatch(e -> e.userId() == null);
                try (ResultSet rows = statement.executeQuery("SELECT idx, message_id FROM quarantine ORDER BY idx")) {
                    List<String> quarantined = new ArrayList<>();
                    while (rows.next()) {
                        quarantined.add(rows.getInt(1) + ":" + rows.getString(2));
                    }
                    assertThat(quarantined).as("only the records loaded from their start bring their quarantine")
                            .containsExactlyInAnyOrder("0:q-2", "3:q-1", "5:null");
                }
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC);
    }

    /** Events with every optional field present in some and absent in others, Turkish text included. */
    private static List<Event> events(SplittableRandom random, int from, int count) {
        List<Event> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String messageId = String.format("m-%06d", i);
            String userId = random.nextInt(3) == 0 ? null : "kullanıcı-" + random.nextInt(500);
            String anonymousId = userId == null || random.nextBoolean() ? "anon-" + random.nextInt(1_000) : null;
            Double price = random.nextInt(4) == 0 ? null : random.nextInt(100_000) / 100.0;
            Double revenue = random.nextInt(5) == 0 ? random.nextInt(1_000_000) / 100.0 : null;
            // values of one length that differ, and repeats: the loader reuses a column's array for a repeated value
            String category = random.nextBoolean() ? null : random.nextBoolean() ? "Giyim > Kadın" : "Giyim > Çocuk";
            String currency = revenue == null ? null : new String[] {"TRY", "TRY", "USD", "EUR"}[random.nextInt(4)];
            Instant timestamp = T0.plusMillis(random.nextInt(86_400_000)).plusNanos(random.nextInt(1_000) * 1_000L);
            Instant sentAt = random.nextBoolean() ? null : timestamp.plusSeconds(2);
            String json = "{\"type\":\"track\",\"messageId\":\"" + messageId + "\",\"event\":\"Ürün Görüntülendi\",\"properties\":{"
                    + (revenue == null ? "" : "\"revenue\":" + revenue + ",") + "\"city\":\"İzmir\"}}";
            events.add(new Event(i % 2 == 0 ? "web" : "mağaza", i % 2 == 0 ? Channel.WEB : Channel.STORE, messageId, MessageType.TRACK,
                    "Ürün Görüntülendi", userId, anonymousId, random.nextInt(10) == 0 ? "g-1" : null, null, timestamp, sentAt,
                    T0.plusSeconds(i), Event.profileKeyOf(userId, anonymousId), category, price, revenue, currency, JsonText.of(json)));
        }
        return events;
    }
}
