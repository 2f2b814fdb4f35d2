package io.tekil.bench;

import io.tekil.core.ingest.MessageKey;
import io.tekil.core.ingest.MessageKeyIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the de-duplication memory costs the group committer per event, by how many days of messages it holds: the
 * default window is 7 days, so a server that has run for a week holds 8 days (today's and 7 before), while the load
 * harness, on a fresh store, holds one. {@code newMessage} is the common case, the lookup of a message id never
 * seen; {@code retry} finds one stored today. (Adding the new id, which follows, goes to one day either way.)
 * Nanoseconds per lookup.
 *
 * <pre>
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar tekil-bench/target/tekil-bench.jar BenchmarkMessageKeyIndex
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx12g"})
public class BenchmarkMessageKeyIndex {
    private static final Instant START = Instant.parse("2026-11-16T00:00:00Z");
    private static final int PROBES = 1 << 20;

    /** Days of messages held. */
    @Param({"1", "8"})
    public int days;

    /** Messages stored a day. */
    @Param({"2000000"})
    public int perDay;

    private MessageKeyIndex index;
    private Instant today;
    private MessageKey[] fresh;
    private MessageKey[] stored;
    private int next;

    @Setup
    public void setUp() {
        index = new MessageKeyIndex(Duration.ofDays(7));
        SplittableRandom random = new SplittableRandom(42);
        stored = new MessageKey[PROBES];
        for (int day = 0; day < days; day++) {
            today = START.plus(Duration.ofDays(day)).plusSeconds(3_600);
            for (int i = 0; i < perDay; i++) {
                MessageKey key = new MessageKey(random.nextLong(), random.nextLong());
                index.add(key, today);
                if (day == days - 1 && i < PROBES) {
                    stored[i] = key;
                }
            }
        }
        fresh = new MessageKey[PROBES];
        for (int i = 0; i < PROBES; i++) {
            fresh[i] = new MessageKey(random.nextLong(), random.nextLong());
        }
    }

    /** A message id never seen (the common case): looked up in every day held. */
    @Benchmark
    public boolean newMessage() {
        return index.contains(fresh[next++ & (PROBES - 1)]);
    }

    /** A retry of a message stored today. */
    @Benchmark
    public boolean retry() {
        return index.contains(stored[next++ & (PROBES - 1)]);
    }
}
