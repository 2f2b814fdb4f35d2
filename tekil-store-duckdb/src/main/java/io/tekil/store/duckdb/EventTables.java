package io.tekil.store.duckdb;

import io.tekil.core.event.Event;
import io.tekil.core.store.QuarantinedEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes ingest log records into the {@code events} and {@code quarantine} tables with DuckDB's Appender, in
 * one transaction together with the highest ingest log sequence they cover. Used by one thread at a time.
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

    /**
     * Stores the events and quarantined messages of ingest log records, and the new loaded sequence, in one
     * transaction; when it throws, nothing was stored.
     */
    synchronized void load(List<byte[]> records, long sequence) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                List<QuarantinedEvent> quarantined = appendEvents(records);
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

    /**
     * Streams every record's events into the {@code events} Appender field by field (the log writes them in the
     * table's column order; strings go in as the UTF-8 bytes the log holds) and returns the quarantined messages.
     */
    private List<QuarantinedEvent> appendEvents(List<byte[]> records) throws SQLException {
        List<QuarantinedEvent> quarantined = new ArrayList<>();
        try (DuckDBAppender appender = connection.createAppender("events")) {
            for (byte[] record : records) {
                LogCodec.Reader in = new LogCodec.Reader(record);
                for (int i = 0; i < in.eventCount; i++) {
                    appender.beginRow();
                    for (int column = 0; column < 9; column++) { // source .. previous_id
                        appendText(appender, in.bytes());
                    }
                    for (int column = 0; column < 3; column++) { // ts, sent_at, received_at
                        long micros = in.micros();
                        if (LogCodec.isNull(micros)) {
                            appender.appendNull();
                        } else {
                            appender.appendEpochMicros(micros);
                        }
                    }
                    byte[] profileKey = in.bytes();
                    appendText(appender, profileKey);
                    appendText(appender, in.bytes()); // category
                    appendNumber(appender, in);       // price
                    boolean promotedRevenue = appendNumber(appender, in); // revenue
                    appendText(appender, in.bytes()); // currency
                    byte[] json = in.bytes();
                    appendText(appender, json);
                    appender.append(Event.profileKeyHash(profileKey));
                    // no promoted revenue (or total): no number-like revenue to find; null is always safe
                    java.math.BigDecimal revenue = promotedRevenue ? ExactRevenue.of(json) : null;
                    if (revenue == null) {
                        appender.appendNull();
                    } else {
                        appender.append(revenue);
                    }
                    appender.endRow();
                }
                for (int i = 0; i < in.quarantineCount; i++) {
                    quarantined.add(in.quarantined());
                }
            }
            appender.flush();
        }
        return quarantined;
    }

    private void appendQuarantined(List<QuarantinedEvent> quarantined) throws SQLException {
        try (DuckDBAppender appender = connection.createAppender("quarantine")) {
            for (QuarantinedEvent event : quarantined) {
                appender.beginRow();
                appender.append(event.source());
                appender.appendEpochMicros(Micros.of(event.receivedAt()));
                appender.append(event.index());
                if (event.messageId() == null) {
                    appender.appendNull();
                } else {
                    appender.append(event.messageId());
                }
                appender.append(event.reason());
                appender.append(event.json());
                appender.endRow();
            }
            appender.flush();
        }
    }

    private static void appendText(DuckDBAppender appender, byte[] utf8) throws SQLException {
        if (utf8 == null) {
            appender.appendNull();
        } else {
            appender.append(utf8);
        }
    }

    /** Appends the next number of the record (or null); returns whether there was one. */
    private static boolean appendNumber(DuckDBAppender appender, LogCodec.Reader in) throws SQLException {
        if (in.hasNumber()) {
            appender.append(in.number());
            return true;
        }
        appender.appendNull();
        return false;
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
