package io.tekil.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * What the number of rows per load transaction costs DuckDB: the same rows (a 64-bit key, a name, a time and a
 * message of about a kilobyte kept with zstd, as in the {@code events} table) appended on one thread in
 * transactions of each given size, into a fresh database each time, with a checkpoint at the end. A transaction
 * of at least a row group (122,880 rows) has its row groups written compressed as they fill; one of a row group
 * and a bit leaves a small row group that the next checkpoint merges with its neighbours, compressing them again.
 * This is why {@code LogLoader} loads exactly a row group when that many events wait.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp tekil-bench/target/tekil-bench.jar io.tekil.bench.RowGroupHarness \
 *     --rows 1500000 --sizes 122880,131072,50000 [--index]
 * </pre>
 */
public final class RowGroupHarness {
    private RowGroupHarness() {}

    public static void main(String[] args) throws Exception {
        int rows = 1_500_000;
        List<Integer> sizes = List.of(122_880, 131_072, 50_000);
        boolean index = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--sizes" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--index" -> index = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --rows N --sizes A,B,... [--index]");
            }
        }
        System.out.printf(Locale.ROOT, "# Rows per load transaction (%,d rows, index on the key: %s)%n%n", rows, index);
        System.out.println("| rows per transaction | appends and commits s | final checkpoint s | total s | µs per row | process CPU µs per row |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int size : sizes) {
            run(rows, size, index);
        }
    }

    private static void run(int rows, int size, boolean index) throws Exception {
        Path directory = Files.createTempDirectory("tekil-row-groups");
        Path file = directory.resolve("rows.duckdb");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<String> messages = messages(4_096);
        SplittableRandom random = new SplittableRandom(42);
        try (DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("SET threads = 1");
            statement.execute("SET checkpoint_threshold = '256MB'");
            statement.execute("CREATE TABLE t (h BIGINT, name VARCHAR, ts TIMESTAMP, json VARCHAR USING COMPRESSION zstd)");
            if (index) {
                statement.execute("CREATE INDEX t_h ON t (h)");
            }
            long cpuBefore = os.getProcessCpuTime();
            long started = System.nanoTime();
            for (int done = 0; done < rows; done += size) {
                int count = Math.min(size, rows - done);
                statement.execute("BEGIN TRANSACTION");
                try (DuckDBAppender appender = connection.createAppender("t")) {
                    for (int i = 0; i < count; i++) {
                        appender.beginRow();
                        appender.append(random.nextLong());
                        appender.append(i % 3 == 0 ? "Ürün Görüntülendi" : "Sepete Eklendi");
                        appender.appendEpochMicros(1_763_800_000_000_000L + done + i);
                        appender.append(messages.get(random.nextInt(messages.size())));
                        appender.endRow();
                    }
                    appender.flush();
                }
                statement.execute("COMMIT");
            }
            long appended = System.nanoTime();
            statement.execute("CHECKPOINT");
            long finished = System.nanoTime();
            double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e3;
            System.out.printf(Locale.ROOT, "| %,d | %.2f | %.2f | %.2f | %.2f | %.2f |%n", size, (appended - started) / 1e9,
                    (finished - appended) / 1e9, (finished - started) / 1e9, (finished - started) / 1e3 / rows, cpu / rows);
        } finally {
            try (var files = Files.list(directory)) {
                for (Path path : files.toList()) {
                    Files.deleteIfExists(path);
                }
            }
            Files.deleteIfExists(directory);
        }
    }

    /** Messages of about a kilobyte, Segment-like, each different (a random message id and values). */
    private static List<String> messages(int count) {
        SplittableRandom random = new SplittableRandom(7);
        String[] words = {"Ürün", "Görüntülendi", "sepet", "İzmir", "analytics-java", "Mozilla/5.0", "https://magaza.example.com.tr/urun/", "TRY"};
        List<String> messages = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            StringBuilder json = new StringBuilder("{\"type\":\"track\",\"messageId\":\"").append(new java.util.UUID(random.nextLong(), random.nextLong()))
                    .append("\",\"event\":\"Ürün Görüntülendi\",\"properties\":{");
            for (int k = 0; k < 25; k++) {
                json.append('"').append(words[random.nextInt(words.length)]).append(k).append("\":\"")
                        .append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append("\",");
            }
            messages.add(json.append("\"price\":149.9}}").toString());
        }
        return messages;
    }
}
