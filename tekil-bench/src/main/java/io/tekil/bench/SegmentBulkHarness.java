package io.tekil.bench;

import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleParser;
import io.tekil.core.segment.SegmentProfile;
import io.tekil.core.segment.TimeRange;
import io.tekil.core.segment.Window;
import io.tekil.core.segment.Windows;
import io.tekil.datagen.DataGenerator;
import io.tekil.datagen.GeneratorConfig;
import io.tekil.server.TekilServer;
import io.tekil.server.config.TekilConfig;
import io.tekil.store.duckdb.DuckDbOptions;
import io.tekil.store.duckdb.DuckDbStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Building segments in bulk: the generator's data imported into a real server (identity resolution on), every
 * profile loaded into the DuckDB segment engine, then for each audience the compiled rule
 * ({@code SegmentQueryEngine.select}, compilation included) against a hand-written DuckDB query of the same
 * audience over the promoted columns ({@code category}, {@code revenue}), in the same run, median of the runs; then
 * previews through the server: the first (every profile read into DuckDB), one with nothing changed, and ones
 * after 2,000 profile changes sent over HTTP.
 *
 * <pre>
 * $JAVA --enable-native-access=ALL-UNNAMED -Xmx16g -cp tekil-bench/target/tekil-bench.jar \
 *     io.tekil.bench.SegmentBulkHarness --people 500000 --days 200 [--runs 5]
 * </pre>
 */
public final class SegmentBulkHarness {
    private static final ZoneId ZONE = ZoneId.of("Europe/Istanbul");

    private record Audience(String name, String rule, String handWritten) {}

