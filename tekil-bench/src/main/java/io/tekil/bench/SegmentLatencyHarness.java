package io.tekil.bench;

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
 * $JAVA --enable-native-access=ALL-UNNAMED -Xmx8g -XX:MaxDirectMemorySize=2g -cp tekil-bench/target/tekil-bench.jar \
 *     io.tekil.bench.SegmentLatencyHarness --rate 10000 --seconds 60 [--warmup 30]
 * </pre>
 *
 * <p>The warm-up is 30 s because a JVM that starts taking 10,000 events/s at once falls 2 to 4 s behind for the first 7
 * to 14 s of traffic while the JIT compiles the hot paths (about 1,500 C2 compilations in the first 20 s on two cores);
 * the list of each second's worst time, printed at the end, shows that transient for the warm-up seconds too.
 */
public final class SegmentLatencyHarness {
    private static final int BATCH = 100;

    private SegmentLatencyHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, "usage: SegmentLatencyHarness [--rate EVENTS_PER_SECOND] [--seconds N] [--warmup N] [--save-at SECOND] "
                + "[--duckdb-threads N] [--checkpoint-threshold SIZE]");
        int rate = options.integer("--rate", 10_000);
        int seconds = options.integer("--seconds", 60);
        int warmup = options.integer("--warmup", 30);
        int saveAt = options.integer("--save-at", -1);
        DuckDbOptions defaults = DuckDbOptions.DEFAULTS;
        DuckDbOptions store = new DuckDbOptions(options.text("--checkpoint-threshold", defaults.checkpointThreshold()), defaults.maxPendingBytes(),
                options.integer("--duckdb-threads", defaults.threads()), defaults.profileIndex(), defaults.compactMessages());
        options.done();
        Path dir = Files.createTempDirectory("tekil-latency-bench-");
        try {
            run(rate, seconds, warmup, saveAt, store, dir);
        } finally {
            LoadHarness.deleteRecursively(dir);
        }
    }

    /**
     * One second of traffic: its batch bodies, held outside the heap (half a gigabyte of bodies on the heap would
     * be copied by the very collections the latencies include); each is copied into a short-lived array to send.
     */
    private record Second(List<java.nio.ByteBuffer> bodies) {
        byte[] body(int index) {
            java.nio.ByteBuffer stored = bodies.get(index).duplicate();
            byte[] body = new byte[stored.remaining()];
            stored.get(body);
            return body;
        }
    }

    /**
     * What the harness keeps of what it measures, in primitive arrays: maps of message ids and lists of boxed
     * numbers would add a million long-lived objects to the heap the server runs in, and lengthen the very garbage
     * collections the latencies include. Events are numbered in the order they are sent; a message id carries its
     * number ({@link #MESSAGE_ID}).
     */
    private static final class Measures {
        final long[] sentAt; // per batch, epoch nanoseconds
        final long[] ackedAt;
        private long[] latency = new long[1 << 16]; // per counted change: batch sent -> change recorded
        private int[] batchOf = new int[1 << 16];
        private int changes;
        private long[] lateness = new long[1 << 12];
        private int exits;

        Measures(int batches) {
            sentAt = new long[batches];
            ackedAt = new long[batches];
        }

        synchronized void change(int batch, long nanos) {
            if (changes == latency.length) {
                latency = Arrays.copyOf(latency, changes * 2);
                batchOf = Arrays.copyOf(batchOf, changes * 2);
            }
            latency[changes] = nanos;
            batchOf[changes++] = batch;
        }

        synchronized void exit(long nanos) {
            if (exits == lateness.length) {
                lateness = Arrays.copyOf(lateness, exits * 2);
            }
            lateness[exits++] = nanos;
        }

        /** Batch sent -> change recorded, of the batches from {@code firstMeasured} on. */
        synchronized long[] latencies(int firstMeasured) {
            long[] measured = new long[changes];
            int n = 0;
            for (int i = 0; i < changes; i++) {
                if (batchOf[i] >= firstMeasured) {
                    measured[n++] = latency[i];
                }
            }
            long[] sorted = Arrays.copyOf(measured, n);
            Arrays.sort(sorted);
            return sorted;
        }

        /**
         * Acknowledgement received -> change recorded, of the batches from {@code firstMeasured} on; 0 when recorded
         * before the client saw the acknowledgement.
         */
        synchronized long[] afterAck(int firstMeasured) {
            long[] after = new long[changes];
            int n = 0;
            for (int i = 0; i < changes; i++) {
                int batch = batchOf[i];
                if (batch >= firstMeasured) {
                    after[n++] = Math.max(0, sentAt[batch] + latency[i] - ackedAt[batch]);
                }
            }
            after = Arrays.copyOf(after, n);
            Arrays.sort(after);
            return after;
        }

        /** The longest acknowledgement-to-change time of the events sent in each second, in ms: where a tail comes from. */
        synchronized long[] worstPerSecond(int batchesPerSecond) {
            long[] worst = new long[sentAt.length / batchesPerSecond];
            for (int i = 0; i < changes; i++) {
                int batch = batchOf[i];
                int second = batch / batchesPerSecond;
                worst[second] = Math.max(worst[second], Math.max(0, sentAt[batch] + latency[i] - ackedAt[batch]) / 1_000_000);
            }
            return worst;
        }

        synchronized long[] lateness() {
            long[] sorted = Arrays.copyOf(lateness, exits);
            Arrays.sort(sorted);
            return sorted;
        }
    }

    /** Message ids of the form of a UUID (36 characters, as the traffic's own), with the event's number in the last 12 digits. */
    private static final String MESSAGE_ID = "00000000-0000-4000-8000-%012d";
    private static final byte[] MESSAGE_ID_FIELD = "\"messageId\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static long epochNanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** The live harness's 100 segments, with the four cart-abandonment windows in minutes so exits by time happen within the run. */
    static List<String> segments() {
        return SegmentLiveHarness.segments().stream()
                .map(rule -> rule.replaceAll("did \"Product Added\" in last (\\d+) hours", "did \"Product Added\" in last $1 minutes"))
                .toList();
    }

    /** The segment saved during the traffic with {@code --save-at}: it reads the most frequent events. */
    static final String SAVED_DURING_TRAFFIC = "count \"Product Viewed\" in last 30 days >= 3 and not did \"Order Completed\" in last 30 days";

    /**
     * @param saveAt the second of traffic (counted from the start, warm-up included) at which one more segment is
     *     saved, so the measures include the events applied while it builds; -1 for none
     */
    private static void run(int rate, int measured, int warmup, int saveAt, DuckDbOptions options, Path dir) throws Exception {
        int seconds = warmup + measured;
        TekilConfig config = ProfileApiHarness.serverConfig(dir);
        DuckDbStorage storage = DuckDbStorage.open(dir, options);
        try (TekilServer server = TekilServer.start(config, storage, Clock.systemUTC())) {
            List<String> rules = segments();
            for (int i = 0; i < rules.size(); i++) {
                server.segments().create("segment " + i, RuleParser.parse(rules.get(i)));
            }
            server.segments().awaitBuilt(Duration.ofMinutes(5));
            Measures measures = new Measures(rate / BATCH * seconds);
            AtomicLong unmatched = new AtomicLong();
            Instant[] measureFrom = {Instant.MAX}; // set once the warm-up has been sent: earlier exits are not counted
            server.segments().subscribe(change -> record(change, measures, measureFrom[0], unmatched));
            AtomicLong built = new AtomicLong();
            server.segments().subscribe(change -> {
                if (change.cause().equals("segment built")) {
                    built.incrementAndGet();
                }
            });

            Source source = server.sources().create("bench-web", Channel.WEB);
            LoadClient client = new JdkLoadClient(server.uri(), source.writeKey());
            Traffic traffic = generate(rate, seconds); // all of it before sending: the client then only sends
            long untilStart = Duration.between(Instant.now(), traffic.startsAt()).toMillis();
            if (untilStart > 0) {
                Thread.sleep(untilStart);
            }
            long[] ackNanos = new long[rate / BATCH * seconds];
            AtomicLong acknowledged = new AtomicLong();
            long intervalNanos = 1_000_000_000L * BATCH / rate;
            long started = System.nanoTime();
            long startedUptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
            Thread savedDuring = null;
            long[] saveTimes = new long[2];
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> sent = new ArrayList<>();
                int index = 0;
                for (int s = 0; s < seconds; s++) {
                    if (s == warmup) {
                        measureFrom[0] = Instant.now();
                    }
                    if (s == saveAt) {
                        savedDuring = Thread.ofPlatform().name("bench-save").start(() -> {
                            long t0 = System.nanoTime();
                            server.segments().create("saved during traffic", RuleParser.parse(SAVED_DURING_TRAFFIC));
                            saveTimes[0] = (System.nanoTime() - t0) / 1_000_000;
                            server.segments().awaitBuilt(Duration.ofMinutes(5));
                            saveTimes[1] = (System.nanoTime() - t0) / 1_000_000;
                        });
                    }
                    Second second = traffic.seconds().get(s);
                    for (int b = 0; b < second.bodies().size(); b++, index++) {
                        long due = started + index * intervalNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        byte[] body = second.body(b);
                        int slot = index;
                        sent.add(senders.submit(() -> {
                            measures.sentAt[slot] = epochNanos(Instant.now());
                            long t0 = System.nanoTime();
                            try (LoadClient.Connection connection = client.connect()) {
                                acknowledged.addAndGet(connection.post(body));
                            }
                            ackNanos[slot] = System.nanoTime() - t0;
                            measures.ackedAt[slot] = epochNanos(Instant.now());
                            return null;
                        }));
                    }
                }
                for (Future<?> future : sent) {
                    future.get();
                }
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            if (savedDuring != null) {
                savedDuring.join();
            }
            server.identity().awaitResolved(Duration.ofMinutes(5));
            Thread.sleep(1_500); // the clock thread applies the exits that fell due meanwhile
            long[] events = measures.latencies(rate / BATCH * warmup);
            long[] afterAck = measures.afterAck(rate / BATCH * warmup);
            long[] lateness = measures.lateness();
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
            System.out.printf("%n- traffic started %.1f s after the JVM (to match with GC and JIT logs, which count from there)%n", startedUptime / 1e3);
            System.out.printf("- the longest acknowledgement → change, ms, of the events sent in each second (warm-up included): %s%n",
                    Arrays.toString(measures.worstPerSecond(rate / BATCH)));
            if (savedDuring != null) {
                System.out.printf("- at second %d a segment was saved (%s) over %,d profiles: answered in %,d ms, built in %,d ms; %,d changes were"
                        + " recorded when a waiting profile's history was loaded (cause 'segment built', not in the measures above)%n", saveAt,
                        SAVED_DURING_TRAFFIC, server.identity().profileCount(), saveTimes[0], saveTimes[1], built.get());
            }
        }
    }

    private static void record(MembershipChange change, Measures measures, Instant measureFrom, AtomicLong unmatched) {
        Instant now = Instant.now();
        String cause = change.cause();
        if (cause.startsWith("event ")) {
            int batch;
            try {
                batch = (int) (Long.parseLong(cause, cause.length() - 12, cause.length(), 10) / BATCH);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                unmatched.incrementAndGet();
                return;
            }
            long sent = batch < measures.sentAt.length ? measures.sentAt[batch] : 0;
            if (sent == 0) {
                unmatched.incrementAndGet();
                return;
            }
            measures.change(batch, epochNanos(change.at()) - sent); // warm-up changes too, for the per-second list; not in the percentiles
        } else if (cause.equals("time") && change.at().isAfter(measureFrom)) {
            measures.exit(Duration.between(change.at(), now).toNanos());
        }
    }

    /**
     * Every second of traffic, generated before any is sent, so generating costs the measured server no CPU and
     * no garbage collection work while it runs. Timestamps fall in the minute before each second's planned send;
     * the caller waits until the first one ({@link Traffic#startsAt}), planned from the time a warm second of
     * traffic took to generate, with room to spare.
     */
    private static Traffic generate(int rate, int seconds) {
        new SegmentTraffic(0, true, Instant.now()).batches(rate / BATCH, BATCH); // warms the generator up
        long started = System.nanoTime();
        new SegmentTraffic(1, true, Instant.now()).batches(rate / BATCH, BATCH);
        Instant startsAt = Instant.now().plusNanos((System.nanoTime() - started) * seconds * 2).plusSeconds(2);
        List<Second> traffic = new ArrayList<>(seconds);
        for (int s = 0; s < seconds; s++) {
            List<byte[]> bodies = new SegmentTraffic(1_000 + s, true, startsAt.plusSeconds(s)).batches(rate / BATCH, BATCH);
            long number = (long) s * rate;
            List<java.nio.ByteBuffer> stored = new ArrayList<>(bodies.size());
            for (byte[] body : bodies) {
                number = numberMessages(body, number);
                stored.add(java.nio.ByteBuffer.allocateDirect(body.length).put(body).flip());
            }
            traffic.add(new Second(stored));
        }
        return new Traffic(traffic, startsAt);
    }

    private record Traffic(List<Second> seconds, Instant startsAt) {}

    /** Replaces each message id in the body (a UUID, 36 characters) with one of the same length carrying the event's number. */
    private static long numberMessages(byte[] body, long first) {
        long number = first;
        for (int i = 0; i <= body.length - MESSAGE_ID_FIELD.length - 36; i++) {
            if (Arrays.equals(body, i, i + MESSAGE_ID_FIELD.length, MESSAGE_ID_FIELD, 0, MESSAGE_ID_FIELD.length)) {
                byte[] id = String.format(MESSAGE_ID, number++).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                System.arraycopy(id, 0, body, i + MESSAGE_ID_FIELD.length, id.length);
                i += MESSAGE_ID_FIELD.length + id.length - 1;
            }
        }
        return number;
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
