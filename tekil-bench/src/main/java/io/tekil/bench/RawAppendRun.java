package io.tekil.bench;

import io.tekil.core.event.Event;
import io.tekil.core.store.EventStore;
import io.tekil.store.duckdb.DuckDbStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBTableFunction;
import org.duckdb.DuckDBTableFunctionBindInfo;
import org.duckdb.DuckDBTableFunctionCallInfo;
import org.duckdb.DuckDBTableFunctionInitInfo;

/**
 * The storage baselines, on one thread and without HTTP: the same {@link Event} rows the server would store,
 * appended in transactions of {@code group} rows. Latency is per transaction, commit included.
 */
final class RawAppendRun {
    private static final AtomicLong FUNCTIONS = new AtomicLong();

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

    /**
     * The same rows through a table function written in Java ({@code INSERT INTO events SELECT ... FROM
     * tekil_rows()}): DuckDB asks for a chunk of rows at a time and each string column of the chunk goes over in
     * one call, where the Appender makes a JNI call for every string of 12 bytes or more.
     */
    static Measurement jdbcTableFunction(Path databaseFile, Map<String, String> settings, List<Event> events, int group) throws SQLException {
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + databaseFile.toAbsolutePath());
                Statement statement = connection.createStatement()) {
            DuckDbSettings.apply(databaseFile, settings);
            RowSource source = new RowSource();
            String function = "tekil_rows_" + FUNCTIONS.incrementAndGet(); // one per run: a name stays taken while the database is open
            try (var builder = DuckDBFunctions.tableFunction()) {
                builder.withName(function).withFunction(source).register(connection);
            }
            String insert = "INSERT INTO events SELECT source, channel, message_id, type, name, user_id, anonymous_id, group_id, previous_id, "
                    + "make_timestamp(ts), make_timestamp(sent_at), make_timestamp(received_at), profile_key, category, price, revenue, currency, "
                    + "json, identity_hash, CAST(revenue_number AS DECIMAL(38,10)) FROM " + function + "()";
            Histogram latency = new Histogram(3);
            long cpuStarted = Measurement.processCpuNanos();
            long started = System.nanoTime();
            for (int from = 0; from < events.size(); from += group) {
                int to = Math.min(events.size(), from + group);
                long begun = System.nanoTime();
                source.rows = events.subList(from, to);
                source.next = 0;
                statement.execute("BEGIN TRANSACTION");
                statement.execute(insert);
                statement.execute("COMMIT");
                latency.recordValue((System.nanoTime() - begun) / 1_000);
            }
            long elapsed = System.nanoTime() - started;
            return new Measurement(events.size(), latency.getTotalCount(), 0, elapsed, latency, Measurement.processCpuNanos() - cpuStarted);
        }
    }

    /** The rows {@code tekil_rows()} gives, a chunk per call. */
    private static final class RowSource implements DuckDBTableFunction<Object, Object, Object> {
        private static final String[] TEXT = {"source", "channel", "message_id", "type", "name", "user_id", "anonymous_id", "group_id",
            "previous_id"};
        List<Event> rows = List.of();
        int next;

        @Override
        public Object bind(DuckDBTableFunctionBindInfo info) {
            for (String name : TEXT) {
                info.addResultColumn(name, DuckDBColumnType.VARCHAR);
            }
            for (String name : new String[] {"ts", "sent_at", "received_at"}) {
                info.addResultColumn(name, DuckDBColumnType.BIGINT);
            }
            info.addResultColumn("profile_key", DuckDBColumnType.VARCHAR);
            info.addResultColumn("category", DuckDBColumnType.VARCHAR);
            info.addResultColumn("price", DuckDBColumnType.DOUBLE);
            info.addResultColumn("revenue", DuckDBColumnType.DOUBLE);
            info.addResultColumn("currency", DuckDBColumnType.VARCHAR);
            info.addResultColumn("json", DuckDBColumnType.VARCHAR);
            info.addResultColumn("identity_hash", DuckDBColumnType.BIGINT);
            info.addResultColumn("revenue_number", DuckDBColumnType.VARCHAR);
            return this;
        }

        @Override
        public Object init(DuckDBTableFunctionInitInfo info) {
            info.setMaxThreads(1);
            return this;
        }

        @Override
        public long apply(DuckDBTableFunctionCallInfo info, DuckDBDataChunkWriter out) {
            int count = (int) Math.min(out.capacity(), rows.size() - next);
            if (count == 0) {
                return 0;
            }
            List<Event> chunk = rows.subList(next, next + count);
            next += count;
            text(out, 0, chunk, Event::source);
            text(out, 1, chunk, event -> event.channel().id());
            text(out, 2, chunk, Event::messageId);
            text(out, 3, chunk, event -> event.type().id());
            text(out, 4, chunk, Event::name);
            text(out, 5, chunk, Event::userId);
            text(out, 6, chunk, Event::anonymousId);
            text(out, 7, chunk, Event::groupId);
            text(out, 8, chunk, Event::previousId);
            var ts = out.vector(9);
            var sent = out.vector(10);
            var received = out.vector(11);
            var price = out.vector(14);
            var revenue = out.vector(15);
            var hash = out.vector(18);
            for (int i = 0; i < count; i++) {
                Event event = chunk.get(i);
                ts.setLong(i, micros(event.timestamp()));
                if (event.sentAt() == null) {
                    sent.setNull(i);
                } else {
                    sent.setLong(i, micros(event.sentAt()));
                }
                received.setLong(i, micros(event.receivedAt()));
                if (event.price() == null) {
                    price.setNull(i);
                } else {
                    price.setDouble(i, event.price());
                }
                if (event.revenue() == null) {
                    revenue.setNull(i);
                } else {
                    revenue.setDouble(i, event.revenue());
                }
                hash.setLong(i, Event.profileKeyHash(event.profileKey().getBytes(StandardCharsets.UTF_8)));
            }
            text(out, 12, chunk, Event::profileKey);
            text(out, 13, chunk, Event::category);
            text(out, 16, chunk, Event::currency);
            byte[][] json = new byte[count][];
            for (int i = 0; i < count; i++) {
                json[i] = chunk.get(i).json().utf8();
            }
            out.vector(17).setStringUtf8Batch(0, json);
            text(out, 19, chunk, event -> event.revenue() == null ? null : event.revenue().toString());
            return count;
        }

        private static void text(DuckDBDataChunkWriter out, int column, List<Event> chunk, Function<Event, String> field) {
            byte[][] values = new byte[chunk.size()][];
            for (int i = 0; i < values.length; i++) {
                String value = field.apply(chunk.get(i));
                values[i] = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            }
            out.vector(column).setStringUtf8Batch(0, values);
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
        appender.append(Event.profileKeyHash(event.profileKey().getBytes(StandardCharsets.UTF_8)));
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
