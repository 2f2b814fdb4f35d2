package io.tekil.bench;

import io.tekil.datagen.DataGenerator;
import io.tekil.datagen.GenerationSummary;
import io.tekil.datagen.GeneratorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * How fast {@link DataGenerator} writes a data set of about 10 million records, side by side with what the
 * disk allows: after each generation run, a baseline writes the same number of bytes to the same file names,
 * from content built beforehand, with the generator's writer setup (one thread per file, {@link FileChannel}
 * writes from direct buffers, one write per file per 128-person chunk). {@code gen/raw} is the generation time
 * over the baseline time: 1.0 would mean generating costs nothing beyond writing.
 *
 * <p>One untimed generation first warms up the JIT and gives the file sizes and the baseline's content (a
 * write's worth of each real file). Then each run times both phases, in alternating order; each phase starts
 * from an empty directory, and afterwards its files are flushed to disk ({@code fsync}) and deleted, untimed,
 * so every phase starts with no dirty pages. Progress goes to stderr, the Markdown report to stdout.
 *
 * <p>Run it (from the repository root, after {@code mvn -B -q -DskipTests -pl tekil-bench -am package}; the
 * runs need about 8 GB free under {@code --dir}):
 * <pre>
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Xmx2g -cp tekil-bench/target/tekil-bench.jar \
 *     io.tekil.bench.BenchmarkGenerator --people 280000 --days 365 --runs 3
 * </pre>
 * Options: {@code --people N} (280000), {@code --days N} (365), {@code --seed N} (42), {@code --runs N} (3),
 * {@code --dir DIR} (a new directory under the system temp directory, deleted afterwards).
 */
public final class BenchmarkGenerator {
    private static final int PEOPLE_PER_CHUNK = 128;
    private static final LocalDate END_DATE = LocalDate.of(2026, 3, 31);
    private static final String[] FILES = {
        "web.ndjson", "mobile.ndjson", "pos-transactions.csv", "call-center.csv", "crm-contacts.csv",
        "email-engagement.csv", "truth/people.csv", "truth/identifiers.csv", "truth/records.csv", "truth/noise.csv"
    };

