package io.tekil.store.duckdb;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.store.QuarantinedEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes ingest log records, or slices of them, into the {@code events} table (through {@link LogRows}, a table
 * function) and the {@code quarantine} table (with DuckDB's Appender), in one transaction together with the
 * {@link Position} loading then stands at. Used by one thread at a time.
 */
final class EventTables implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventTables.class);
    private static final AtomicLong FUNCTIONS = new AtomicLong();
    private final DuckDBConnection connection;
    private final LogRows rows = new LogRows();
    private final String insert;

    /** Registers the table function the loads read the ingest log's records through, under a name of its own. */
    EventTables(DuckDBConnection connection) throws SQLException {
        this.connection = connection;
        String function = "tekil_log_rows_" + FUNCTIONS.incrementAndGet();
        try (var builder = DuckDBFunctions.tableFunction()) {
            builder.withName(function).withFunction(rows).register(connection);
        }
        insert = LogRows.insertFrom(function);
    }

    /**
     * How far loading has come: every ingest log record up to {@code sequence} is in the tables, and the first
     * {@code events} events of the next one (a record can be loaded in two transactions; see {@link LogLoader}).
     */
    record Position(long sequence, int events) {}

    /**
     * Events {@code from} (inclusive) to {@code to} (exclusive) of ingest log record {@code sequence}; the record's
     * quarantined messages go with the slice that starts at its first event.
     */
    record Slice(long sequence, byte[] record, int from, int to) {
        /** The events of a record from {@code from} on. */
        static Slice from(long sequence, byte[] record, int from) {
            return new Slice(sequence, record, from, LogCodec.eventCount(record));
        }

        /** Where loading stands once this slice is in. */
        Position end() {
            return to == LogCodec.eventCount(record) ? new Position(sequence, 0) : new Position(sequence - 1, to);
        }
    }

    Position loadedPosition() {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT loaded_sequence, loaded_events FROM ingest_state WHERE id = 1")) {
            return rows.next() ? new Position(rows.getLong(1), rows.getInt(2)) : new Position(0, 0);
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("read the loaded ingest log position", e);
        }
    }

    /**
     * Stores consecutive slices of ingest log records, and where loading then stands, in one transaction; when it
     * throws, nothing was stored.
     */
    synchronized void load(List<Slice> slices) {
        load(slices, slices.getLast().end());
    }

    private void load(List<Slice> slices, Position end) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                List<QuarantinedEvent> quarantined = appendEvents(slices);
                if (!quarantined.isEmpty()) {
                    appendQuarantined(quarantined);
                }
                try (PreparedStatement update = connection.prepareStatement(
                        "INSERT OR REPLACE INTO ingest_state (id, loaded_sequence, loaded_events) VALUES (1, ?, ?)")) {
                    update.setLong(1, end.sequence());
                    update.setInt(2, end.events());
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
     * Stores a record as {@link #load} does; when DuckDB refuses it, finds the events it refuses (each tried alone in
     * a transaction that is rolled back) and stores the record with those events moved to the quarantine, with
     * DuckDB's reason, in one transaction. The last resort for an acknowledged event that storage cannot take (the
     * validator refuses what is known to cause it): without it the loader would retry the record forever and load
     * nothing after it. An event counts as refused when it is refused twice in a row and a plain event is not: when
     * storage itself is failing (a full disk, no memory), nothing is quarantined and the record waits, to be retried.
     */
    synchronized void loadSalvaging(Slice slice) {
        try {
            load(List.of(slice));
        } catch (RuntimeException refused) {
            LogCodec.Reader in = new LogCodec.Reader(slice.record());
            List<Event> events = new ArrayList<>(slice.to() - slice.from());
            for (int i = 0; i < in.eventCount; i++) {
                if (i >= slice.from() && i < slice.to()) {
                    events.add(in.event());
                } else {
                    in.skipEvent();
                }
            }
            List<QuarantinedEvent> quarantined = new ArrayList<>(in.quarantineCount);
            for (int i = 0; slice.from() == 0 && i < in.quarantineCount; i++) {
                quarantined.add(in.quarantined());
            }
            List<Event> storable = new ArrayList<>();
            int quarantinedBefore = quarantined.size();
            for (Event event : events) {
                String reason = refusal(event);
                if (reason != null) {
                    reason = refusal(event); // refused twice in a row: not a passing failure
                }
                if (reason == null) {
                    storable.add(event);
                } else {
                    quarantined.add(new QuarantinedEvent(event.source(), event.receivedAt(), -1, event.messageId(),
                            "storage refused this event after it was acknowledged: " + reason, event.json().toString()));
                }
            }
            if (quarantined.size() > quarantinedBefore && refusal(PROBE) != null) {
                throw refused; // storage refuses a plain event too: it is failing itself, so the record waits and is retried
            }
            byte[] salvaged = LogCodec.record(storable, quarantined);
            load(List.of(new Slice(slice.sequence(), salvaged, 0, storable.size())), slice.end());
            LOG.error("DuckDB refused ingest log record {} ({}); {} of its {} events went to the "
                    + "quarantine (GET /api/quarantine), the others are stored", slice.sequence(), reason(refused), events.size() - storable.size(), events.size());
        }
    }

    /**
     * Why DuckDB refused a statement, in a line: its message's first (when the table function failed, the message
     * goes on with the function's whole stack trace).
     */
    private static String reason(Exception refusal) {
        String message = refusal.getMessage();
        return message == null || message.isBlank() ? refusal.getClass().getSimpleName() : message.strip().lines().findFirst().orElseThrow();
    }

    /** A plain event: when DuckDB refuses even this one, the fault is storage's, not the events'. */
    private static final Event PROBE = new Event("tekil", Channel.SERVER, "probe", MessageType.TRACK, "Probe", "probe", null, null, null, Instant.EPOCH,
            null, Instant.EPOCH, Event.profileKeyOf("probe", null), null, null, null, null,
            JsonText.of("{\"type\":\"track\",\"event\":\"Probe\",\"userId\":\"probe\"}"));

    /** Why DuckDB refuses {@code event} on its own (tried in a transaction that is rolled back); null when it takes it. */
    private String refusal(Event event) {
        byte[] alone = LogCodec.record(List.of(event), List.of());
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                appendEvents(List.of(Slice.from(0, alone, 0)));
                return null;
            } catch (SQLException | RuntimeException e) {
                return reason(e);
            } finally {
                rollback(statement);
            }
        } catch (SQLException e) {
            throw DuckDbStorage.unavailable("try one event", e);
        }
    }

    /**
     * Inserts the slices' events through {@link LogRows} and returns the quarantined messages of the slices that
     * start a record.
     */
    private List<QuarantinedEvent> appendEvents(List<Slice> slices) throws SQLException {
        rows.start(slices);
        try (Statement statement = connection.createStatement()) {
            statement.execute(insert);
            return rows.quarantined();
        } finally {
            rows.release();
        }
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
