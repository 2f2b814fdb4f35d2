package io.tekil.bench;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Source;
import io.tekil.core.identity.IdentifierType;
import io.tekil.datagen.DataGenerator;
import io.tekil.datagen.GenerationSummary;
import io.tekil.datagen.GeneratorConfig;
import io.tekil.importer.ImportProgress;
import io.tekil.server.TekilServer;
import io.tekil.server.config.TekilConfig;
import io.tekil.server.identity.IdentityService;
import io.tekil.store.duckdb.DuckDbStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Latency of the profile API on a loaded server: the generator's data set imported into a real {@link TekilServer}
 * on embedded DuckDB (every file with its built-in mapping, identity resolution on), then one client asking, one
 * request at a time over HTTP, for random profiles: the profile with traits and facts, its newest 50 events, a
 * lookup by e-mail, and a trait search. The client is a keep-alive connection on a blocking socket
 * ({@link BlockingHttpConnection}); the timelines are also asked for with {@link HttpClient}, whose own hand-offs
 * between threads add to every answer. The baseline is {@code GET /health} on the same server in the same run
 * (the HTTP stack and the client alone); each row also shows its p99 over the baseline's p99.
 *
 * <p>Run (from the repository root, after {@code mvn -B -q -DskipTests -pl tekil-bench -am package}):
 * <pre>{@code
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Xmx8g -cp tekil-bench/target/tekil-bench.jar \
 *     io.tekil.bench.ProfileApiHarness --people 280000 [--days 365] [--seed 7] [--requests 5000]
 * }</pre>
 */
public final class ProfileApiHarness {
    private static final String TOKEN = "bench-admin-token";

