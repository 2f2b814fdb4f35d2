package io.tekil.bench;

import io.tekil.core.event.Event;
import io.tekil.core.store.EventStore;
import io.tekil.store.duckdb.DuckDbStorage;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The storage baselines, on one thread and without HTTP: the same {@link Event} rows the server would store,
 * appended in transactions of {@code group} rows. Latency is per transaction, commit included.
 */
final class RawAppendRun {
    private RawAppendRun() {}

    /** Through Tekil's own {@code DuckDbStorage.events().append}, as the group committer calls it. */
    static Measurement storeAppend(EventStore store, List<Event> events, int group) {
        Histogram latency = new Histogram(3);
        long cpuStarted = Measurement.processCpuNanos();
        long started = System.nanoTime();
        for (int from = 0; from < events.size(); from += group) {
            List<Event> slice = events.subList(from, Math.min(events.size(), from + group));
            long begun = System.nanoTime();
            store.append(slice, List.of());
            latency.recordValue((System.nanoTime() - begun) / 1_000);
        }
        long elapsed = System.nanoTime() - started;
        return new Measurement(events.size(), latency.getTotalCount(), 0, elapsed, latency, Measurement.processCpuNanos() - cpuStarted);
    }

    /**
     * Straight JDBC: {@code BEGIN}, the DuckDB Appender over the {@code events} table, {@code COMMIT}, with no
     * Tekil code in between. The database must already have Tekil's schema.
     *
     * @param settings DuckDB settings to apply first, as {@link DuckDbSettings#apply} does
     */
    static Measurement jdbcAppender(Path databaseFile, Map<String, String> settings, List<Event> events, int group) throws SQLException {
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + databaseFile.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            DuckDbSettings.apply(databaseFile, settings);
            Histogram latency = new Histogram(3);
            long cpuStarted = Measurement.processCpuNanos();
            long started = System.nanoTime();
            for (int from = 0; from < events.size(); from += group) {
                int to = Math.min(events.size(), from + group);
                long begun = System.nanoTime();
                statement.execute("BEGIN TRANSACTION");
                try (DuckDBAppender appender = connection.createAppender("events")) {
                    for (int i = from; i < to; i++) {
                        appendRow(appender, events.get(i));
                    }
                    appender.flush();
                }
                statement.execute("COMMIT");
                latency.recordValue((System.nanoTime() - begun) / 1_000);
            }
            long elapsed = System.nanoTime() - started;
            return new Measurement(events.size(), latency.getTotalCount(), 0, elapsed, latency, Measurement.processCpuNanos() - cpuStarted);
        }
    }

    /** Rows in the {@code events} table of the database file. */
    static long count(Path databaseFile) throws SQLException {
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + databaseFile.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Creates an empty database with Tekil's schema. */
    static Path createDatabase(Path dataDir) {
        DuckDbStorage.open(dataDir).close();
        return dataDir.resolve(DuckDbStorage.FILE_NAME);
    }

    static void appendRow(DuckDBAppender appender, Event event) throws SQLException {
        appender.beginRow();
        appender.append(event.source());
        appender.append(event.channel().id());
        appender.append(event.messageId());
        appender.append(event.type().id());
        appender.append(event.name());
        appender.append(event.userId());
        appender.append(event.anonymousId());
        appender.append(event.groupId());
        appender.append(event.previousId());
        appender.appendEpochMicros(micros(event.timestamp()));
        if (event.sentAt() == null) {
            appender.appendNull();
        } else {
            appender.appendEpochMicros(micros(event.sentAt()));
        }
        appender.appendEpochMicros(micros(event.receivedAt()));
        appender.append(event.profileKey());
        appender.append(event.category());
        appender.append(event.price());
        appender.append(event.revenue());
        appender.append(event.currency());
        appender.append(event.json().utf8());
        appender.append(Event.profileKeyHash(event.profileKey().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (event.revenue() == null) { // revenue_number: the store reads the exact number from the JSON; its value will do here
            appender.appendNull();
        } else {
            appender.append(java.math.BigDecimal.valueOf(event.revenue()).setScale(10, java.math.RoundingMode.HALF_EVEN));
        }
        appender.endRow();
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
