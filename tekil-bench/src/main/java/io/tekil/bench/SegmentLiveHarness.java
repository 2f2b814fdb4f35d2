package io.tekil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.Channel;
import io.tekil.core.event.MessageType;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.RuleParser;
import io.tekil.core.segment.live.SegmentMaintainer;
import io.tekil.datagen.DataGenerator;
import io.tekil.datagen.GeneratorConfig;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real-time segment maintainer alone, in-process: the generator's web and app events (one profile per user id
 * or cookie, no identity resolution) fed in event-time order to a {@link SegmentMaintainer} holding 100 segments
 * (the audiences over every category, window and threshold), time advanced to each event's time before
 * it, so windows let go of events as they would. Measures the time per event (advance plus update, membership
 * changes published), the changes, and the heap the maintainer holds per profile afterwards.
 *
 * <pre>
 * $JAVA -Xmx8g -cp tekil-bench/target/tekil-bench.jar io.tekil.bench.SegmentLiveHarness --people 50000 --days 60
 * </pre>
 */
public final class SegmentLiveHarness {
    private static final ZoneId ZONE = ZoneId.of("Europe/Istanbul");
    private static final List<String> CATEGORIES = List.of("Ayakkabı", "Elektronik", "Kozmetik", "Anne & Bebek", "Spor", "Ev & Yaşam", "Giyim",
            "Kitap", "Süpermarket");

    private static boolean histogram; // print the classes holding the most heap at the end

