package io.tekil.store.duckdb;

import static io.tekil.core.store.TestingEvents.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tekil.core.error.TekilException;
import io.tekil.core.event.Event;
import io.tekil.core.store.EventQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ingest log guarantees across crashes: acknowledged groups reach DuckDB exactly once. */
class TestIngestLogRecovery {
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    @TempDir
    Path directory;

    private Path logDirectory() {
        return directory.resolve(IngestLog.DIRECTORY);
    }

    private static List<Event> group(int from, int count) {
        List<Event> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            events.add(track("web", "m-" + i, "u-" + i, "Product Viewed", T0.plusSeconds(i)));
        }
        return events;
    }

    /** Appends groups to the log only, as a server that crashed before its loader ran would have left them. */
    private void appendUnloaded(List<List<Event>> groups) {
        IngestLog log = IngestLog.open(logDirectory(), 0, entry -> {});
        for (List<Event> events : groups) {
            log.append(LogCodec.encode(events, List.of()), events.size());
        }
        log.close();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(logDirectory())) {
            return files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
        }
    }

    /** An event whose message holds an overlong UTF-8 sequence (C0 80): DuckDB refuses to store such a text. */
    private static Event refusedByDuckDb(String messageId) {
        Event good = track("web", messageId, "u-bad", "Product Viewed", T0);
        byte[] json = ("{\"type\":\"track\",\"messageId\":\"" + messageId + "\",\"userId\":\"u-bad\",\"event\":\"Product Viewed\",\"x\":\"ab\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = json.length - 3; // between a and b
        byte[] bad = new byte[json.length + 2];
        System.arraycopy(json, 0, bad, 0, at);
        bad[at] = (byte) 0xC0;
        bad[at + 1] = (byte) 0x80;
        System.arraycopy(json, at, bad, at + 2, json.length - at);
        return new Event(good.source(), good.channel(), good.messageId(), good.type(), good.name(), good.userId(), good.anonymousId(), good.groupId(),
                good.previousId(), good.timestamp(), good.sentAt(), good.receivedAt(), good.profileKey(), good.category(), good.price(), good.revenue(),
                good.currency(), new io.tekil.core.event.JsonText(bad));
    }

    @Test
    void anEventDuckDbRefusesGoesToTheQuarantineAndLoadingGoesOn() {
        try (DuckDbStorage storage = DuckDbStorage.open(directory)) {
            List<Event> mixed = new ArrayList<>(group(0, 3));
            mixed.add(1, refusedByDuckDb("bad-1"));
            storage.events().append(mixed, List.of());
            storage.events().append(group(3, 2), List.of()); // a later group waits for the first
            assertThat(storage.events().count()).as("every event but the refused one").isEqualTo(5);
            for (Event good : group(0, 5)) {
                assertThat(storage.events().findByMessageId(good.messageId())).as("stored as it was").containsExactly(good);
            }
            assertThat(storage.events().quarantined("web", 10)).singleElement().satisfies(quarantined -> {
                assertThat(quarantined.messageId()).isEqualTo("bad-1");
                assertThat(quarantined.reason()).startsWith("storage refused this event after it was acknowledged: ")
                        .as("the cause in a line, not a stack trace").containsIgnoringCase("utf-8").doesNotContain("\n").hasSizeLessThan(400);
                assertThat(quarantined.json()).contains("\"messageId\":\"bad-1\"");
            });
        }
    }

    @Test
    void anEventDuckDbRefusesDoesNotStopStartUp() throws IOException {
        appendUnloaded(List.of(group(0, 10), List.of(refusedByDuckDb("bad-2")), group(10, 5)));
        try (DuckDbStorage storage = DuckDbStorage.open(directory)) {
            assertThat(storage.events().count()).isEqualTo(15);
            assertThat(storage.events().quarantined(null, 10)).extracting(io.tekil.core.store.QuarantinedEvent::messageId).containsExactly("bad-2");
        }
        assertThat(segments()).as("loaded segments are deleted").isEmpty();
    }

    @Test
    void acknowledgedGroupsNotYetInDuckDbAreLoadedAtStart() throws IOException {
        appendUnloaded(List.of(group(0, 100), group(100, 50)));
        try (DuckDbStorage storage = DuckDbStorage.open(directory)) {
            assertThat(storage.events().count()).isEqualTo(150);
            assertThat(storage.events().findByMessageId("m-149")).containsExactly(group(149, 1).getFirst());
        }
        assertThat(segments()).as("loaded segments are deleted").isEmpty();
    }

    @Test
    void recordsAlreadyInDuckDbAreNotLoadedTwice() throws IOException {
        appendUnloaded(List.of(group(0, 10)));
        Path segment = segments().getFirst();
        byte[] saved = Files.readAllBytes(segment);
        try (DuckDbStorage storage = DuckDbStorage.open(directory)) {
            assertThat(storage.events().count()).isEqualTo(10);
        }
        // A crash between DuckDB's commit and the segment's deletion leaves the segment behind.
        Files.write(segment, saved);
        try (DuckDbStorage storage = DuckDbStorage.open(directory)) {
            assertThat(storage.events().count()).isEqualTo(10);
            storage.events().append(group(10, 5), List.of());
            assertThat(storage.events().count()).isEqualTo(15);
        }
    }

    @Test
    void tornTailOfTheNewestSegmentIsCutOff() throws IOException {
        appendUnloaded(List.of(group(0, 3), group(3, 3)));
        Path segment = segments().getLast();
        // A crash in the middle of writing a third record: a header that promises more bytes than exist.
        Files.write(segment, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 3, 42, 42}, StandardOpenOption.APPEND);
        try (DuckDbStorage storage = DuckDbStorage.open(directory)) {
            assertThat(storage.events().count()).isEqualTo(6);
            storage.events().append(group(6, 1), List.of());
            assertThat(storage.events().find(EventQuery.all(100))).hasSize(7);
        }
        try (DuckDbStorage storage = DuckDbStorage.open(directory)) {
            assertThat(storage.events().count()).isEqualTo(7);
        }
    }

    @Test
    void corruptionBeforeTheNewestSegmentStopsStartUpWithAMessage() throws IOException {
        appendUnloaded(List.of(group(0, 3)));
        appendUnloaded(List.of(group(3, 3)));
        assertThat(segments()).hasSize(2);
        Path first = segments().getFirst();
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 10] ^= 0x55;
        Files.write(first, bytes);
        assertThatThrownBy(() -> DuckDbStorage.open(directory))
                .isInstanceOf(TekilException.class)
                .hasMessageContaining("cannot recover the ingest log")
                .hasMessageContaining("fails its checksum");
    }

    @Test
    void cleanCloseLeavesNoSegmentsAndTheDataInDuckDb() throws IOException {
        try (DuckDbStorage storage = DuckDbStorage.open(directory)) {
            for (int i = 0; i < 20; i++) {
                storage.events().append(group(i * 10, 10), List.of());
            }
        }
        assertThat(segments()).isEmpty();
        try (Stream<Path> files = Files.list(logDirectory())) {
            assertThat(files.filter(f -> f.toString().endsWith(".spare")).count()).as("loaded segments kept to be written over")
                    .isLessThanOrEqualTo(IngestLog.SPARES);
        }
        try (DuckDbStorage storage = DuckDbStorage.open(directory)) {
            assertThat(storage.events().count()).isEqualTo(200);
        }
    }

    private static io.tekil.core.store.QuarantinedEvent rejected(String messageId) {
        return new io.tekil.core.store.QuarantinedEvent("web", T0, 0, messageId, "a track call needs a non-empty 'event' name",
                "{\"type\":\"track\",\"messageId\":\"" + messageId + "\"}");
    }

    @Test
    void skippingAnEventLandsOnTheNextOne() {
        List<Event> events = new ArrayList<>(group(0, 3));
        Event full = track("web", "m-full", "u-1", "Order Completed", T0);
        events.add(1, new Event(full.source(), full.channel(), full.messageId(), full.type(), full.name(), full.userId(), "a-1", "g-1", "p-1",
                full.timestamp(), T0.minusSeconds(1), full.receivedAt(), full.profileKey(), "Anne & Bebek", 149.9, 299.8, "TRY", full.json()));
        byte[] record = LogCodec.record(events, List.of(rejected("q-1")));
        for (int skipped = 0; skipped < events.size(); skipped++) {
            LogCodec.Reader in = new LogCodec.Reader(record);
            for (int i = 0; i < skipped; i++) {
                in.skipEvent();
            }
            assertThat(in.event()).isEqualTo(events.get(skipped));
        }
        LogCodec.Reader in = new LogCodec.Reader(record);
        for (int i = 0; i < events.size(); i++) {
            in.skipEvent();
        }
        assertThat(in.quarantined().messageId()).isEqualTo("q-1");
    }

    /** A connection to the database of {@link #directory}, with the schema in place. */
    private org.duckdb.DuckDBConnection connection() throws java.sql.SQLException {
        DuckDbStorage.open(directory).close();
        return (org.duckdb.DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:" + directory.resolve(DuckDbStorage.FILE_NAME));
    }

    /**
     * Appends the groups to a fresh log, each with a quarantined message {@code q-<i>}, queues them all before a loader
     * taking 7 events a load runs (so that loads are full), and waits for them to load; returns its split loads.
     */
    private int loadSplitting(EventTables tables, List<List<Event>> groups) {
        IngestLog log = IngestLog.open(logDirectory(), 0, entry -> {});
        LogLoader loader = new LogLoader(tables, log, 0, Long.MAX_VALUE, 7);
        synchronized (loader) {
            for (int i = 0; i < groups.size(); i++) {
                loader.enqueue(log.append(LogCodec.encode(groups.get(i), List.of(rejected("q-" + i))), groups.get(i).size()));
            }
        }
        loader.close();
        log.close();
        return loader.splitLoads();
    }

    /** The rows of {@code table} and their distinct message ids. */
    private static List<Long> counts(java.sql.Connection connection, String table) throws java.sql.SQLException {
        try (var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*), count(DISTINCT message_id) FROM " + table)) {
            rows.next();
            return List.of(rows.getLong(1), rows.getLong(2));
        }
    }

    /**
     * With more events waiting than a load takes, loads take exactly that many, splitting records between loads;
     * every event and every quarantined message still arrives once.
     */
    @Test
    void loadsOfExactlyARowGroupSplitRecordsAndStoreEachEventOnce() throws Exception {
        try (org.duckdb.DuckDBConnection connection = connection()) {
            EventTables tables = new EventTables(connection);
            List<List<Event>> groups = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                groups.add(group(i * 5, 5));
            }
            assertThat(loadSplitting(tables, groups)).as("loads that ended inside a record").isGreaterThan(5);
            assertThat(tables.loadedPosition()).isEqualTo(new EventTables.Position(20, 0));
            assertThat(counts(connection, "events")).containsExactly(100L, 100L);
            assertThat(counts(connection, "quarantine")).containsExactly(20L, 20L);
        }
    }

    /**
     * An event DuckDB refuses inside records that loads split: the slices are salvaged one at a time, the refused
     * event goes to the quarantine once, and every other event and quarantined message is stored once.
     */
    @Test
    void anEventRefusedInASplitRecordGoesToTheQuarantineOnce() throws Exception {
        try (org.duckdb.DuckDBConnection connection = connection()) {
            EventTables tables = new EventTables(connection);
            List<List<Event>> groups = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                groups.add(new ArrayList<>(group(i * 5, 5)));
            }
            groups.get(1).add(4, refusedByDuckDb("bad-3")); // record 2's events 5 and 6 go to the second load
            assertThat(loadSplitting(tables, groups)).isGreaterThan(0);
            assertThat(counts(connection, "events")).containsExactly(20L, 20L);
            try (var statement = connection.createStatement();
                    var rows = statement.executeQuery("SELECT message_id FROM quarantine ORDER BY message_id")) {
                List<String> quarantined = new ArrayList<>();
                while (rows.next()) {
                    quarantined.add(rows.getString(1));
                }
                assertThat(quarantined).containsExactly("bad-3", "q-0", "q-1", "q-2", "q-3");
            }
            assertThat(tables.loadedPosition()).isEqualTo(new EventTables.Position(4, 0));
        }
    }

    /** A crash between the two loads of a split record: the start-up replay loads only the events the first left out. */
    @Test
    void aRecordSplitBeforeACrashIsCompletedAtStart() throws Exception {
        appendUnloaded(List.of(group(0, 10), group(10, 10)));
        // connection() opens the storage once, which loads both at start; then start again from a split
        try (org.duckdb.DuckDBConnection connection = connection(); var statement = connection.createStatement()) {
            statement.execute("DELETE FROM events");
            statement.execute("DELETE FROM ingest_state");
            EventTables tables = new EventTables(connection);
            tables.load(List.of(new EventTables.Slice(1, LogCodec.record(group(0, 10), List.of(rejected("q-1"))), 0, 4)));
            assertThat(tables.loadedPosition()).isEqualTo(new EventTables.Position(0, 4));
        }
        IngestLog log = IngestLog.open(logDirectory(), 0, entry -> {});
        List<Event> first = group(0, 10);
        log.append(LogCodec.encode(first, List.of(rejected("q-1"))), first.size());
        log.append(LogCodec.encode(group(10, 10), List.of()), 10);
        log.close();
        try (DuckDbStorage storage = DuckDbStorage.open(directory)) {
            assertThat(storage.events().count()).isEqualTo(20);
            for (Event event : group(0, 20)) {
                assertThat(storage.events().findByMessageId(event.messageId())).as(event.messageId()).containsExactly(event);
            }
            assertThat(storage.events().quarantined("web", 10)).extracting(io.tekil.core.store.QuarantinedEvent::messageId).containsExactly("q-1");
        }
    }
}
