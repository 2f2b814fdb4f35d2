package io.tekil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Source;
import io.tekil.core.segment.RuleParser;
import io.tekil.core.segment.live.MembershipChange;
import io.tekil.server.TekilServer;
import io.tekil.server.config.TekilConfig;
import io.tekil.store.duckdb.DuckDbOptions;
import io.tekil.store.duckdb.DuckDbStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real-time segments end to end: a real server (DuckDB, identity resolution on) with 100 saved segments takes
 * Segment-style batches of shop traffic over HTTP at a fixed rate, and every membership change an event causes
 * is timed from the moment its batch was sent (so the figure includes the HTTP request, the durable commit and
 * the acknowledgement, and bounds from above the time from acknowledgement to the recorded change). The
 * acknowledgement latency of the same requests is the baseline. Time-based exits (four cart-abandonment segments
 * with minute windows among the 100) are timed from the moment they were due to the moment they were applied.
 *
 * <pre>
 * $JAVA --enable-native-access=ALL-UNNAMED -Xmx8g -cp tekil-bench/target/tekil-bench.jar \
 *     io.tekil.bench.SegmentLatencyHarness --rate 10000 --seconds 60 [--warmup 15]
 * </pre>
 */
public final class SegmentLatencyHarness {
    private static final int BATCH = 100;

    private SegmentLatencyHarness() {}

    public static void main(String[] args) throws Exception {
        int rate = 10_000;
        int seconds = 60;
        int warmup = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: SegmentLatencyHarness [--rate EVENTS_PER_SECOND] [--seconds N] [--warmup N]");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createTempDirectory("tekil-latency-bench-");
        try {
            run(rate, seconds, warmup, dir);
        } finally {
            LoadHarness.deleteRecursively(dir);
        }
    }

    /** One second of traffic, generated ahead: its batch bodies and each batch's message ids. */
    private record Second(List<byte[]> bodies, List<List<String>> messageIds) {}

    /** The live harness's 100 segments, with the four cart-abandonment windows in minutes so exits by time happen within the run. */
    static List<String> segments() {
        return SegmentLiveHarness.segments().stream()
                .map(rule -> rule.replaceAll("did \"Product Added\" in last (\\d+) hours", "did \"Product Added\" in last $1 minutes"))
                .toList();
    }

