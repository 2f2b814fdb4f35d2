package io.tekil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.Source;
import io.tekil.core.ingest.BatchParser;
import io.tekil.core.ingest.IngestLimits;
import io.tekil.core.ingest.MessageValidator;
import io.tekil.core.ingest.ParsedBody;
import io.tekil.core.ingest.RawMessage;
import io.tekil.core.ingest.Validation;
import io.tekil.core.store.Storage;
import io.tekil.server.Json;
import io.tekil.server.TekilServer;
import io.tekil.server.config.TekilConfig;
import io.tekil.store.duckdb.DuckDbOptions;
import io.tekil.store.duckdb.DuckDbStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The HTTP ingestion load harness: posts Segment batches to an in-process Tekil server over N keep-alive
 * connections and reports acknowledged events per second and ack latency, side by side with the same server
 * on storage that discards, and with raw DuckDB Appender inserts of the same rows.
 *
 * <p>Modes, all in one JVM and one run:
 * <ul>
 *   <li>{@code durable}: {@link TekilServer} on {@link DuckDbStorage} in a fresh temporary directory; a 200 means
 *       committed. After the run the stored count must equal the acknowledged events.
 *   <li>{@code discard}: the same server on {@link DiscardingStorage}: HTTP, parsing, validation,
 *       de-duplication and group commit, but nothing stored.
 *   <li>{@code raw-store} and {@code raw-appender}: the events the server would store, built beforehand, appended
 *       on one thread in transactions of a fixed size, through {@code DuckDbStorage.events().append} and
 *       through bare JDBC and the DuckDB Appender. No HTTP, no parsing.
 * </ul>
 * Each run gets a new server and database, posts {@code --warmup-events} untimed, then {@code --events} timed.
 * The bodies are generated before any timing by {@link SegmentTraffic}: {@code --distinct-requests} of them, which
 * longer runs send again with new messageIds ({@link StampedBodies}).
 *
 * <p>Run it (from the repository root, after {@code mvn -B -q -DskipTests -pl tekil-bench -am package}):
 * <pre>
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --enable-native-access=ALL-UNNAMED -Xmx12g \
 *     -cp tekil-bench/target/tekil-bench.jar io.tekil.bench.LoadHarness \
 *     --events 1000000 --warmup-events 200000 --concurrency 1,2,4,8,16,32
 * </pre>
 * docs/benchmarks.md explains the options and the report.
 */
public final class LoadHarness {
    private static final String SOURCE = "web-shop";

    private final HarnessOptions options;
    private final StampedBodies warmupBodies;
    private final StampedBodies bodies;

