package io.tekil.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load harness's command line. Every problem is reported, not only the first.
 *
 * @param events measured events per run (rounded down to whole batches)
 * @param warmupEvents events posted before each run's timed phase, on the same server
 * @param batchSize messages per request body
 * @param concurrency the connection counts to run the HTTP modes at, in order
 * @param modes which of raw, discard and durable to run
 * @param rawGroupSizes rows per transaction in the raw modes
 * @param client socket or jdk
 * @param dataRoot where each run's temporary database directory is made
 * @param runLimit the most time one timed phase may take; the run stops there and reports what it did
 * @param seed the traffic generator's seed
 * @param distinctRequests the request bodies generated before the runs; warm-up and timed phases take them in turn,
 *     and longer runs send them again with new messageIds ({@link StampedBodies})
 * @param serverSettings Tekil configuration overrides for the in-process server, such as {@code ingest.max-group-events}
 * @param duckDbSettings DuckDB settings applied to every database of the run, such as {@code threads=1}
 */
record HarnessOptions(int events, int warmupEvents, int batchSize, List<Integer> concurrency, Set<String> modes,
        List<Integer> rawGroupSizes, String client, Path dataRoot, Duration runLimit, long seed, int distinctRequests,
        Map<String, String> serverSettings, Map<String, String> duckDbSettings) {
    static final List<String> MODES = List.of("raw", "discard", "durable");

    static final String USAGE = """
            Usage: java --enable-native-access=ALL-UNNAMED -cp tekil-bench.jar io.tekil.bench.LoadHarness [options]
              --events N              measured events per run (default 200000)
              --warmup-events N       events posted before timing, per run (default 50000)
              --batch-size N          messages per request (default 100)
              --concurrency LIST      connection counts, e.g. 1,2,4,8,16 (default 1,2,4,8,16)
              --modes LIST            of raw,discard,durable (default all three)
              --raw-group-sizes LIST  rows per transaction in the raw modes (default 100,5000)
              --client socket|jdk     HTTP client: minimal blocking sockets, or java.net.http.HttpClient (default socket)
              --data-dir DIR          where temporary databases go (default the system temp directory)
              --max-seconds N         time limit of one timed phase (default 300)
              --seed N                traffic generator seed (default 42)
              --distinct-requests N   request bodies generated beforehand (default 2000, 180 MB); longer runs send
                                      them again with new messageIds, so the HTTP modes' traffic stays small
                                      however long the run (the raw modes still build every event)
              --set KEY=VALUE         Tekil setting for the server under test, repeatable (e.g. ingest.max-group-events=20000)
              --duckdb KEY=VALUE      DuckDB setting (SET GLOBAL) for the durable and raw modes, repeatable
                                      (e.g. threads=1, checkpoint_threshold=128MB)
            """;

    static HarnessOptions parse(String... args) {
        int events = 200_000;
        int warmup = 50_000;
        int batchSize = 100;
        List<Integer> concurrency = List.of(1, 2, 4, 8, 16);
        Set<String> modes = Set.copyOf(MODES);
        List<Integer> groupSizes = List.of(100, 5000);
        String client = "socket";
        Path dataRoot = Path.of(System.getProperty("java.io.tmpdir"));
        int maxSeconds = 300;
        long seed = 42;
        int distinctRequests = 2_000;
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> duckDb = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                problems.add(String.format("%s needs a value", option));
                break;
            }
            String value = args[++i];
            try {
                switch (option) {
                    case "--events" -> events = positive(option, value);
                    case "--warmup-events" -> warmup = Math.max(0, Integer.parseInt(value));
                    case "--batch-size" -> batchSize = positive(option, value);
                    case "--concurrency" -> concurrency = positiveList(option, value);
                    case "--modes" -> modes = modes(value);
                    case "--raw-group-sizes" -> groupSizes = positiveList(option, value);
                    case "--client" -> client = client(value);
                    case "--data-dir" -> dataRoot = Path.of(value);
                    case "--max-seconds" -> maxSeconds = positive(option, value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--distinct-requests" -> distinctRequests = positive(option, value);
                    case "--set" -> keyValue(option, value, settings);
                    case "--duckdb" -> keyValue(option, value, duckDb);
                    default -> problems.add(String.format("unknown option %s", option));
                }
            } catch (NumberFormatException e) {
                problems.add(String.format("invalid value '%s' for %s: not a whole number", value, option));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (events < batchSize) {
            problems.add(String.format("--events %d is less than one batch of %d", events, batchSize));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(System.lineSeparator(), problems) + System.lineSeparator() + USAGE);
        }
        return new HarnessOptions(events, warmup, batchSize, concurrency, modes, groupSizes, client, dataRoot,
                Duration.ofSeconds(maxSeconds), seed, distinctRequests, settings, duckDb);
    }

    private static void keyValue(String option, String value, Map<String, String> into) {
        int equals = value.indexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException(String.format("%s expects KEY=VALUE, got '%s'", option, value));
        }
        into.put(value.substring(0, equals).trim(), value.substring(equals + 1).trim());
    }

    private static int positive(String option, String value) {
        int number = Integer.parseInt(value.trim());
        if (number < 1) {
            throw new IllegalArgumentException(String.format("invalid value %d for %s: must be at least 1", number, option));
        }
        return number;
    }

    private static List<Integer> positiveList(String option, String value) {
        return Arrays.stream(value.split(",")).map(part -> positive(option, part)).toList();
    }

    private static Set<String> modes(String value) {
        List<String> chosen = Arrays.stream(value.split(",")).map(String::trim).toList();
        for (String mode : chosen) {
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException(String.format("unknown mode '%s' in --modes; use any of %s", mode, MODES));
            }
        }
        return Set.copyOf(chosen);
    }

    private static String client(String value) {
        if (!value.equals("socket") && !value.equals("jdk")) {
            throw new IllegalArgumentException(String.format("unknown --client '%s'; use socket or jdk", value));
        }
        return value;
    }
}
