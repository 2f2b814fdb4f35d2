package io.tekil.store.duckdb;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.profile.ProfileFacts;
import io.tekil.core.profile.TimelineCursor;
import io.tekil.core.profile.TimelinePage;
import io.tekil.core.store.EventQuery;
import io.tekil.core.store.EventStore;
import io.tekil.core.store.QuarantinedEvent;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * Events and quarantine on DuckDB. An append is durable once it is in the {@link IngestLog}; the
 * {@link LogLoader} then puts it into the {@code events} and {@code quarantine} tables. Every read first waits
 * for the loader to catch up with what was appended before it, so readers always see acknowledged events.
 */
final class DuckDbEventStore implements EventStore, AutoCloseable {
    private static final String COLUMNS = "source, channel, message_id, type, name, user_id, anonymous_id, group_id, "
            + "previous_id, epoch_us(ts), epoch_us(sent_at), epoch_us(received_at), profile_key, category, price, "
            + "revenue, currency, json";
    private static final int COLUMN_COUNT = 18;

    private static final Duration READ_WAIT = Duration.ofSeconds(30);

    private final DuckDbStorage storage;
    private final IngestLog log;
    private final LogLoader loader;
    private final boolean profileIndex;

    DuckDbEventStore(DuckDbStorage storage, IngestLog log, LogLoader loader, boolean profileIndex) {
        this.storage = storage;
        this.log = log;
        this.loader = loader;
        this.profileIndex = profileIndex;
    }

    /**
     * Makes the group durable in the ingest log (one write and {@code fdatasync}), then hands it to the loader,
     * which puts it into DuckDB's tables in the background.
     */
    @Override
    public synchronized void append(List<Event> events, List<QuarantinedEvent> quarantined) {
        if (events.isEmpty() && quarantined.isEmpty()) {
            return;
        }
        ByteBuffer payload = LogCodec.encode(events, quarantined);
        IngestLog.Appended appended;
        try {
            appended = log.append(payload);
        } catch (UncheckedIOException e) {
            throw new TekilException(ErrorCategory.UNAVAILABLE,
                    "storage failed to append events: " + e.getMessage(), e);
        }
        loader.enqueue(appended);
    }

    /** Waits until DuckDB holds every group appended before this call, so reads see all acknowledged events. */
    void awaitLoaded() {
        loader.awaitLoaded(log.lastSequence(), READ_WAIT);
    }