    private LoadHarness(HarnessOptions options, StampedBodies warmupBodies, StampedBodies bodies) {
        this.options = options;
        this.warmupBodies = warmupBodies;
        this.bodies = bodies;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(HarnessOptions.USAGE);
            return;
        }
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int warmupRequests = options.warmupEvents() / options.batchSize();
        int requests = options.events() / options.batchSize();
        int distinct = Math.min(options.distinctRequests(), warmupRequests + requests);
        StampedBodies all = StampedBodies.of(new SegmentTraffic(options.seed()).batches(distinct, options.batchSize()),
                warmupRequests + requests);
        new LoadHarness(options, all.slice(0, warmupRequests), all.slice(warmupRequests, requests)).runAll();
    }

    private void runAll() throws Exception {
        long bytes = bodies.bytes();
        System.out.printf(Locale.ROOT, "# Tekil load harness%n%n");
        System.out.printf(Locale.ROOT, "- machine: %d cores, JVM %s, max heap %d MiB, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "- traffic: %d requests of %d events per run (+%d warm-up requests), %.0f bytes per event, "
                + "%.1f KiB per request; %d distinct requests, sent again with new messageIds when the run is longer%n",
                bodies.size(), options.batchSize(), warmupBodies.size(),
                (double) bytes / bodies.size() / options.batchSize(), bytes / 1024.0 / bodies.size(),
                bodies.distinct());
        System.out.printf(Locale.ROOT, "- client: %s; server settings: %s; DuckDB settings: %s; data under %s%n%n", options.client(),
                options.serverSettings().isEmpty() ? "defaults" : options.serverSettings(),
                options.duckDbSettings().isEmpty() ? "defaults" : options.duckDbSettings(), options.dataRoot());

        List<RunResult> results = new ArrayList<>();
        RunResult baseline = null;
        if (options.modes().contains("raw")) {
            List<Event> warmupEvents = toEvents(warmupBodies);
            List<Event> events = toEvents(bodies);
            for (int group : options.rawGroupSizes()) {
                results.add(rawStore(warmupEvents, events, group));
                RunResult appender = rawAppender(warmupEvents, events, group);
                results.add(appender);
                if (baseline == null || group > baseline.rowsPerTransaction()) {
                    baseline = appender;
                }
            }
        }
        for (int connections : options.concurrency()) {
            for (String mode : List.of("discard", "durable")) {
                if (options.modes().contains(mode)) {
                    results.add(http(mode, connections));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n- load average %.2f at the end; CPU µs/event counts every thread of this process (load "
                + "client, server, DuckDB) over the timed phase%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (baseline != null) {
            System.out.printf(Locale.ROOT, "× raw: events/s relative to raw-appender at %,d rows per transaction.%n%n",
                    baseline.rowsPerTransaction());
        }
        System.out.print(ResultTable.markdown(results, baseline));
    }

    private RunResult http(String mode, int connections) throws Exception {
        Path dataDir = Files.createTempDirectory(options.dataRoot(), "tekil-bench-");
        Storage base = mode.equals("durable") ? openDuckDb(dataDir) : new DiscardingStorage();
        MeasuredStorage storage = new MeasuredStorage(base);
        Map<String, String> settings = new HashMap<>(options.serverSettings());
        settings.put(TekilConfig.SERVER_HOST.name(), "127.0.0.1");
        settings.put(TekilConfig.SERVER_PORT.name(), "0");
        settings.put(TekilConfig.ADMIN_TOKEN.name(), "bench-admin-token");
        settings.put(TekilConfig.DATA_DIR.name(), dataDir.toString());
        try (TekilServer server = TekilServer.start(TekilConfig.of(settings), storage, Clock.systemUTC())) {
            Source source = server.sources().create(SOURCE, Channel.WEB);
            try (LoadClient client = LoadClient.create(options.client(), server.uri(), source.writeKey())) {
                Measurement warm = LoadRun.run(client, warmupBodies, connections, options.runLimit());
                storage.takeAppends();
                System.gc();
                Measurement measured = LoadRun.run(client, bodies, connections, options.runLimit());
                MeasuredStorage.Appends appends = storage.takeAppends();
                long catchUpStarted = System.nanoTime();
                long stored = storage.events().count(); // waits until the loader has put every acknowledged event into DuckDB
                double catchUp = mode.equals("durable") ? (System.nanoTime() - catchUpStarted) / 1e9 : 0;
                long acknowledged = warm.events() + measured.events();
                String check = stored == acknowledged ? "ok"
                        : String.format(Locale.ROOT, "MISMATCH: %,d stored, %,d acknowledged", stored, acknowledged);
                RunResult result = new RunResult(mode, connections, 0, measured, appends, check, catchUp);
                progress(result);
                return result;
            }
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private RunResult rawStore(List<Event> warmup, List<Event> events, int group) throws IOException, SQLException {
        Path dataDir = Files.createTempDirectory(options.dataRoot(), "tekil-bench-raw-");
        try (DuckDbStorage storage = openDuckDb(dataDir)) {
            RawAppendRun.storeAppend(storage.events(), warmup, group);
            System.gc();
            Measurement measured = RawAppendRun.storeAppend(storage.events(), events, group);
            long expected = warmup.size() + events.size();
            long catchUpStarted = System.nanoTime();
            String check = check(storage.events().count(), expected);
            RunResult result = new RunResult("raw-store", 1, group, measured, null, check, (System.nanoTime() - catchUpStarted) / 1e9);
            progress(result);
            return result;
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private RunResult rawAppender(List<Event> warmup, List<Event> events, int group) throws Exception {
        Path dataDir = Files.createTempDirectory(options.dataRoot(), "tekil-bench-raw-");
        try {
            Path database = RawAppendRun.createDatabase(dataDir);
            RawAppendRun.jdbcAppender(database, options.duckDbSettings(), warmup, group);
            System.gc();
            Measurement measured = RawAppendRun.jdbcAppender(database, options.duckDbSettings(), events, group);
            long expected = warmup.size() + events.size();
            RunResult result = new RunResult("raw-appender", 1, group, measured, null, check(RawAppendRun.count(database), expected), 0);
            progress(result);
            return result;
        } finally {
            deleteRecursively(dataDir);
        }
    }

    /**
     * The store of a durable or raw run; {@code --set store.duckdb.profile-index=false} drops the profile index,
     * {@code --set store.duckdb.compact-messages=false} stores messages without zstd.
     */
    private DuckDbStorage openDuckDb(Path dataDir) throws SQLException {
        DuckDbOptions defaults = DuckDbOptions.DEFAULTS;
        boolean profileIndex = Boolean.parseBoolean(options.serverSettings().getOrDefault("store.duckdb.profile-index", "true"));
        boolean compactMessages = Boolean.parseBoolean(options.serverSettings().getOrDefault("store.duckdb.compact-messages", "true"));
        DuckDbStorage storage = DuckDbStorage.open(dataDir, new DuckDbOptions(defaults.checkpointThreshold(), defaults.maxPendingBytes(),
                defaults.threads(), profileIndex, compactMessages));
        try {
            DuckDbSettings.apply(dataDir.resolve(DuckDbStorage.FILE_NAME), options.duckDbSettings());
        } catch (SQLException | RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    private static String check(long stored, long expected) {
        return stored == expected ? "ok" : String.format(Locale.ROOT, "MISMATCH: %,d stored, %,d expected", stored, expected);
    }

    private static void progress(RunResult result) {
        Measurement m = result.measurement();
        System.err.printf(Locale.ROOT, "%-12s conns=%-3d rows/txn=%-5d %,10.0f events/s  p50 %.1f ms  p99 %.1f ms  errors %d  %s"
                        + "  (system load average %.2f)%n",
                result.mode(), result.connections(), result.rowsPerTransaction(), m.eventsPerSecond(),
                m.latencyMicros().getValueAtPercentile(50) / 1000.0, m.latencyMicros().getValueAtPercentile(99) / 1000.0,
                m.errors(), result.check(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The events the server would store for these bodies, parsed and validated as the server does. */
    private static List<Event> toEvents(List<byte[]> bodies) {
        ObjectMapper mapper = Json.newMapper();
        BatchParser parser = new BatchParser(mapper);
        MessageValidator validator = new MessageValidator(mapper, IngestLimits.SEGMENT);
        Source source = new Source(SOURCE, Channel.WEB, "wk_load_harness", Instant.now());
        List<Event> events = new ArrayList<>();
        for (byte[] body : bodies) {
            ParsedBody parsed = parser.parseBatch(body, body.length);
            Instant receivedAt = Instant.now();
            for (RawMessage message : parsed.messages()) {
                switch (validator.validate(message, parsed, null, source, receivedAt)) {
                    case Validation.Accepted accepted -> events.add(accepted.event());
                    case Validation.Rejected rejected -> throw new IllegalStateException(
                            "the generated traffic has an invalid message: " + rejected.rejection().reason());
                }
            }
        }
        return events;
    }

    /** Deletes a directory tree (nothing when it does not exist); shared by the harnesses. */
    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
