package io.tekil.datagen;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Generates a realistic Turkish e-commerce data set with its ground truth into a directory:
 *
 * <ul>
 *   <li>{@code web.ndjson}, {@code mobile.ndjson}: Segment messages from analytics.js and the mobile SDKs
 *   <li>{@code pos-transactions.csv} (UTF-8 with BOM, {@code ;}, decimal comma), {@code call-center.csv},
 *       {@code crm-contacts.csv}, {@code email-engagement.csv}
 *   <li>{@code truth/people.csv}, {@code truth/identifiers.csv}, {@code truth/records.csv},
 *       {@code truth/noise.csv}: the true person of every record and identifier, and the deliberate noise
 * </ul>
 *
 * <p>Design: people are independent. Person {@code i} is generated from random streams seeded by (seed, i)
 * only, so the output is the concatenation, in person order, of each person's records, and is byte-identical
 * for the same config whatever the number of threads. Worker threads fill {@link Chunk}s of
 * {@value #PEOPLE_PER_CHUNK} people into byte buffers; the calling thread hands finished chunks, in order, to
 * one writer thread per file ({@link ChunkWriters}), and at most a few chunks per worker exist at once, so
 * memory stays at a few buffers per thread. Writing, not generating, is what limits the speed. Records of a
 * file are in time order per person, not across people.
 *
 * <p>An instance holds only its config and may be used from any thread; concurrent calls must write to
 * different directories.
 */
public final class DataGenerator {
    static final int PEOPLE_PER_CHUNK = 128;
    private static final int CHUNKS_IN_FLIGHT_PER_THREAD = 3;

    private final GeneratorConfig config;
    private final int threads;

    public DataGenerator(GeneratorConfig config) {
        this(config, Runtime.getRuntime().availableProcessors());
    }

    /** With an explicit number of worker threads (the output does not depend on it). */
    DataGenerator(GeneratorConfig config, int threads) {
        this.config = requireNonNull(config, "config is null");
        if (threads < 1) {
            throw new IllegalArgumentException(String.format("threads must be at least 1, was %s", threads));
        }
        this.threads = threads;
    }

    /**
     * Writes every file into {@code outDir} (created if missing; existing files of the same names are
     * replaced) and returns the counts. Deterministic: the same config gives byte-identical files.
     */
    public GenerationSummary generate(Path outDir) throws IOException {
        return generate(outDir, written -> { });
    }

    /**
     * As {@link #generate(Path)}, reporting progress: {@code progress} is called on the calling thread each
     * time a chunk of people has been generated and queued for writing, with the number of records so far.
     */
    public GenerationSummary generate(Path outDir, LongConsumer progress) throws IOException {
        requireNonNull(outDir, "outDir is null");
        requireNonNull(progress, "progress is null");
        long started = System.nanoTime();
        Timeline timeline = new Timeline(config.startDate(), config.days());
        Catalog catalog = new Catalog();
        List<Campaign> campaigns = Campaigns.of(timeline);
        PersonFactory factory = new PersonFactory(config, catalog);
        EmailDirectory emails = EmailDirectory.build(factory);
        ThreadLocal<ChunkFiller> fillers = ThreadLocal.withInitial(
                () -> new ChunkFiller(factory, emails, timeline, catalog, campaigns));

        int people = config.people();
        int chunks = (people + PEOPLE_PER_CHUNK - 1) / PEOPLE_PER_CHUNK;
        int window = threads * CHUNKS_IN_FLIGHT_PER_THREAD;
        long[] records = new long[OutputFile.values().length];
        long posReceipts = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        try (OutputFiles files = OutputFiles.create(outDir); ChunkWriters writers = new ChunkWriters(files, window + 2)) {
            ArrayDeque<Future<Chunk>> pending = new ArrayDeque<>();
            int next = 0;
            long generated = 0;
            for (int done = 0; done < chunks; done++) {
                while (next < chunks && pending.size() < window) {
                    // block for a free chunk only when nothing is pending, else the writers could wait on us
                    Chunk chunk = pending.isEmpty() ? writers.acquire() : writers.tryAcquire();
                    if (chunk == null) {
                        break;
                    }
                    pending.add(submit(pool, fillers, chunk, next++, people));
                }
                Chunk chunk = await(pending.poll());
                for (int i = 0; i < records.length; i++) {
                    records[i] += chunk.records[i];
                    generated += chunk.records[i];
                }
                posReceipts += chunk.posReceipts;
                writers.write(chunk);
                progress.accept(generated);
            }
            writers.finish();
        } finally {
            pool.shutdownNow();
        }
        long web = records[OutputFile.WEB.ordinal()];
        long mobile = records[OutputFile.MOBILE.ordinal()];
        long pos = records[OutputFile.POS.ordinal()];
        long calls = records[OutputFile.CALLS.ordinal()];
        long crm = records[OutputFile.CRM.ordinal()];
        long email = records[OutputFile.EMAIL.ordinal()];
        return new GenerationSummary(people, web, mobile, pos, posReceipts, calls, crm, email,
                web + mobile + pos + calls + crm + email, Duration.ofNanos(System.nanoTime() - started));
    }

    private static Future<Chunk> submit(ExecutorService pool, ThreadLocal<ChunkFiller> fillers, Chunk chunk,
            int chunkIndex, int people) {
        int first = chunkIndex * PEOPLE_PER_CHUNK;
        int end = Math.min(people, first + PEOPLE_PER_CHUNK);
        return pool.submit(() -> fillers.get().fill(chunk, first, end));
    }

    private static Chunk await(Future<Chunk> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating data", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("generating a chunk of people failed", cause);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "tekil-datagen-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