    @Override
    public List<Event> find(EventQuery query) {
        awaitLoaded();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM events WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (query.source() != null) {
            sql.append(" AND source = ?");
            parameters.add(query.source());
        }
        if (query.type() != null) {
            sql.append(" AND type = ?");
            parameters.add(query.type().id());
        }
        if (query.from() != null) {
            sql.append(" AND ts >= make_timestamp(?)");
            parameters.add(Micros.of(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND ts < make_timestamp(?)");
            parameters.add(Micros.of(query.to()));
        }
        sql.append(" ORDER BY ts DESC, received_at DESC, message_id LIMIT ").append(query.limit());
        return queryEvents(sql.toString(), parameters);
    }

    @Override
    public List<Event> findByMessageId(String messageId) {
        awaitLoaded();
        return queryEvents("SELECT " + COLUMNS + " FROM events WHERE message_id = ? ORDER BY source", List.of(messageId));
    }

    /**
     * A profile's timeline page, in two reads within one transaction (so the row ids of the first hold for the
     * second). First the positions of the profile's events (row id and the order columns, small columns) through
     * the {@code identity_hash} index; the hashes go into the SQL as literals, since DuckDB uses an ART index for a
     * constant {@code IN} list but not for parameters nor under an {@code ORDER BY ... LIMIT} (about 1 ms against
     * 30 to 100 ms at ten million events). Then the messages, one of two ways, whichever the positions say is
     * cheaper: every event of the profile through the index, paged in Java (a few events; or a few pages of
     * events that lie scattered, see {@link #cheaperWhole}), or only the page's rows, by row-id ranges that DuckDB
     * pushes into its scan (events that lie together, or many of them). Fetching the page's messages by
     * {@code identity_hash = h AND message_id IN (...)} was measured too and was slower (p50 78 ms against 9 ms):
     * that second filter did not stay on the index.
     */
    @Override
    public TimelinePage timeline(Collection<String> profileKeys, TimelineCursor after, int limit) {
        if (profileKeys.isEmpty()) {
            return new TimelinePage(List.of(), null);
        }
        awaitLoaded();
        Set<String> keys = Set.copyOf(profileKeys);
        try (DuckDBConnection connection = storage.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                List<Position> positions = positions(statement, keys);
                // large pages (a whole history read in pages of 1,000) are cheaper whole than as hundreds of row ranges
                if (positions.size() > WHOLE_READ_MAX_EVENTS && limit <= MAX_PAGE_BY_POSITIONS
                        && !(profileIndex && cheaperWhole(positions.stream().mapToLong(Position::row).toArray(), limit))) {
                    TimelinePage page = pageByPositions(statement, positions, keys, after, limit);
                    if (page != null) {
                        return page;
                    }
                }
                List<Event> events = readEvents(statement, "SELECT " + COLUMNS + " FROM events WHERE " + ofKeys(keys));
                events.removeIf(event -> !keys.contains(event.profileKey())); // a 64-bit hash collision
                return TimelinePage.of(events, after, limit);
            } finally {
                connection.commit();
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read a profile's timeline", e);
        }
    }

    /** Pages longer than this are read from the profile's events whole. */
    private static final int MAX_PAGE_BY_POSITIONS = 200;

    /**
     * Up to this many events a profile's events are always read whole, through the index (one query). Through the
     * index DuckDB fetches each zstd-compressed message on its own (0.13 ms a row on a synthetic table, 0.35 ms at
     * ten million events of the generator's larger messages), even when the rows lie in one block, where a row-id
     * range decompresses each block once; the second query costs about 1 ms, so the page by ranges wins from a
     * handful of events that lie together (at 64, timeline p99 was 17 ms; at 0, 12.4 ms; docs/benchmarks.md).
     */
    private static final int WHOLE_READ_MAX_EVENTS = 8;

    /**
     * Whether reading every event of the profile through the index is cheaper than the page by row-id ranges, from
     * the events' row ids: true when the profile has at most three pages of events and they span more blocks of
     * 2,048 rows than half their number (they lie scattered, as live traffic leaves them). Then a range
     * decompresses a whole block for about one row, where the index fetches the row alone (50 scattered rows: 6.5 ms
     * through the index, 17 ms as ranges). When they lie together (an import) the ranges read each block once and
     * win. Only with the profile index: without it the whole read is a scan of the table.
     */
    static boolean cheaperWhole(long[] rowIds, int limit) {
        if (rowIds.length > 3L * limit) {
            return false;
        }
        long blocks = java.util.Arrays.stream(rowIds).map(row -> row / BLOCK_ROWS).distinct().count();
        return blocks * 2 > rowIds.length;
    }

    /** DuckDB's vector: the rows a compressed block of a column holds. */
    private static final long BLOCK_ROWS = 2048;

    /** Rows at most this far apart are fetched by one range: one range costs about as much as 1,000 rows. */
    private static final long ROW_RANGE_GAP = 1024;

    /**
     * Where one of the profile's events is (its row id) and its place in the timeline by event and receipt time;
     * the source and message id that break ties are read with the page's rows.
     */
    private record Position(long row, long micros, long receivedMicros) {
        static final Comparator<Position> NEWEST_FIRST = Comparator.comparingLong(Position::micros).reversed()
                .thenComparing(Comparator.comparingLong(Position::receivedMicros).reversed());

        /** Whether this position could come after {@code cursor}: older, or of the same times (then the tie-break decides). */
        boolean notBefore(TimelineCursor cursor) {
            long cursorMicros = Micros.of(cursor.timestamp());
            long cursorReceived = Micros.of(cursor.receivedAt());
            return micros < cursorMicros || micros == cursorMicros && receivedMicros <= cursorReceived;
        }

        boolean sameTimes(Position other) {
            return micros == other.micros && receivedMicros == other.receivedMicros;
        }
    }

    private List<Position> positions(Statement statement, Set<String> keys) throws SQLException {
        List<Position> positions = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT rowid, epoch_us(ts), epoch_us(received_at) FROM events WHERE " + ofKeys(keys))) {
            while (rows.next()) {
                positions.add(new Position(rows.getLong(1), rows.getLong(2), rows.getLong(3)));
            }
        }
        return positions;
    }

    /**
     * The page from the positions: the candidates in time order (those tied with the cursor's times included, as
     * the tie-break may keep them), enough of them to fill the page after the exact order is applied, and every
     * candidate tied with the last one; their rows fetched, then ordered and cut exactly. Null when a fetched row
     * belongs to another key (a 64-bit hash collision), for the caller to read the profile whole.
     */
    private TimelinePage pageByPositions(Statement statement, List<Position> positions, Set<String> keys, TimelineCursor after, int limit)
            throws SQLException {
        List<Position> candidates = positions.stream()
                .filter(position -> after == null || position.notBefore(after))
                .sorted(Position.NEWEST_FIRST)
                .toList();
        long tiedWithCursor = after == null ? 0 : candidates.stream()
                .filter(position -> position.micros() == Micros.of(after.timestamp()) && position.receivedMicros() == Micros.of(after.receivedAt()))
                .count();
        int end = (int) Math.min(candidates.size(), limit + 1L + tiedWithCursor);
        while (end > 0 && end < candidates.size() && candidates.get(end).sameTimes(candidates.get(end - 1))) {
            end++;
        }
        Map<Long, Event> byRow = readRows(statement, candidates.subList(0, end).stream().mapToLong(Position::row).sorted().toArray());
        if (byRow.values().stream().anyMatch(event -> !keys.contains(event.profileKey()))) {
            return null;
        }
        return TimelinePage.of(List.copyOf(byRow.values()), after, limit);
    }

    /** The events at {@code rowIds} (ascending), fetched by ranges of nearby rows. */
    private Map<Long, Event> readRows(Statement statement, long[] rowIds) throws SQLException {
        Map<Long, Event> events = new HashMap<>();
        if (rowIds.length == 0) {
            return events;
        }
        StringJoiner ranges = new StringJoiner(" UNION ALL ");
        int start = 0;
        for (int i = 1; i <= rowIds.length; i++) {
            if (i == rowIds.length || rowIds[i] - rowIds[i - 1] > ROW_RANGE_GAP) {
                ranges.add("SELECT " + COLUMNS + ", rowid FROM events WHERE rowid BETWEEN " + rowIds[start] + " AND " + rowIds[i - 1]);
                start = i;
            }
        }
        Set<Long> wanted = new HashSet<>();
        for (long rowId : rowIds) {
            wanted.add(rowId);
        }
        try (ResultSet rows = statement.executeQuery(ranges.toString())) {
            while (rows.next()) {
                long rowId = rows.getLong(COLUMN_COUNT + 1);
                if (wanted.contains(rowId)) {
                    events.put(rowId, toEvent(rows));
                }
            }
        }
        if (events.size() != wanted.size()) {
            throw new IllegalStateException("events moved while a timeline was read: " + wanted.size() + " rows wanted, " + events.size() + " found");
        }
        return events;
    }

    @Override
    public ProfileFacts facts(Collection<String> profileKeys) {
        if (profileKeys.isEmpty()) {
            return ProfileFacts.NONE;
        }
        awaitLoaded();
        Set<String> keys = Set.copyOf(profileKeys);
        String sql = "SELECT profile_key, type, channel, source, count(*), epoch_us(min(ts)), epoch_us(max(ts)) FROM events "
                + "WHERE " + ofKeys(keys) + " GROUP BY ALL";
        ProfileFacts.Builder facts = new ProfileFacts.Builder();
        try (DuckDBConnection connection = storage.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                if (keys.contains(rows.getString(1))) {
                    facts.add(MessageType.fromId(rows.getString(2)).orElseThrow(), Channel.parse(rows.getString(3)), rows.getString(4),
                            rows.getLong(5), instant(rows, 6), instant(rows, 7));
                }
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read profile facts", e);
        }
        return facts.build();
    }

    /**
     * The condition selecting the events of {@code keys}. With the index, a constant {@code IN} list, which DuckDB
     * serves from the ART index; without it, a list membership test that scans the hash column (at ten million
     * events about 15 ms, where an {@code IN} list or {@code OR} of constants without an index took about 100 ms).
     */
    private String ofKeys(Set<String> keys) {
        String hashes = keys.stream().map(key -> Long.toString(Event.profileKeyHash(key))).distinct().collect(Collectors.joining(", "));
        return profileIndex ? "identity_hash IN (" + hashes + ")" : "list_contains([" + hashes + "]::BIGINT[], identity_hash)";
    }

    private List<Event> queryEvents(String sql, List<Object> parameters) {
        try (DuckDBConnection connection = storage.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                return toEvents(rows);
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read events", e);
        }
    }

    private static List<Event> readEvents(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return toEvents(rows);
        }
    }

