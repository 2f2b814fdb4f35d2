package io.tekil.store.duckdb;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.MessageType;
import io.tekil.core.store.EventQuery;
import io.tekil.core.store.EventStore;
import io.tekil.core.store.QuarantinedEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Events and quarantine on DuckDB. Appends go through the Appender inside an explicit transaction on the
 * writer connection: the COMMIT writes and syncs DuckDB's write-ahead log, which is what makes an
 * acknowledged batch durable.
 */
final class DuckDbEventStore implements EventStore, AutoCloseable {
    private static final String COLUMNS = "source, channel, message_id, type, name, user_id, anonymous_id, group_id, "
            + "previous_id, epoch_us(ts), epoch_us(sent_at), epoch_us(received_at), profile_key, category, price, "
            + "revenue, currency, json";

    private final DuckDbStorage storage;
    private final DuckDBConnection writer;

    DuckDbEventStore(DuckDbStorage storage) throws SQLException {
        this.storage = storage;
        this.writer = storage.connect();
    }

    @Override
    public synchronized void append(List<Event> events, List<QuarantinedEvent> quarantined) {
        if (events.isEmpty() && quarantined.isEmpty()) {
            return;
        }
        try (Statement statement = writer.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                if (!events.isEmpty()) {
                    appendEvents(events);
                }
                if (!quarantined.isEmpty()) {
                    appendQuarantined(quarantined);
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(statement);
                throw e;
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("append events", e);
        }
    }

    private void appendEvents(List<Event> events) throws SQLException {
        try (DuckDBAppender appender = writer.createAppender("events")) {
            for (Event event : events) {
                appender.beginRow();
                appender.append(event.source());
                appender.append(event.channel().id());
                appender.append(event.messageId());
                appender.append(event.type().id());
                appendNullable(appender, event.name());
                appendNullable(appender, event.userId());
                appendNullable(appender, event.anonymousId());
                appendNullable(appender, event.groupId());
                appendNullable(appender, event.previousId());
                appender.appendEpochMicros(Micros.of(event.timestamp()));
                if (event.sentAt() == null) {
                    appender.appendNull();
                } else {
                    appender.appendEpochMicros(Micros.of(event.sentAt()));
                }
                appender.appendEpochMicros(Micros.of(event.receivedAt()));
                appender.append(event.profileKey());
                appendNullable(appender, event.category());
                appendNullable(appender, event.price());
                appendNullable(appender, event.revenue());
                appendNullable(appender, event.currency());
                appender.append(event.json());
                appender.endRow();
            }
            appender.flush();
        }
    }

    private void appendQuarantined(List<QuarantinedEvent> quarantined) throws SQLException {
        try (DuckDBAppender appender = writer.createAppender("quarantine")) {
            for (QuarantinedEvent event : quarantined) {
                appender.beginRow();
                appender.append(event.source());
                appender.appendEpochMicros(Micros.of(event.receivedAt()));
                appender.append(event.index());
                appendNullable(appender, event.messageId());
                appender.append(event.reason());
                appender.append(event.json());
                appender.endRow();
            }
            appender.flush();
        }
    }

    @Override
    public List<Event> find(EventQuery query) {
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
        return queryEvents("SELECT " + COLUMNS + " FROM events WHERE message_id = ? ORDER BY source", List.of(messageId));
    }

    private List<Event> queryEvents(String sql, List<Object> parameters) {
        try (DuckDBConnection connection = storage.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<Event> events = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(toEvent(rows));
                }
            }
            return events;
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read events", e);
        }
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
                rows.getString(18));
    }

    @Override
    public List<QuarantinedEvent> quarantined(String source, int limit) {
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
    public long count() {
        try (DuckDBConnection connection = storage.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("count events", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (SQLException ignored) {
            // shutting down; nothing left to save on this connection
        }
    }

    private static void rollback(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the transaction is already gone; the original failure is reported
        }
    }

    private static void appendNullable(DuckDBAppender appender, String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    private static void appendNullable(DuckDBAppender appender, Double value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value.doubleValue());
        }
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
