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
import java.util.List;
import java.util.Set;
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
    private final DuckDbTimeline timeline;

    DuckDbEventStore(DuckDbStorage storage, IngestLog log, LogLoader loader, boolean profileIndex) {
        this.storage = storage;
        this.log = log;
        this.loader = loader;
        this.profileIndex = profileIndex;
        this.timeline = new DuckDbTimeline(storage, profileIndex);
    }

    /** The direct buffer groups are encoded into, grown as needed; guarded by this store's monitor. */
    private ByteBuffer encoded = ByteBuffer.allocateDirect(1 << 20);

    /**
     * Makes the group durable in the ingest log (one write and {@code fdatasync}), then hands it to the loader,
     * which puts it into DuckDB's tables in the background.
     */
    @Override
    public synchronized void append(List<Event> events, List<QuarantinedEvent> quarantined) {
        if (events.isEmpty() && quarantined.isEmpty()) {
            return;
        }
        ByteBuffer payload = LogCodec.encode(events, quarantined, encoded);
        encoded = payload; // reused by the next append: this one is written before it returns
        IngestLog.Appended appended;
        try {
            appended = log.append(payload, events.size());
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

    DuckDbTimeline timelineReads() {
        return timeline;
    }

    /** A profile's timeline page: see {@link DuckDbTimeline}. */
    @Override
    public TimelinePage timeline(Collection<String> profileKeys, TimelineCursor after, int limit) {
        if (profileKeys.isEmpty()) {
            return new TimelinePage(List.of(), null);
        }
        awaitLoaded();
        return timeline.page(profileKeys, after, limit);
    }

    @Override
    public ProfileFacts facts(Collection<String> profileKeys) {
        if (profileKeys.isEmpty()) {
            return ProfileFacts.NONE;
        }
        awaitLoaded();
        Set<String> keys = Set.copyOf(profileKeys);
        String sql = "SELECT profile_key, type, channel, source, count(*), epoch_us(min(ts)), epoch_us(max(ts)) FROM events "
                + "WHERE " + ofKeys(keys, profileIndex) + " GROUP BY ALL";
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
    static String ofKeys(Set<String> keys, boolean profileIndex) {
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
        timeline.close();
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