    private SegmentBulkHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, "usage: SegmentBulkHarness [--people N] [--days D] [--runs R]");
        int people = options.integer("--people", 100_000);
        int days = options.integer("--days", 200);
        int runs = options.integer("--runs", 5);
        options.done();
        Path dir = Files.createTempDirectory("tekil-segment-bench-");
        try {
            run(people, days, runs, dir);
        } finally {
            LoadHarness.deleteRecursively(dir);
        }
    }

    private static void run(int people, int days, int runs, Path dir) throws Exception {
        Path data = dir.resolve("data");
        new DataGenerator(new GeneratorConfig(people, days, 7, LocalDate.of(2026, 11, 22))).generate(data);
        Path tekilDir = dir.resolve("tekil");
        TekilConfig config = ProfileApiHarness.serverConfig(tekilDir);
        DuckDbStorage storage = DuckDbStorage.open(tekilDir, DuckDbOptions.DEFAULTS);
        try (TekilServer server = TekilServer.start(config, storage, Clock.systemUTC())) {
            ProfileApiHarness.importAll(server, data);
            long events = storage.events().count();
            server.identity().awaitResolved(Duration.ofMinutes(30));
            Instant now = Instant.now();

            long started = System.nanoTime();
            List<SegmentProfile> profiles = server.identity().segmentProfiles();
            long snapshotNanos = System.nanoTime() - started;
            started = System.nanoTime();
            storage.segments().loadProfiles(profiles);
            long loadNanos = System.nanoTime() - started;

            System.out.printf("# Segment bulk harness%n%n- %,d people, %,d days: %,d events, %,d profiles; JVM %s, %d cores%n", people, days, events,
                    profiles.size(), Runtime.version(), Runtime.getRuntime().availableProcessors());
            System.out.printf("- profiles from the identity graph: %.0f ms; loaded into DuckDB: %.0f ms%n%n", snapshotNanos / 1e6, loadNanos / 1e6);
            System.out.println("| audience | selected (compiled) | selected (hand-written) | compiled ms | hand-written ms | compiled / hand-written |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (Audience audience : audiences(now)) {
                Rule rule = RuleParser.parse(audience.rule());
                long[] compiled = new long[runs];
                long[] hand = new long[runs];
                Set<String> selected = Set.of();
                List<String> handSelected = List.of();
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    selected = storage.segments().select(rule, now, ZONE);
                    compiled[r] = System.nanoTime() - t0;
                    t0 = System.nanoTime();
                    handSelected = storage.querySegmentTables(audience.handWritten());
                    hand[r] = System.nanoTime() - t0;
                }
                Arrays.sort(compiled);
                Arrays.sort(hand);
                double compiledMs = compiled[runs / 2] / 1e6;
                double handMs = hand[runs / 2] / 1e6;
                System.out.printf("| %s | %,d | %,d | %.0f | %.0f | %.2f |%n", audience.name(), selected.size(), handSelected.size(), compiledMs, handMs,
                        compiledMs / handMs);
            }
            previews(server, profiles, runs);
        }
    }

    /**
     * Previews through the server ({@code SegmentPreviews}): the first reads every profile into DuckDB (the
     * baseline: what every preview cost when any profile had changed), later ones only the profiles changed since
     * (here: 1,000 trait changes and 1,000 new visitors through {@code /v1/batch}).
     */
    private static void previews(TekilServer server, List<SegmentProfile> profiles, int runs) throws Exception {
        io.tekil.server.segment.SegmentPreviews previews = server.segments().previews();
        Rule rule = RuleParser.parse("city = \"İzmir\" and did \"Order Completed\" in last 90 days");
        long t0 = System.nanoTime();
        int size = previews.preview(rule, 10).size();
        double fullMs = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        previews.preview(rule, 10);
        double quietMs = (System.nanoTime() - t0) / 1e6;
        io.tekil.core.event.Source source = server.sources().create("bench-preview", io.tekil.core.event.Channel.WEB);
        List<String> users = profiles.stream().flatMap(profile -> profile.eventKeys().stream()).filter(key -> key.startsWith("user_id:"))
                .limit(1_000).map(key -> key.substring("user_id:".length())).toList();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        long[] changed = new long[runs];
        for (int r = 0; r < runs; r++) {
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < users.size(); i++) {
                batch.append(String.format("{\"type\":\"identify\",\"messageId\":\"bench-%d-%d\",\"userId\":\"%s\",\"traits\":{\"city\":\"%s\"}},",
                        r, i, users.get(i), i % 2 == 0 ? "İzmir" : "Ankara"));
                batch.append(String.format("{\"type\":\"track\",\"messageId\":\"bench-new-%d-%d\",\"anonymousId\":\"bench-cookie-%d-%d\",\"event\":\"Page Viewed\"},",
                        r, i, r, i));
                if (i % 200 == 199 || i == users.size() - 1) { // batches under the 500 KB limit
                    batch.setLength(batch.length() - 1);
                    batch.append("]}");
                    java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/v1/batch"))
                            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((source.writeKey() + ":").getBytes()))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(batch.toString())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("the batch was refused: " + response.body());
                    }
                    batch.setLength(0);
                    batch.append("{\"batch\":[");
                }
            }
            server.identity().awaitResolved(Duration.ofMinutes(5));
            t0 = System.nanoTime();
            previews.preview(rule, 10);
            changed[r] = System.nanoTime() - t0;
        }
        Arrays.sort(changed);
        double changedMs = changed[runs / 2] / 1e6;
        System.out.printf("%n## Previews through the server%n%n| preview | ms | / first preview |%n|---|---:|---:|%n");
        System.out.printf("| first (every profile read into DuckDB; %,d selected) | %.0f | 1.00 |%n", size, fullMs);
        System.out.printf("| nothing changed since | %.0f | %.3f |%n", quietMs, quietMs / fullMs);
        System.out.printf("| after %,d trait changes and %,d new visitors (median of %d) | %.0f | %.3f |%n", users.size(), users.size(), runs, changedMs,
                changedMs / fullMs);
    }

    private static String since(Window window, Instant now) {
        TimeRange range = Windows.range(window, now, ZONE, occurrence -> null);
        return "make_timestamp(" + (range.from().getEpochSecond() * 1_000_000L + range.from().getNano() / 1_000) + "::BIGINT)";
    }

    private static List<Audience> audiences(Instant now) {
        String events = "FROM events e JOIN segment_keys k ON e.profile_key = k.profile_key";
        return List.of(
                new Audience("viewed shoes in 30 days, no order in 30 days",
                        "did \"Product Viewed\" where category = \"Ayakkabı\" in last 30 days and not did \"Order Completed\" in last 30 days",
                        "SELECT k.profile_id " + events + " WHERE e.ts >= " + since(new Window.Last(30, Window.Unit.DAYS), now)
                                + " AND e.type = 'track' AND e.name IN ('Product Viewed', 'Order Completed') GROUP BY k.profile_id"
                                + " HAVING count(*) FILTER (WHERE e.name = 'Product Viewed' AND e.category = 'Ayakkabı') > 0"
                                + " AND count(*) FILTER (WHERE e.name = 'Order Completed') = 0"),
                new Audience("at least 3 orders in 6 months",
                        "count \"Order Completed\" in last 6 months >= 3",
                        "SELECT k.profile_id " + events + " WHERE e.ts >= " + since(new Window.Last(6, Window.Unit.MONTHS), now)
                                + " AND e.type = 'track' AND e.name = 'Order Completed' GROUP BY k.profile_id HAVING count(*) >= 3"),
                new Audience("cart abandoned in the last 2 hours",
                        "did \"Product Added\" in last 2 hours and not did \"Order Completed\" after last \"Product Added\"",
                        "SELECT profile_id FROM (SELECT k.profile_id, max(e.ts) FILTER (WHERE e.name = 'Product Added') AS added,"
                                + " max(e.ts) FILTER (WHERE e.name = 'Order Completed') AS ordered " + events
                                + " WHERE e.type = 'track' AND e.name IN ('Product Added', 'Order Completed') GROUP BY k.profile_id)"
                                + " WHERE added >= " + since(new Window.Last(2, Window.Unit.HOURS), now) + " AND (ordered IS NULL OR ordered <= added)"),
                new Audience("VIP: spend > 20,000 and average basket >= 1,500 in 12 months",
                        "sum(revenue) of \"Order Completed\" in last 12 months > 20000 and avg(revenue) of \"Order Completed\" in last 12 months >= 1500",
                        "SELECT k.profile_id " + events + " WHERE e.ts >= " + since(new Window.Last(12, Window.Unit.MONTHS), now)
                                + " AND e.type = 'track' AND e.name = 'Order Completed' GROUP BY k.profile_id"
                                + " HAVING sum(e.revenue) > 20000 AND avg(e.revenue) >= 1500"),
                new Audience("city is İzmir (a trait)",
                        "city = \"İzmir\"",
                        "SELECT profile_id FROM segment_profiles WHERE lower(replace(traits->>'city', 'ı', 'i')) = 'izmir'"));
    }
}