    private static List<Event> toEvents(ResultSet rows) throws SQLException {
        List<Event> events = new ArrayList<>();
        while (rows.next()) {
            events.add(toEvent(rows));
        }
        return events;
    }

    private static Event toEvent(ResultSet rows) throws SQLException {
        return new Event(
                rows.getString(1),
                Channel.parse(rows.getString(2)),
                rows.getString(3),
                MessageType.fromId(rows.getString(4)).orElseThrow(),
                rows.getString(5),
                rows.getString(6),
                rows.getString(7),
                rows.getString(8),
                rows.getString(9),
                instant(rows, 10),
                instant(rows, 11),
                instant(rows, 12),
                rows.getString(13),
                rows.getString(14),
                nullableDouble(rows, 15),
                nullableDouble(rows, 16),
                rows.getString(17),
                JsonText.of(rows.getString(18)));
    }

    @Override
    public List<QuarantinedEvent> quarantined(String source, int limit) {
        awaitLoaded();
        String sql = "SELECT source, epoch_us(received_at), idx, message_id, reason, json FROM quarantine"
                + (source == null ? "" : " WHERE source = ?")
                + " ORDER BY received_at DESC, idx LIMIT " + Math.max(1, limit);
        try (DuckDBConnection connection = storage.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (source != null) {
                statement.setString(1, source);
            }
            List<QuarantinedEvent> events = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(new QuarantinedEvent(rows.getString(1), instant(rows, 2), rows.getInt(3),
                            rows.getString(4), rows.getString(5), rows.getString(6)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read the quarantine", e);
        }
    }

    @Override
    public void forEachMessageKey(Instant receivedSince, MessageKeyConsumer consumer) {
        awaitLoaded();
        String sql = "SELECT source, message_id, epoch_us(received_at) FROM events WHERE received_at >= make_timestamp(?)";
        try (DuckDBConnection connection = storage.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, Micros.of(receivedSince));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(rows.getString(1), rows.getString(2), instant(rows, 3));
                }
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read message ids", e);
        }
    }

    @Override
    public void forEachEvent(Instant receivedSince, java.util.function.Consumer<Event> consumer) {
        forEachWhere("received_at >= make_timestamp(" + Micros.of(receivedSince) + ") ORDER BY received_at", consumer);
    }

    /** Every stored event of {@code events e} meeting the SQL {@code condition} (which may end in an ORDER BY). */
    void forEachWhere(String condition, java.util.function.Consumer<Event> consumer) {
        awaitLoaded();
        try (DuckDBConnection connection = storage.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + COLUMNS + " FROM events e WHERE " + condition)) {
            while (rows.next()) {
                consumer.accept(toEvent(rows));
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read events", e);
        }
    }

    @Override
    public long count() {
        awaitLoaded();
        try (DuckDBConnection connection = storage.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("count events", e);
        }
    }

    /** Loads what is pending into DuckDB and closes the log, deleting the segments DuckDB now holds. */
    @Override
    public synchronized void close() {
        loader.close();
        log.close(loader.loadedSequence());
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long micros = rows.getLong(column);
        if (rows.wasNull()) {
            return null;
        }
        return Micros.toInstant(micros);
    }

    private static Double nullableDouble(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }
}
