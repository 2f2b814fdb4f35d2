package io.tekil.store.duckdb;

import io.tekil.core.event.Event;
import io.tekil.core.store.QuarantinedEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes loaded groups into the {@code events} and {@code quarantine} tables with DuckDB's Appender, in one
 * transaction together with the highest ingest log sequence they cover. Used by one thread at a time.
 */
final class EventTables implements AutoCloseable {
    private final DuckDBConnection connection;

    EventTables(DuckDBConnection connection) {
        this.connection = connection;
    }

    /** The highest ingest log sequence whose records are in the tables; 0 when none. */
    long loadedSequence() {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT loaded_sequence FROM ingest_state WHERE id = 1")) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read the loaded ingest log position", e);
        }
    }

    /** Stores the rows and the new loaded sequence atomically; when it throws, nothing was stored. */
    synchronized void load(List<Event> events, List<QuarantinedEvent> quarantined, long sequence) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                if (!events.isEmpty()) {
                    appendEvents(events);
                }
                if (!quarantined.isEmpty()) {
                    appendQuarantined(quarantined);
                }
                try (PreparedStatement update = connection.prepareStatement(
                        "INSERT OR REPLACE INTO ingest_state (id, loaded_sequence) VALUES (1, ?)")) {
                    update.setLong(1, sequence);
                    update.executeUpdate();
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(statement);
                throw e;
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("load events into DuckDB", e);
        }
    }

    private void appendEvents(List<Event> events) throws SQLException {
        try (DuckDBAppender appender = connection.createAppender("events")) {
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
                appender.append(event.json().utf8());
                appender.endRow();
            }
            appender.flush();
        }
    }

    private void appendQuarantined(List<QuarantinedEvent> quarantined) throws SQLException {
        try (DuckDBAppender appender = connection.createAppender("quarantine")) {
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

    private static void rollback(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the transaction is already gone; the original failure is reported
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // shutting down
        }
    }
}
