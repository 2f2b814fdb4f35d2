package io.tekil.bench;

import io.tekil.core.segment.RuleParser;
import io.tekil.server.TekilServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How long saving a dynamic segment takes through {@code SegmentService} (what {@code POST /api/segments} runs)
 * over the generator's data imported into a real server: the live harness's 100 segments saved one after the
 * other, while the ones before it stay maintained. Prints for each save how long until it answered (the bulk engine
 * chose and recorded its members) and until its real-time state was loaded (the build), with the first, median,
 * last and sum of each.
 *
 * <pre>
 * $JAVA --enable-native-access=ALL-UNNAMED -Xmx8g -cp tekil-bench/target/tekil-bench.jar \
 *     io.tekil.bench.SegmentSaveHarness --people 20000 --days 100 [--segments 100]
 * </pre>
 */
public final class SegmentSaveHarness {
    private SegmentSaveHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, "usage: SegmentSaveHarness [--people N] [--days D] [--segments S]");
        int people = options.integer("--people", 20_000);
        int days = options.integer("--days", 100);
        int count = options.integer("--segments", 100);
        options.done();
        Path dir = Files.createTempDirectory("tekil-save-bench-");
        try {
            try (TekilServer server = ProfileApiHarness.startImported(dir, people, days)) {
                long events = server.storage().events().count();
                server.identity().awaitResolved(Duration.ofMinutes(10));
                List<String> rules = SegmentLiveHarness.segments().subList(0, count);
                long[] millis = new long[rules.size()];
                long[] builtMillis = new long[rules.size()];
                for (int i = 0; i < rules.size(); i++) {
                    long started = System.nanoTime();
                    server.segments().create("segment " + i, RuleParser.parse(rules.get(i)));
                    millis[i] = (System.nanoTime() - started) / 1_000_000;
                    if (!server.segments().awaitBuilt(Duration.ofMinutes(30))) {
                        throw new IllegalStateException("segment " + i + " was not built in 30 minutes");
                    }
                    builtMillis[i] = (System.nanoTime() - started) / 1_000_000;
                }
                System.out.printf("# Segment save harness%n%n- %,d people, %,d days: %,d events, %,d profiles; JVM %s, %d cores%n", people, days, events,
                        server.identity().profileCount(), Runtime.version(), Runtime.getRuntime().availableProcessors());
                System.out.printf("- save times, ms, in order: %s%n", Arrays.toString(millis));
                long[] sorted = millis.clone();
                Arrays.sort(sorted);
                System.out.printf("- saved (members chosen and recorded): first %,d ms, median %,d ms, last %,d ms, all %,d ms%n", millis[0],
                        sorted[sorted.length / 2], millis[millis.length - 1], Arrays.stream(millis).sum());
                long[] sortedBuilt = builtMillis.clone();
                Arrays.sort(sortedBuilt);
                System.out.printf("- built (real-time state loaded), from the save: first %,d ms, median %,d ms, last %,d ms, all %,d ms%n", builtMillis[0],
                        sortedBuilt[sortedBuilt.length / 2], builtMillis[builtMillis.length - 1], Arrays.stream(builtMillis).sum());
            }
        } finally {
            LoadHarness.deleteRecursively(dir);
        }
    }
}