    private SegmentLiveHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, "usage: SegmentLiveHarness [--people N] [--days D] [--histogram]", "--histogram");
        int people = options.integer("--people", 20_000);
        int days = options.integer("--days", 60);
        histogram = options.flag("--histogram");
        options.done();
        Path dir = Files.createTempDirectory("tekil-live-bench-");
        try {
            run(people, days, dir);
        } finally {
            LoadHarness.deleteRecursively(dir);
        }
    }

    /** 100 segments: the audiences over every category, window and threshold. */
    static List<String> segments() {
        List<String> rules = new ArrayList<>();
        for (String category : CATEGORIES) {
            for (int days : new int[] {7, 30}) {
                rules.add(String.format("did \"Product Viewed\" where category = \"%s\" in last %d days and not did \"Order Completed\" in last %d days",
                        category, days, days));
            }
            rules.add(String.format("did \"Product Viewed\" where category = \"%s\" in last 30 days and not did \"Order Completed\"", category));
            rules.add(String.format("sum(revenue) of \"Order Completed\" where category = \"%s\" in last 6 months > 1000", category));
        }
        for (int hours : new int[] {1, 2, 4, 24}) {
            rules.add(String.format("did \"Product Added\" in last %d hours and not did \"Order Completed\" after last \"Product Added\"", hours));
        }
        for (int months : new int[] {1, 3, 6, 12}) {
            for (int orders = 1; orders <= 4; orders++) {
                rules.add(String.format("count \"Order Completed\" in last %d months >= %d", months, orders));
            }
        }
        for (int spend : new int[] {2_000, 5_000, 10_000, 20_000, 50_000}) {
            rules.add(String.format("sum(revenue) of \"Order Completed\" in last 12 months > %d and avg(revenue) of \"Order Completed\" in last 12 months >= 500", spend));
        }
        for (int days : new int[] {7, 14, 30, 60, 90}) {
            rules.add(String.format("first \"Order Completed\" in last %d days", days));
            rules.add(String.format("count \"Order Completed\" more than %d days ago >= 2 and not did \"Order Completed\" in last %d days", days, days));
        }
        for (int views : new int[] {1, 3, 5, 10, 20, 50}) {
            rules.add(String.format("count page in last 7 days >= %d", views));
            rules.add(String.format("count \"Product Viewed\" in last 30 days >= %d and not did \"Product Added\" in last 30 days", views));
        }
        for (String category : CATEGORIES) {
            rules.add(String.format("did \"Product Added\" where category = \"%s\" in last 7 days", category));
        }
        for (int views : new int[] {1, 3, 5, 10, 20, 50}) {
            rules.add(String.format("count screen in last 7 days >= %d", views));
        }
        for (int distinct : new int[] {2, 3, 4}) {
            rules.add(String.format("distinct(category) of \"Product Viewed\" in last 30 days >= %d", distinct));
        }
        if (rules.size() < 100) {
            throw new IllegalStateException("only " + rules.size() + " segments");
        }
        return rules.subList(0, 100);
    }

    private record Line(long micros, String json) {}

    private static void run(int people, int days, Path dir) throws Exception {
        new DataGenerator(new GeneratorConfig(people, days, 7, LocalDate.of(2026, 11, 22))).generate(dir);
        long baseline = ProfileApiHarness.usedHeap();
        ObjectMapper mapper = new ObjectMapper();
        List<Line> lines = new ArrayList<>();
        for (String file : List.of("web.ndjson", "mobile.ndjson")) {
            try (BufferedReader reader = Files.newBufferedReader(dir.resolve(file))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode message = mapper.readTree(line);
                    lines.add(new Line(Instant.parse(message.path("timestamp").asText()).toEpochMilli() * 1000, line));
                }
            }
        }
        lines.sort(Comparator.comparingLong(Line::micros));

        SegmentMaintainer maintainer = new SegmentMaintainer(ZONE);
        AtomicLong enters = new AtomicLong();
        AtomicLong exits = new AtomicLong();
        AtomicLong byTime = new AtomicLong();
        maintainer.subscribe(change -> {
            (change.kind() == io.tekil.core.segment.live.MembershipChange.Kind.ENTER ? enters : exits).incrementAndGet();
            if (change.cause().equals("time")) {
                byTime.incrementAndGet();
            }
        });
        List<String> rules = segments();
        Instant start = Instant.ofEpochSecond(0, lines.getFirst().micros() * 1000);
        for (int i = 0; i < rules.size(); i++) {
            maintainer.putSegment("s" + i, RuleParser.parse(rules.get(i)), Map.of(), start);
        }
        long[] nanos = new long[lines.size()];
        int fed = 0;
        long started = System.nanoTime();
        for (Line line : lines) {
            JsonNode message = mapper.readTree(line.json());
            MessageType type = MessageType.fromId(message.path("type").asText()).orElseThrow();
            String name = type == MessageType.TRACK ? message.path("event").asText(null) : message.path("name").asText(null);
            String profile = message.hasNonNull("userId") ? "user:" + message.get("userId").asText() : "anon:" + message.path("anonymousId").asText();
            JsonNode properties = message.path("properties").isObject() ? message.get("properties") : mapper.createObjectNode();
            Instant at = Instant.ofEpochSecond(0, line.micros() * 1000);
            HistoryEvent event = new HistoryEvent(message.path("messageId").asText(), type, name, Channel.WEB, "web", at, properties);
            long t0 = System.nanoTime();
            maintainer.advanceTo(at);
            if (maintainer.mayMatch(type, name)) {
                maintainer.onEvent(profile, profile, event, at);
            }
            nanos[fed++] = System.nanoTime() - t0;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int profiles = maintainer.profileCount();
        lines = null;
        long held = ProfileApiHarness.usedHeap() - baseline;
        Arrays.sort(nanos);
        System.out.printf("# Segment live harness%n%n- %,d people, %,d days: %,d web and app events, %,d profiles that some segment looked at, %d segments; JVM %s, %d cores%n",
                people, days, fed, profiles, rules.size(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.printf("- fed in %.1f s: %,.0f events/s on one thread (JSON parsing excluded from the timings)%n", seconds, fed / seconds);
        System.out.printf("- per event (advance time + update): mean %.1f µs, p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f ms%n", Arrays.stream(nanos).average().orElse(0) / 1e3,
                nanos[fed / 2] / 1e3, nanos[(int) (fed * 0.99)] / 1e3, nanos[(int) (fed * 0.999)] / 1e3, nanos[fed - 1] / 1e6);
        System.out.printf("- membership changes: %,d enters, %,d exits (%,d by time alone)%n", enters.get(), exits.get(), byTime.get());
        System.out.printf("- heap held by the maintainer after GC: %,d MB, %,.0f bytes per profile; %,d events held (%.1f per profile)%n", held >> 20,
                held / (double) Math.max(1, profiles), maintainer.heldEventCount(), maintainer.heldEventCount() / (double) Math.max(1, profiles));
        if (histogram) {
            String classes = (String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
            System.out.println(classes.lines().limit(25).collect(java.util.stream.Collectors.joining(System.lineSeparator())));
        }
        if (maintainer.profileCount() < 0) {
            throw new IllegalStateException(); // keeps the maintainer reachable until the heap is measured
        }
    }
}
