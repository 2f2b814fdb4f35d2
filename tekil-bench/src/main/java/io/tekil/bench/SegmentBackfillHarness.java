package io.tekil.bench;

import io.tekil.core.segment.EventFilter;
import io.tekil.core.segment.RuleParser;
import io.tekil.core.segment.RuleParts;
import io.tekil.server.TekilServer;
import io.tekil.store.duckdb.DuckDbStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What saving a segment reads to build its real-time state: the stored events of the rule's types and names
 * ({@code SegmentQueryEngine.forEachCandidate}) against every stored event in arrival order
 * ({@code EventStore.forEachEvent}, what the backfill read before), one after the other in the same run, with the
 * count, the time, and the process's peak resident memory after each. Over the generator's data (imported here),
 * or over an existing data directory.
 *
 * <pre>
 * $JAVA --enable-native-access=ALL-UNNAMED -Xmx4g -cp tekil-bench/target/tekil-bench.jar \
 *     io.tekil.bench.SegmentBackfillHarness --people 1000000 --days 100     (or: --data DIR)
 * </pre>
 */
public final class SegmentBackfillHarness {
    private static final String RULE = "did \"Product Added\" in last 2 hours and not did \"Order Completed\" after last \"Product Added\"";

    private SegmentBackfillHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, "usage: SegmentBackfillHarness [--people N] [--days D | --data DIR]");
        int people = options.integer("--people", 100_000);
        int days = options.integer("--days", 100);
        Path existing = options.path("--data");
        options.done();
        if (existing != null) {
            read(existing);
            return;
        }
        Path dir = Files.createTempDirectory("tekil-backfill-bench-");
        try {
            ProfileApiHarness.startImported(dir, people, days).close();
            read(dir.resolve("tekil"));
        } finally {
            LoadHarness.deleteRecursively(dir);
        }
    }

    private static void read(Path tekilDir) {
        try (DuckDbStorage storage = DuckDbStorage.open(tekilDir)) {
            List<EventFilter> filters = RuleParts.filters(RuleParser.parse(RULE));
            long[] count = new long[1];
            long t0 = System.nanoTime();
            storage.segments().forEachCandidate(filters, event -> count[0]++);
            double candidatesMs = (System.nanoTime() - t0) / 1e6;
            long candidates = count[0];
            long candidatesPeak = peakResidentKb();
            count[0] = 0;
            t0 = System.nanoTime();
            storage.events().forEachEvent(Instant.EPOCH, event -> count[0]++);
            double allMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf("# Segment backfill reads%n%n- rule: %s; JVM %s, %d cores%n%n", RULE, Runtime.version(), Runtime.getRuntime().availableProcessors());
            System.out.println("| read | events | ms | / every event | peak resident memory after |");
            System.out.println("|---|---:|---:|---:|---:|");
            System.out.printf("| every stored event, in arrival order (baseline) | %,d | %.0f | 1.00 | %.1f GB |%n", count[0], allMs, peakResidentKb() / 1e6);
            System.out.printf("| the events of the rule's types and names | %,d | %.0f | %.3f | %.1f GB |%n", candidates, candidatesMs, candidatesMs / allMs,
                    candidatesPeak / 1e6);
        }
    }

    /** The process's peak resident memory so far (Linux {@code VmHWM}), in kB; 0 elsewhere. */
    private static long peakResidentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return 0;
    }
}
