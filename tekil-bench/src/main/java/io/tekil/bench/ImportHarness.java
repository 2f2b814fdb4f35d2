package io.tekil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Source;
import io.tekil.core.ingest.IdentifiedEvent;
import io.tekil.core.ingest.IngestLimits;
import io.tekil.importer.EventSink;
import io.tekil.importer.ImportProgress;
import io.tekil.importer.ImportResult;
import io.tekil.importer.Importer;
import io.tekil.importer.Mapping;
import io.tekil.importer.Mappings;
import io.tekil.server.Json;
import io.tekil.server.TekilServer;
import io.tekil.server.config.TekilConfig;
import io.tekil.server.ingest.GroupCommitter;
import io.tekil.store.duckdb.DuckDbOptions;
import io.tekil.store.duckdb.DuckDbStorage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Bulk import throughput against raw DuckDB Appender inserts of the same rows, in one run.
 *
 * <p>For each format it writes a file of {@code --events} records (Segment NDJSON lines of realistic track calls,
 * or POS CSV order lines in the Turkish export style), then imports it three ways, each into a fresh database:
 * <ol>
 *   <li>{@code parse only}: the importer with a sink that drops the events (reading, mapping, validating);</li>
 *   <li>{@code raw appender}: the importer's events appended with bare JDBC (DuckDB Appender, 131,072 rows per
 *       transaction, the DuckDB settings of Tekil's store: checkpoint threshold and threads); only the time inside
 *       the Appender, the commits and a final checkpoint counts, so this is the storage baseline;</li>
 *   <li>{@code import}: the real path, as {@code tekil import} runs it: importer, group committer with
 *       de-duplication, ingest log, loader into DuckDB; timed until every event is in DuckDB.</li>
 * </ol>
 * Run:
 * <pre>{@code
 * java --enable-native-access=ALL-UNNAMED -Xmx4g -cp tekil-bench/target/tekil-bench.jar io.tekil.bench.ImportHarness \
 *     --events 10000000 [--formats segment-ndjson,pos-csv] [--data-dir DIR]
 * }</pre>
 */
public final class ImportHarness {
    private static final int RAW_GROUP = 131_072;
    private static final ObjectMapper JSON = Json.newMapper();