    private BenchmarkGenerator() {}

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, "usage: BenchmarkGenerator [--people N] [--days D] [--seed S] [--runs R] [--dir DIR]");
        int people = options.integer("--people", 280_000);
        int days = options.integer("--days", 365);
        long seed = options.longInteger("--seed", 42);
        int runs = options.integer("--runs", 3);
        Path dir = options.path("--dir");
        options.done();
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory("tekil-datagen-bench") : Files.createDirectories(dir);
        try {
            run(root, new GeneratorConfig(people, days, seed, END_DATE), runs);
        } finally {
            if (temporary) {
                LoadHarness.deleteRecursively(root);
            }
        }
    }

    private static void run(Path root, GeneratorConfig config, int runs) throws Exception {
        Path generated = root.resolve("generated");
        Path raw = root.resolve("raw");
        System.err.printf("warm-up: generating the data set once, untimed%n");
        GenerationSummary warmup = new DataGenerator(config).generate(generated);
        long[] sizes = sizes(generated);
        long bytes = sum(sizes);
        ByteBuffer[] content = content(generated, sizes, config.people());
        LoadHarness.deleteRecursively(generated);
        System.err.printf("warm-up: %,d records, %,d bytes in %.2f s%n", warmup.totalRecords(), bytes, warmup.elapsed().toNanos() / 1e9);

        List<String> rows = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Phase generation = null;
            Phase baseline = null;
            for (int step = 0; step < 2; step++) {
                if ((step == 0) == (run % 2 == 1)) {
                    generation = generate(config, generated);
                    System.err.printf("run %d: generated %,d records in %.2f s%n", run, generation.records, generation.seconds());
                } else {
                    baseline = writeRaw(raw, sizes, content);
                    System.err.printf("run %d: baseline wrote %,d bytes in %.2f s%n", run, bytes, baseline.seconds());
                }
            }
            rows.add(String.format(Locale.ROOT, "| %d | %s | %,d | %,.0f | %,d | %.2f | %,.0f | %.2f | %.2f | %,.0f | %.2f | %.2f |",
                    run, run % 2 == 1 ? "gen, raw" : "raw, gen", generation.records, generation.records / generation.seconds(),
                    bytes / 1_000_000, generation.seconds(), bytes / 1e6 / generation.seconds(), generation.cpuSeconds(),
                    baseline.seconds(), bytes / 1e6 / baseline.seconds(), baseline.cpuSeconds(),
                    generation.seconds() / baseline.seconds()));
        }
        System.out.printf("%,d people, %d days, seed %d, %d cores, %s %s%n%n", config.people(), config.days(), config.seed(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        System.out.println("| run | order | records | records/s | MB | gen s | gen MB/s | gen CPU s | raw s | raw MB/s "
                + "| raw CPU s | gen/raw |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    /** One timed phase: it starts from an empty directory; afterwards its files are synced and deleted. */
    private record Phase(long records, long nanos, long cpuNanos) {
        double seconds() {
            return nanos / 1e9;
        }

        double cpuSeconds() {
            return cpuNanos / 1e9;
        }
    }

    private static Phase generate(GeneratorConfig config, Path dir) throws IOException {
        long cpuStarted = Measurement.processCpuNanos();
        GenerationSummary summary = new DataGenerator(config).generate(dir);
        Phase phase = new Phase(summary.totalRecords(), summary.elapsed().toNanos(), Measurement.processCpuNanos() - cpuStarted);
        sync(dir);
        LoadHarness.deleteRecursively(dir);
        return phase;
    }

    /** Bytes of each file, in {@link #FILES} order. */
    private static long[] sizes(Path dir) throws IOException {
        long[] sizes = new long[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            sizes[i] = Files.size(dir.resolve(FILES[i]));
        }
        return sizes;
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum += value;
        }
        return sum;
    }

    /**
     * For each file, one write's worth of its real content in a direct buffer: the file's size over the number
     * of chunks, as the generator writes it.
     */
    private static ByteBuffer[] content(Path dir, long[] sizes, int people) throws IOException {
        int chunks = (people + PEOPLE_PER_CHUNK - 1) / PEOPLE_PER_CHUNK;
        ByteBuffer[] content = new ByteBuffer[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            int block = (int) Math.max(1, Math.min(sizes[i], Math.max(4_096, sizes[i] / chunks)));
            content[i] = ByteBuffer.allocateDirect(block);
            try (FileChannel channel = FileChannel.open(dir.resolve(FILES[i]), StandardOpenOption.READ)) {
                while (content[i].hasRemaining() && channel.read(content[i]) >= 0) {
                    // fill the block
                }
            }
            content[i].flip();
        }
        return content;
    }

    /** The baseline: each file written to its size by its own thread, one block per write. */
    private static Phase writeRaw(Path dir, long[] sizes, ByteBuffer[] content) throws Exception {
        Files.createDirectories(dir.resolve("truth"));
        long cpuStarted = Measurement.processCpuNanos();
        long started = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(FILES.length);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < FILES.length; i++) {
                int file = i;
                done.add(writers.submit(() -> {
                    writeFile(dir.resolve(FILES[file]), sizes[file], content[file]);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdownNow();
        }
        Phase phase = new Phase(0, System.nanoTime() - started, Measurement.processCpuNanos() - cpuStarted);
        sync(dir);
        LoadHarness.deleteRecursively(dir);
        return phase;
    }

    private static void writeFile(Path path, long size, ByteBuffer block) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer view = block.duplicate();
            for (long left = size; left > 0; left -= view.limit()) {
                view.clear().limit((int) Math.min(block.capacity(), left));
                while (view.hasRemaining()) {
                    channel.write(view);
                }
            }
        }
    }

    /** Flushes every file of the data set to the disk, so the next timed phase starts without dirty pages. */
    private static void sync(Path dir) throws IOException {
        for (String file : FILES) {
            try (FileChannel channel = FileChannel.open(dir.resolve(file), StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
    }
}
