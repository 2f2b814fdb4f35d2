package io.tekil.datagen;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One writer thread per output file, so that the kernel's copying of different files into the page cache runs
 * on every core: the bottleneck of generation is writing, not generating. Chunks handed to {@link #write} in
 * order are written in that order to each file; a chunk goes back to the free list once every file has it.
 *
 * <p>At most {@code capacity} chunks exist at once ({@link #acquire} blocks until one is free), which bounds
 * memory. A write failure is kept and rethrown by {@link #finish} (and by later calls), and the remaining
 * writes are skipped, so the producer never waits for a writer that has failed.
 */
final class ChunkWriters implements AutoCloseable {
    private static final OutputFile[] FILES = OutputFile.values();

    private final OutputFiles files;
    private final ExecutorService[] writers = new ExecutorService[FILES.length];
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Chunk> free = new ConcurrentLinkedQueue<>();
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    ChunkWriters(OutputFiles files, int capacity) {
        this.files = files;
        this.permits = new Semaphore(capacity);
        for (OutputFile file : FILES) {
            writers[file.ordinal()] = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "tekil-datagen-write-" + file.fileName());
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /** A chunk to fill, when one is free without waiting, else null. */
    Chunk tryAcquire() {
        return permits.tryAcquire() ? take() : null;
    }

    /** A chunk to fill, waiting until the writers have released one. */
    Chunk acquire() throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the file writers", e);
        }
        return take();
    }

    private Chunk take() {
        Chunk chunk = free.poll();
        return chunk != null ? chunk : new Chunk();
    }

    /** Queues a filled chunk for every file; chunks must be handed over in chunk order. */
    void write(Chunk chunk) throws IOException {
        throwIfFailed();
        AtomicInteger remaining = new AtomicInteger(FILES.length);
        for (OutputFile file : FILES) {
            writers[file.ordinal()].execute(() -> {
                try {
                    if (failure.get() == null) {
                        files.write(chunk, file);
                    }
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, new IOException("writing " + file.fileName() + " failed", e));
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        free.add(chunk);
                        permits.release();
                    }
                }
            });
        }
    }

    /** Waits until everything queued is written; rethrows the first write failure. */
    void finish() throws IOException {
        for (ExecutorService writer : writers) {
            writer.shutdown();
        }
        try {
            for (ExecutorService writer : writers) {
                while (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                    // large outputs on slow disks take long; keep waiting
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the file writers", e);
        }
        throwIfFailed();
    }

    private void throwIfFailed() throws IOException {
        IOException failed = failure.get();
        if (failed != null) {
            throw new IOException("writing the generated files failed: " + failed.getMessage(), failed);
        }
    }

    /** Stops the writer threads without waiting (after a failure elsewhere). */
    @Override
    public void close() {
        for (ExecutorService writer : writers) {
            writer.shutdownNow();
        }
    }
}