    private ImportHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, "usage: ImportHarness [--events N] [--formats segment-ndjson,pos-csv] [--data-dir DIR]");
        long events = options.longInteger("--events", 1_000_000);
        List<String> formats = List.of(options.text("--formats", "segment-ndjson,pos-csv").split(","));
        Path dataDir = Path.of(options.text("--data-dir", System.getProperty("java.io.tmpdir")));
        options.done();
        System.out.printf("# Import harness%n%n- machine: %d cores, JVM %s, max heap %d MiB, load average %.2f at start%n- records per file: %,d%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), events);
        System.out.println("| format | rows | events | file MB | parse only events/s | raw appender events/s | import acked events/s | import in DuckDB events/s | import ÷ raw | CPU µs/event (import) | stored = imported |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (String format : formats) {
            Path work = Files.createTempDirectory(dataDir, "tekil-import-bench-");
            try {
                run(format, events, work);
            } finally {
                LoadHarness.deleteRecursively(work);
            }
        }
    }

    private static void run(String format, long records, Path work) throws Exception {
        Path file = work.resolve(format.equals("pos-csv") ? "pos.csv" : "events.ndjson");
        Mapping mapping = format.equals("pos-csv") ? Mappings.builtIn("pos-transactions") : Mapping.segmentNdjson("web");
        Source source = new Source(format.equals("pos-csv") ? "magaza" : "web", format.equals("pos-csv") ? Channel.STORE : Channel.WEB,
                "wk_bench", Clock.systemUTC().instant());
        System.err.printf("%s: writing %,d records to %s%n", format, records, file);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            if (format.equals("pos-csv")) {
                writePosCsv(out, records, new SplittableRandom(42));
            } else {
                new SegmentTraffic(42, true).writeNdjson(out, records);
            }
        }
        double fileMb = Files.size(file) / 1e6;

        System.err.printf("%s: warm-up (parse only, untimed)%n", format);
        Path warmup = work.resolve("warmup-" + file.getFileName());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(warmup), 1 << 20)) {
            if (format.equals("pos-csv")) {
                writePosCsv(out, Math.min(records, 500_000), new SplittableRandom(7));
            } else {
                new SegmentTraffic(7, true).writeNdjson(out, Math.min(records, 500_000));
            }
        }
        importFile(warmup, mapping, source, events -> CompletableFuture.completedFuture(new EventSink.Stored(events.size(), 0)));
        Files.delete(warmup);

        System.err.printf("%s: parse only%n", format);
        long started = System.nanoTime();
        ImportResult parsed = importFile(file, mapping, source, events -> CompletableFuture.completedFuture(new EventSink.Stored(events.size(), 0)));
        double parseSeconds = (System.nanoTime() - started) / 1e9;

        System.err.printf("%s: raw appender%n", format);
        Path rawDb = RawAppendRun.createDatabase(work.resolve("raw"));
        DuckDbOptions store = DuckDbOptions.DEFAULTS;
        RawSink raw = new RawSink(rawDb, Map.of("checkpoint_threshold", store.checkpointThreshold(),
                "threads", Integer.toString(store.effectiveThreads())));
        try (raw) {
            importFile(file, mapping, source, raw);
        }
        double rawSeconds = raw.appendNanos / 1e9;

        System.err.printf("%s: import%n", format);
        Path importDir = work.resolve("import");
        TekilConfig config = TekilConfig.load(null, Map.of(), Map.of(TekilConfig.DATA_DIR.name(), importDir.toString()));
        long cpuStarted = Measurement.processCpuNanos();
        started = System.nanoTime();
        ImportResult imported;
        double ackSeconds;
        long stored;
        DuckDbStorage storage = DuckDbStorage.open(importDir);
        try (storage) {
            storage.sources().create(source);
            try (GroupCommitter committer = TekilServer.openCommitter(config, storage, Clock.systemUTC())) {
                imported = importFile(file, mapping, source, committer.eventSink());
            }
            ackSeconds = (System.nanoTime() - started) / 1e9;
            stored = storage.events().count(); // waits for the loader
        }
        double importSeconds = (System.nanoTime() - started) / 1e9;
        long cpu = Measurement.processCpuNanos() - cpuStarted;
        long eventCount = imported.imported();
        System.out.printf("| %s | %,d | %,d | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.2f | %.1f | %s |%n", format, imported.rowsRead(), eventCount,
                fileMb, parsed.messages() / parseSeconds, raw.rows / rawSeconds, eventCount / ackSeconds, eventCount / importSeconds,
                (eventCount / importSeconds) / (raw.rows / rawSeconds), cpu / 1e3 / eventCount,
                stored == eventCount && raw.rows == eventCount && imported.rejected() == 0 ? "ok" : "MISMATCH " + stored + " vs " + eventCount);
        System.out.flush();
    }

    private static ImportResult importFile(Path file, Mapping mapping, Source source, EventSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Importer(JSON, IngestLimits.SEGMENT, sink, Clock.systemUTC()).run(source, mapping, file.getFileName().toString(),
                    in, new ImportProgress(Files.size(file)), reject -> {
                        throw new IllegalStateException("benchmark data was rejected: " + reject);
                    });
        }
    }

    /** Appends every event with bare JDBC, committing every {@link #RAW_GROUP} rows; times only the DuckDB calls. */
    private static final class RawSink implements EventSink, AutoCloseable {
        private final DuckDBConnection connection;
        private final Statement statement;
        private DuckDBAppender appender;
        private long inTransaction;
        long rows;
        long appendNanos;

        /** @param settings applied first: the same DuckDB settings Tekil's store uses, so only the code path differs */
        RawSink(Path database, Map<String, String> settings) throws SQLException {
            this.connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
            this.statement = connection.createStatement();
            DuckDbSettings.apply(database, settings);
        }

        @Override
        public synchronized CompletableFuture<Stored> submit(List<IdentifiedEvent> events) {
            long begun = System.nanoTime();
            try {
                if (appender == null) {
                    statement.execute("BEGIN TRANSACTION");
                    appender = connection.createAppender("events");
                }
                for (IdentifiedEvent event : events) {
                    RawAppendRun.appendRow(appender, event.event());
                }
                inTransaction += events.size();
                rows += events.size();
                if (inTransaction >= RAW_GROUP) {
                    commit();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            appendNanos += System.nanoTime() - begun;
            return CompletableFuture.completedFuture(new Stored(events.size(), 0));
        }

        private void commit() throws SQLException {
            appender.flush();
            appender.close();
            appender = null;
            statement.execute("COMMIT");
            inTransaction = 0;
        }

        @Override
        public synchronized void close() throws SQLException {
            long begun = System.nanoTime();
            if (appender != null) {
                commit();
            }
            statement.execute("CHECKPOINT");
            appendNanos += System.nanoTime() - begun;
            statement.close();
            connection.close();
        }
    }

    private static final String[][] PRODUCTS = {
            {"AYK-1042", "Koşu Ayakkabısı Air Zoom", "Ayakkabı", "2499,90"}, {"SPR-0007", "Spor Çorap 3'lü", "Spor", "149,90"},
            {"KZM-2210", "Nemlendirici Krem 50 ml", "Kozmetik", "389,50"}, {"ELK-0331", "Kablosuz Kulaklık", "Elektronik", "1899,00"},
            {"ELK-0412", "USB-C Şarj Kablosu", "Elektronik", "129,99"}, {"ANB-0150", "Bebek Bezi 4 Numara", "Anne & Bebek", "449,90"},
            {"GYM-0551", "Keten Gömlek", "Giyim", "899,00"}, {"EVY-0777", "Seramik Kupa Seti", "Ev & Yaşam", "349,00"},
            {"SPM-0012", "Türk Kahvesi 250 g", "Süpermarket", "124,50"}, {"KTP-0090", "Roman; Tutunamayanlar", "Kitap", "310,00"}};
    private static final String[] STORES = {"İstanbul Kadıköy", "İstanbul Beşiktaş", "Ankara Kızılay", "İzmir Alsancak", "Bursa Nilüfer"};

    /** POS order lines, 1 to 4 per receipt, in the format of the built-in pos-transactions mapping. */
    static void writePosCsv(OutputStream out, long rows, SplittableRandom random) throws IOException {
        StringBuilder text = new StringBuilder(1 << 16);
        text.append('\ufeff').append("receipt_no;store;date;time;phone;loyalty_no;sku;product;category;quantity;unit_price;line_total\n");
        long receipt = 0;
        long written = 0;
        while (written < rows) {
            receipt++;
            int lines = (int) Math.min(rows - written, random.nextInt(1, 5));
            String store = STORES[random.nextInt(STORES.length)];
            String date = String.format("%02d.%02d.2026", random.nextInt(1, 29), random.nextInt(1, 13));
            String time = String.format("%02d:%02d:%02d", random.nextInt(9, 22), random.nextInt(60), random.nextInt(60));
            long phone = 5_300_000_000L + random.nextLong(99_999_999);
            String phoneText = switch (random.nextInt(4)) {
                case 0 -> "0" + phone;
                case 1 -> "+90 " + phone / 10_000_000 + " " + phone / 10_000 % 1000 + " " + phone % 10_000;
                case 2 -> "";
                default -> Long.toString(phone);
            };
            String loyalty = random.nextInt(3) == 0 ? String.format("L%010d", random.nextLong(10_000_000_000L)) : "";
            for (int line = 0; line < lines; line++) {
                String[] product = PRODUCTS[random.nextInt(PRODUCTS.length)];
                int quantity = random.nextInt(1, 4);
                double price = Double.parseDouble(product[3].replace(',', '.'));
                text.append("R-").append(receipt).append(';').append(store).append(';').append(date).append(';').append(time).append(';')
                        .append(phoneText).append(';').append(loyalty).append(';').append(product[0]).append(';')
                        .append(product[1].contains(";") ? "\"" + product[1] + "\"" : product[1]).append(';').append(product[2]).append(';')
                        .append(quantity).append(';').append(product[3]).append(';')
                        .append(String.format("%.2f", price * quantity).replace('.', ',')).append('\n');
                written++;
            }
            if (text.length() > 60_000) {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
            }
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