    private ProfileApiHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, "usage: ProfileApiHarness [--people N] [--days D] [--seed S] [--requests N] [--no-profile-index] "
                + "[--no-compact-messages]", "--no-profile-index", "--no-compact-messages");
        int people = options.integer("--people", 280_000);
        int days = options.integer("--days", 365);
        long seed = options.longInteger("--seed", 7);
        int requests = options.integer("--requests", 5_000);
        boolean profileIndex = !options.flag("--no-profile-index");
        boolean compactMessages = !options.flag("--no-compact-messages");
        options.done();
        Path dir = Files.createTempDirectory("tekil-profile-bench-");
        try {
            run(people, days, seed, requests, profileIndex, compactMessages, dir);
        } finally {
            LoadHarness.deleteRecursively(dir);
        }
    }

    private static void run(int people, int days, long seed, int requests, boolean profileIndex, boolean compactMessages, Path dir) throws Exception {
        Path data = dir.resolve("data");
        GenerationSummary generated = new DataGenerator(new GeneratorConfig(people, days, seed, LocalDate.of(2026, 11, 22))).generate(data);
        System.err.printf("generated %,d records of %,d people%n", generated.totalRecords(), people);
        Path tekilDir = dir.resolve("tekil");
        TekilConfig config = serverConfig(tekilDir);
        io.tekil.store.duckdb.DuckDbOptions defaults = io.tekil.store.duckdb.DuckDbOptions.DEFAULTS;
        io.tekil.store.duckdb.DuckDbOptions store = new io.tekil.store.duckdb.DuckDbOptions(defaults.checkpointThreshold(), defaults.maxPendingBytes(),
                defaults.threads(), profileIndex, compactMessages);
        long loadStarted = System.nanoTime();
        DuckDbStorage storage = DuckDbStorage.open(tekilDir, store);
        try (TekilServer server = TekilServer.start(config, storage, Clock.systemUTC())) {
            importAll(server, data);
            IdentityService identity = server.identity();
            long events = server.storage().events().count(); // waits for the loader to hold every acknowledged event
            identity.awaitResolved(Duration.ofMinutes(30));
            double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
            int profiles = identity.profileCount();
            long heap = usedHeap();
            long diskBytes;
            try (java.util.stream.Stream<Path> files = Files.walk(tekilDir)) {
                diskBytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
            }

            List<String> ids = new ArrayList<>();
            List<String> emails = new ArrayList<>();
            sample(data.resolve("truth/identifiers.csv"), identity, seed, ids, emails);
            Map<String, long[]> latencies = measure(server, storage, identity, ids, emails, requests);
            System.out.printf("# Profile API harness (profile index %s)%n%n- %,d people, %,d days, seed %d: %,d events stored, %,d profiles, %,d identifiers with traits; "
                    + "loaded and resolved in %.0f s; data directory %,d MB; JVM %s, %d cores%n", profileIndex ? "on" : "off", people, days, seed, events, profiles,
                    identity.identifiersWithTraits(), loadSeconds, diskBytes >> 20, Runtime.version(), Runtime.getRuntime().availableProcessors());
            System.out.printf("- JVM heap in use after GC with everything loaded: %,d MB, %,.0f bytes per profile (identity graph, traits, "
                    + "de-duplication index; DuckDB's memory is outside the heap)%n%n", heap >> 20, heap / (double) profiles);
            printTable(latencies);
        }
    }

    private static void printTable(Map<String, long[]> latencies) {
        System.out.println("| request | requests | p50 ms | p95 ms | p99 ms | max ms | p99 / baseline p99 |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        double baseline = percentile(latencies.values().iterator().next(), 0.99);
        latencies.forEach((name, nanos) -> System.out.printf("| %s | %,d | %.2f | %.2f | %.2f | %.2f | %.1f |%n", name, nanos.length,
                percentile(nanos, 0.50), percentile(nanos, 0.95), percentile(nanos, 0.99), nanos[nanos.length - 1] / 1e6,
                percentile(nanos, 0.99) / baseline));
    }

    /** Every endpoint's latencies over {@code requests} requests (after 1,000 untimed ones each), and the store's own timeline reads. */
    private static Map<String, long[]> measure(TekilServer server, DuckDbStorage storage, IdentityService identity, List<String> ids, List<String> emails,
            int requests) {
        List<String> cities = List.of("İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Konya", "Gaziantep", "Kayseri");
        String base = "http://127.0.0.1:" + server.port();
        BlockingHttpConnection connection = open(URI.create(base));
        HttpClient jdkClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String head = " HTTP/1.1\r\n" + BlockingHttpConnection.hostLine(URI.create(base)) + "Authorization: Bearer " + TOKEN + "\r\n\r\n";
        Map<String, IntFunction<String>> endpoints = new LinkedHashMap<>();
        endpoints.put("GET /health (baseline)", i -> "/health");
        endpoints.put("GET /api/profiles/{id}", i -> "/api/profiles/" + ids.get(i % ids.size()));
        String timeline = "GET /api/profiles/{id}/events?limit=50";
        endpoints.put(timeline, i -> "/api/profiles/" + ids.get(i % ids.size()) + "/events?limit=50");
        endpoints.put("GET /api/profiles/lookup?type=email", i -> "/api/profiles/lookup?type=email&value="
                + URLEncoder.encode(emails.get(i % emails.size()), StandardCharsets.UTF_8));
        endpoints.put("GET /api/profiles?trait.city=...&limit=20", i -> "/api/profiles?limit=20&trait.city="
                + URLEncoder.encode(cities.get(i % cities.size()), StandardCharsets.UTF_8));
        endpoints.put("GET /api/profiles/{id}/identity", i -> "/api/profiles/" + ids.get(i % ids.size()) + "/identity");
        long changes = Long.parseLong(storage.querySegmentTables("SELECT count(*) FROM profile_changes").getFirst()); // the load's merges and splits
        endpoints.put("GET /api/profiles/changes?after=...&limit=100", i -> "/api/profiles/changes?limit=100&after="
                + Math.floorMod(i * 7_919L, Math.max(1, changes)));
        for (IntFunction<String> path : endpoints.values()) { // warm-up, untimed
            for (int i = 0; i < Math.min(1_000, requests); i++) {
                get(connection, path.apply(i * 7 + 3), head);
                if (i % 10 == 0) {
                    get(jdkClient, base + path.apply(i * 7 + 3));
                }
            }
        }
        // the timelines once more, the same profiles in the same order: DuckDB then holds their blocks in memory, as a
        // server that has run a while holds its data (the first pass read each block from the file)
        endpoints.put(timeline + ", again (blocks in DuckDB's memory)", endpoints.get(timeline));
        Map<String, long[]> latencies = new LinkedHashMap<>();
        endpoints.forEach((name, path) -> latencies.put(name, timed(name.contains("trait.") ? Math.max(100, requests / 10) : requests,
                i -> get(connection, path.apply(i), head))));
        // the same timelines (blocks in memory) with the JDK's client, as earlier versions of this harness measured them
        latencies.put(timeline + ", again, with java.net.http.HttpClient", timed(requests, i -> get(jdkClient, base + endpoints.get(timeline).apply(i))));
        try {
            connection.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // the same timelines read from the store in-process, to tell the store's share from HTTP and JSON
        long[] storeNanos = new long[requests];
        long[][] slowest = new long[requests][];
        for (int i = 0; i < requests; i++) {
            List<String> keys = identity.eventKeys(ids.get(i % ids.size())).orElseThrow().getValue();
            long started = System.nanoTime();
            int shown = server.storage().events().timeline(keys, null, 50).events().size();
            storeNanos[i] = System.nanoTime() - started;
            slowest[i] = new long[] {storeNanos[i], server.storage().events().facts(keys).events(), keys.size(), shown, i};
        }
        Arrays.sort(storeNanos);
        latencies.put("EventStore.timeline(keys, null, 50), in-process", storeNanos);
        Arrays.sort(slowest, (a, b) -> Long.compare(b[0], a[0]));
        for (int i = 0; i < Math.min(10, slowest.length); i++) {
            List<String> keys = identity.eventKeys(ids.get((int) slowest[i][4] % ids.size())).orElseThrow().getValue();
            String hashes = keys.stream().map(key -> Long.toString(io.tekil.core.event.Event.profileKeyHash(key))).collect(java.util.stream.Collectors.joining(", "));
            String layout = storage.querySegmentTables("SELECT count(DISTINCT rowid // 2048) || ' vectors of 2,048 rows, ' || count(DISTINCT date_trunc('month', ts)) "
                    + "|| ' months' FROM events WHERE identity_hash IN (" + hashes + ")").getFirst();
            StringBuilder parts = new StringBuilder();
            for (String columns : List.of("rowid", "epoch_us(ts)", "json", "message_id", "source || channel || type || coalesce(name, '') || coalesce(user_id, '') || "
                    + "coalesce(anonymous_id, '') || profile_key || coalesce(category, '') || coalesce(currency, '')", "price + revenue")) {
                long t0 = System.nanoTime();
                storage.querySegmentTables("SELECT " + columns + " FROM events WHERE identity_hash IN (" + hashes + ")");
                parts.append(String.format("%s %.1f ms; ", columns.length() > 12 ? columns.substring(0, 12) : columns, (System.nanoTime() - t0) / 1e6));
            }
            System.err.printf("slow timeline read: %.2f ms, %d events, %d keys, %d shown; %s; %s%n", slowest[i][0] / 1e6, slowest[i][1], slowest[i][2], slowest[i][3],
                    layout, parts);
        }

        return latencies;
    }

    /** Imports every generated file into {@code server} with its built-in mapping, one source per channel. */
    /** A server on a free local port with the bench admin token and its data in {@code dataDir}. */
    static TekilConfig serverConfig(Path dataDir) {
        return TekilConfig.of(Map.of(TekilConfig.SERVER_HOST.name(), "127.0.0.1", TekilConfig.SERVER_PORT.name(), "0",
                TekilConfig.ADMIN_TOKEN.name(), TOKEN, TekilConfig.DATA_DIR.name(), dataDir.toString()));
    }

    /**
     * Generates the data of {@code people} over {@code days} into {@code dir}/data and starts a server on
     * {@code dir}/tekil with all of it imported and in DuckDB.
     */
    static TekilServer startImported(Path dir, int people, int days) throws IOException {
        Path data = dir.resolve("data");
        new io.tekil.datagen.DataGenerator(new io.tekil.datagen.GeneratorConfig(people, days, 7, java.time.LocalDate.of(2026, 11, 22))).generate(data);
        Path tekilDir = dir.resolve("tekil");
        TekilServer server = TekilServer.start(serverConfig(tekilDir), io.tekil.store.duckdb.DuckDbStorage.open(tekilDir, io.tekil.store.duckdb.DuckDbOptions.DEFAULTS),
                java.time.Clock.systemUTC());
        try {
            importAll(server, data);
            server.storage().events().count(); // waits until DuckDB holds every acknowledged event
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static void importAll(TekilServer server, Path data) throws IOException {
        for (IdentityHarness.Input input : IdentityHarness.INPUTS) {
            Source source = server.sources().create(input.channel().replace('_', '-'), Channel.parse(input.channel()));
            Path file = data.resolve(input.file());
            try (InputStream in = Files.newInputStream(file)) {
                server.importer().run(source, input.loadMapping(), input.file(), in, new ImportProgress(Files.size(file)), reject -> {
                    throw new IllegalStateException("generated data was rejected: " + reject);
                });
            }
            System.err.printf("imported %s%n", input.file());
        }
    }

    /** Random profiles (by the identifiers the generator wrote down) and random e-mails that have a profile. */
    private static void sample(Path identifiers, IdentityService identity, long seed, List<String> ids, List<String> emails) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(identifiers)) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] fields = line.split(",", 4);
                rows.add(fields);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        for (int tries = 0; tries < 200_000 && (chosen.size() < 2_000 || emails.size() < 2_000); tries++) {
            String[] row = rows.get(random.nextInt(rows.size()));
            identity.lookup(IdentifierType.of(row[0]), row[1]).ifPresent(profile -> {
                chosen.add(profile.id());
                if (row[0].equals("email") && emails.size() < 2_000) {
                    emails.add(row[1]);
                }
            });
        }
        ids.addAll(chosen);
        if (ids.isEmpty() || emails.isEmpty()) {
            throw new IllegalStateException("no profiles found for the generated identifiers");
        }
    }

    /** The sorted latencies of {@code count} calls of {@code request}, one after the other. */
    private static long[] timed(int count, java.util.function.IntConsumer request) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            request.accept(i);
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static BlockingHttpConnection open(URI base) {
        try {
            return BlockingHttpConnection.open(base);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** GETs {@code path} on the connection; {@code head} is the rest of the request after the path. */
    private static void get(BlockingHttpConnection connection, String path, String head) {
        try {
            BlockingHttpConnection.Response response = connection.exchange(("GET " + path + head).getBytes(StandardCharsets.US_ASCII), null);
            if (response.status() != 200) {
                throw new IllegalStateException(path + " answered " + response.status() + ": " + response.text());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void get(HttpClient client, String url) {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double percentile(long[] sorted, double p) {
        return nearestRank(sorted, p) / 1e6;
    }

    /** The nearest-rank percentile of sorted values; 0 when there are none. */
    static long nearestRank(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Heap in use after a few full collections. */
    static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