    private static void run(int rate, int measured, int warmup, Path dir) throws Exception {
        int seconds = warmup + measured;
        TekilConfig config = TekilConfig.of(Map.of(TekilConfig.SERVER_HOST.name(), "127.0.0.1", TekilConfig.SERVER_PORT.name(), "0",
                TekilConfig.ADMIN_TOKEN.name(), "bench", TekilConfig.DATA_DIR.name(), dir.toString()));
        DuckDbStorage storage = DuckDbStorage.open(dir, DuckDbOptions.DEFAULTS);
        try (TekilServer server = TekilServer.start(config, storage, Clock.systemUTC())) {
            List<String> rules = segments();
            for (int i = 0; i < rules.size(); i++) {
                server.segments().create("segment " + i, RuleParser.parse(rules.get(i)));
            }
            Map<String, Instant> sentAt = new ConcurrentHashMap<>();
            Map<String, Instant> ackedAt = new ConcurrentHashMap<>();
            List<Long> eventLatencies = new ArrayList<>();
            List<Long> timeLateness = new ArrayList<>();
            List<MembershipChange> changeAcks = new ArrayList<>(); // the counted event-caused changes, matched with their acknowledgement at the end
            AtomicLong unmatched = new AtomicLong();
            Instant[] measureFrom = {Instant.MAX}; // set once the warm-up has been sent: earlier events and exits are not counted
            server.segments().subscribe(change -> record(change, sentAt, measureFrom[0], eventLatencies, changeAcks, timeLateness, unmatched));

            Source source = server.sources().create("bench-web", Channel.WEB);
            LoadClient client = new JdkLoadClient(server.uri(), source.writeKey());
            BlockingQueue<Second> ahead = new ArrayBlockingQueue<>(2);
            Thread producer = Thread.ofPlatform().name("traffic").start(() -> produce(rate, seconds, ahead));
            long[] ackNanos = new long[rate / BATCH * seconds];
            AtomicLong acknowledged = new AtomicLong();
            long intervalNanos = 1_000_000_000L * BATCH / rate;
            long started = System.nanoTime();
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> sent = new ArrayList<>();
                int index = 0;
                for (int s = 0; s < seconds; s++) {
                    if (s == warmup) {
                        measureFrom[0] = Instant.now();
                    }
                    Second second = ahead.take();
                    for (int b = 0; b < second.bodies().size(); b++, index++) {
                        long due = started + index * intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        byte[] body = second.bodies().get(b);
                        List<String> ids = second.messageIds().get(b);
                        int slot = index;
                        sent.add(senders.submit(() -> {
                            Instant now = Instant.now();
                            ids.forEach(id -> sentAt.put(id, now));
                            long t0 = System.nanoTime();
                            try (LoadClient.Connection connection = client.connect()) {
                                acknowledged.addAndGet(connection.post(body));
                            }
                            ackNanos[slot] = System.nanoTime() - t0;
                            Instant acked = Instant.now();
                            ids.forEach(id -> ackedAt.put(id, acked));
                            return null;
                        }));
                    }
                }
                for (Future<?> future : sent) {
                    future.get();
                }
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            producer.join();
            server.identity().awaitResolved(Duration.ofMinutes(5));
            Thread.sleep(1_500); // the clock thread applies the exits that fell due meanwhile
            long[] events;
            long[] afterAck;
            long[] lateness;
            synchronized (eventLatencies) {
                events = eventLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
                afterAck = changeAcks.stream().mapToLong(change -> {
                    Instant acked = ackedAt.get(change.cause().substring("event ".length()));
                    return Math.max(0, Duration.between(acked, change.at()).toNanos()); // recorded before the client saw the ack: 0
                }).sorted().toArray();
                lateness = timeLateness.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            long[] acks = Arrays.copyOfRange(ackNanos, rate / BATCH * warmup, ackNanos.length);
            Arrays.sort(acks);
            System.out.printf("# Segment latency harness%n%n- %d segments, %,d events sent at %,d events/s for %d s in batches of %d (the first %d s a warm-up, not"
                    + " counted): %,d acknowledged in %.1f s (%,.0f events/s); JVM %s, %d cores%n", rules.size(), (long) rate * seconds, rate, seconds, BATCH, warmup,
                    acknowledged.get(), elapsed, acknowledged.get() / elapsed, Runtime.version(), Runtime.getRuntime().availableProcessors());
            System.out.printf("- membership changes caused by events sent after the warm-up: %,d (%,d of events whose send was not recorded)%n", events.length,
                    unmatched.get());
            System.out.printf("- exits by time alone: %,d%n%n", lateness.length);
            System.out.println("| measure | p50 ms | p99 ms | p99.9 ms | max ms |");
            System.out.println("|---|---:|---:|---:|---:|");
            row("batch sent → acknowledged (baseline)", acks);
            row("batch sent → membership change recorded", events);
            row("acknowledgement received → membership change recorded (0 when recorded first)", afterAck);
            row("exit due → exit applied (time alone)", lateness);
        }
    }

    private static void record(MembershipChange change, Map<String, Instant> sentAt, Instant measureFrom, List<Long> eventLatencies,
            List<MembershipChange> changeAcks, List<Long> timeLateness, AtomicLong unmatched) {
        Instant now = Instant.now();
        if (change.cause().startsWith("event ")) {
            Instant sent = sentAt.get(change.cause().substring("event ".length()));
            if (sent == null) {
                unmatched.incrementAndGet();
                return;
            }
            if (sent.isBefore(measureFrom)) {
                return;
            }
            synchronized (eventLatencies) {
                eventLatencies.add(Duration.between(sent, change.at()).toNanos());
                changeAcks.add(change);
            }
        } else if (change.cause().equals("time") && change.at().isAfter(measureFrom)) {
            synchronized (eventLatencies) {
                timeLateness.add(Duration.between(change.at(), now).toNanos());
            }
        }
    }

    private static void produce(int rate, int seconds, BlockingQueue<Second> ahead) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            for (int s = 0; s < seconds; s++) {
                SegmentTraffic traffic = new SegmentTraffic(1_000 + s); // timestamps of the last minute before this second
                List<byte[]> bodies = traffic.batches(rate / BATCH, BATCH);
                List<List<String>> ids = new ArrayList<>();
                for (byte[] body : bodies) {
                    List<String> batchIds = new ArrayList<>();
                    for (JsonNode message : mapper.readTree(body).path("batch")) {
                        batchIds.add(message.path("messageId").asText());
                    }
                    ids.add(batchIds);
                }
                ahead.put(new Second(bodies, ids));
            }
        } catch (Exception e) {
            throw new IllegalStateException("generating traffic failed", e);
        }
    }

    private static void row(String name, long[] sortedNanos) {
        if (sortedNanos.length == 0) {
            System.out.printf("| %s | - | - | - | - |%n", name);
            return;
        }
        System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f |%n", name, sortedNanos[sortedNanos.length / 2] / 1e6,
                sortedNanos[(int) (sortedNanos.length * 0.99)] / 1e6, sortedNanos[(int) (sortedNanos.length * 0.999)] / 1e6,
                sortedNanos[sortedNanos.length - 1] / 1e6);
    }
}
