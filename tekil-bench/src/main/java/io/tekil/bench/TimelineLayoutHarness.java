package io.tekil.bench;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.store.duckdb.DuckDbOptions;
import io.tekil.store.duckdb.DuckDbStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What the order events arrive in costs a profile's timeline. The same events are stored twice through the real
 * {@code EventStore} (DuckDB, zstd messages, the profile index): once person after person, as an import of files
 * grouped by person stores them (the profile harness's data), and once interleaved, as live traffic stores them
 * (each person's events spread over the whole table in time order). Then the newest 50 events of random profiles
 * are read from each, in-process. Each profile has several keys (cookies), as merged profiles do.
 *
 * <pre>
 * $JAVA --enable-native-access=ALL-UNNAMED -Xmx4g -cp tekil-bench/target/tekil-bench.jar io.tekil.bench.TimelineLayoutHarness \
 *     [--profiles 40000] [--events-per-profile 50] [--keys 4] [--reads 2000]
 * </pre>
 */
public final class TimelineLayoutHarness {
    private static final Instant START = Instant.parse("2026-08-01T00:00:00Z");
    private static final long SPAN_SECONDS = 100L * 86_400;

    private TimelineLayoutHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, "usage: TimelineLayoutHarness [--profiles N] [--events-per-profile N] [--keys N] [--reads N]");
        int profiles = options.integer("--profiles", 40_000);
        int perProfile = options.integer("--events-per-profile", 50);
        int keys = options.integer("--keys", 4);
        int reads = options.integer("--reads", 2_000);
        options.done();
        int total = profiles * perProfile;
        // event n belongs to profile n % profiles; its time grows with n, so in n order every profile's events are spread
        // over the whole table, as live traffic spreads them
        int[] interleaved = new int[total];
        Arrays.setAll(interleaved, n -> n);
        int[] grouped = new int[total];
        for (int p = 0, at = 0; p < profiles; p++) {
            for (int k = 0; k < perProfile; k++) {
                grouped[at++] = k * profiles + p;
            }
        }
        System.out.printf("# Timeline layout harness%n%n- %,d profiles of %d events under %d keys each (%,d events, messages of about %,d bytes); newest 50 "
                + "events of %,d random profiles, in-process; JVM %s, %d cores%n%n", profiles, perProfile, keys, total, message(0, profiles, keys).length, reads,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("| order the events were stored in | store s | p50 ms | p95 ms | p99 ms | p99 / grouped p99 |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double groupedP99 = 0;
        for (String layout : List.of("grouped (person after person, as an import)", "interleaved (as live traffic)")) {
            int[] order = layout.startsWith("grouped") ? grouped : interleaved;
            Path dir = Files.createTempDirectory("tekil-timeline-layout-");
            try (DuckDbStorage storage = DuckDbStorage.open(dir, DuckDbOptions.DEFAULTS)) {
                long started = System.nanoTime();
                List<Event> batch = new ArrayList<>(10_000);
                for (int n : order) {
                    batch.add(event(n, profiles, keys));
                    if (batch.size() == 10_000) {
                        storage.events().append(batch, List.of());
                        batch = new ArrayList<>(10_000);
                    }
                }
                storage.events().append(batch, List.of());
                storage.events().count(); // waits for the loader
                double storeSeconds = (System.nanoTime() - started) / 1e9;
                storage.close(); // a checkpoint: every block compressed, as a server's older data is
                try (DuckDbStorage reopened = DuckDbStorage.open(dir, DuckDbOptions.DEFAULTS)) {
                    long[] nanos = readTimelines(reopened, profiles, keys, reads);
                    double p99 = nanos[(int) (nanos.length * 0.99)] / 1e6;
                    if (layout.startsWith("grouped")) {
                        groupedP99 = p99;
                    }
                    System.out.printf("| %s | %.1f | %.2f | %.2f | %.2f | %.2f |%n", layout, storeSeconds, nanos[nanos.length / 2] / 1e6,
                            nanos[(int) (nanos.length * 0.95)] / 1e6, p99, p99 / groupedP99);
                }
            } finally {
                LoadHarness.deleteRecursively(dir);
            }
        }
    }

    private static long[] readTimelines(DuckDbStorage storage, int profiles, int keys, int reads) {
        Random random = new Random(11);
        long[] nanos = new long[reads];
        for (int i = -reads / 4; i < reads; i++) { // the first quarter again as many untimed reads: a warm-up
            List<String> profileKeys = keysOf(random.nextInt(profiles), keys);
            long started = System.nanoTime();
            int shown = storage.events().timeline(profileKeys, null, 50).events().size();
            if (shown == 0) {
                throw new IllegalStateException("a profile of the harness has no events");
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - started;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static List<String> keysOf(int profile, int keys) {
        List<String> profileKeys = new ArrayList<>(keys);
        for (int k = 0; k < keys; k++) {
            profileKeys.add(Event.profileKeyOf(null, cookie(profile, k)));
        }
        return profileKeys;
    }

    private static String cookie(int profile, int key) {
        return String.format("c%07d-%d", profile, key);
    }

    private static Event event(int n, int profiles, int keys) {
        int profile = n % profiles;
        String anonymousId = cookie(profile, (n / profiles) % keys);
        Instant at = START.plusSeconds(SPAN_SECONDS * n / ((long) profiles * 50));
        String messageId = String.format("00000000-0000-4000-8000-%012d", n);
        return new Event("web-shop", Channel.WEB, messageId, MessageType.TRACK, "Product Viewed", null, anonymousId, null, null, at, at, at,
                Event.profileKeyOf(null, anonymousId), "Ayakkabı", 1299.9, null, "TRY", new JsonText(message(n, profiles, keys)));
    }

    /** A product view as analytics.js sends one, with this event's ids and product. */
    private static byte[] message(int n, int profiles, int keys) {
        int profile = n % profiles;
        return String.format("{\"messageId\":\"00000000-0000-4000-8000-%012d\",\"type\":\"track\",\"event\":\"Product Viewed\",\"anonymousId\":\"%s\","
                + "\"properties\":{\"product_id\":\"p%06d\",\"sku\":\"SKU-%06d\",\"category\":\"Ayakkabı\",\"name\":\"Deri Spor Ayakkabı %d\",\"brand\":\"Tekil\","
                + "\"price\":1299.9,\"currency\":\"TRY\",\"url\":\"https://magaza.example.com.tr/urun/p%06d\"},"
                + "\"context\":{\"ip\":\"85.%d.%d.%d\",\"locale\":\"tr-TR\",\"timezone\":\"Europe/Istanbul\",\"userAgent\":\"Mozilla/5.0 (iPhone; CPU iPhone OS 17_%d like "
                + "Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1\",\"page\":{\"path\":\"/urun/p%06d\",\"referrer\":"
                + "\"https://www.google.com/\",\"title\":\"Deri Spor Ayakkabı\",\"url\":\"https://magaza.example.com.tr/urun/p%06d\"},\"library\":{\"name\":"
                + "\"analytics.js\",\"version\":\"2.11.1\"}},\"timestamp\":\"2026-08-01T00:00:00Z\",\"sentAt\":\"2026-08-01T00:00:01Z\"}",
                n, cookie(profile, (n / profiles) % keys), n % 50_000, n % 50_000, n % 997, n % 50_000, profile % 256, (n / 7) % 256, n % 256, n % 5, n % 50_000,
                n % 50_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
