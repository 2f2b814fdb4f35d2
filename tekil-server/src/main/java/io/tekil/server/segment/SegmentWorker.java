package io.tekil.server.segment;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that applies identity resolution's output to the segment maintainer, in the order it was resolved,
 * so resolving the next events and maintaining segments run on two cores. The queue is bounded: when segments
 * fall {@value #CAPACITY} changes behind, resolution waits, and through it ingestion slows down, rather than
 * memory growing. A failing task is logged and the next one runs.
 */
final class SegmentWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentWorker.class);
    static final int CAPACITY = 50_000;

    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private volatile boolean running = true;

    SegmentWorker() {
        this.thread = Thread.ofPlatform().name("tekil-segments").daemon().start(this::run);
    }

    /**
     * Queues a task after every task queued before; waits while the queue is full.
     *
     * @throws IllegalStateException when the worker thread has died
     */
    void submit(Runnable task) {
        if (!running) {
            throw new IllegalStateException("the segment worker is closed");
        }
        try {
            while (!queue.offer(task, 1, TimeUnit.SECONDS)) {
                if (!thread.isAlive()) {
                    throw new IllegalStateException("the segment worker has stopped; see the log for the error, and restart the server");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing a segment update", e);
        }
    }

    /**
     * Waits until every task queued before the call has run. Never call it from a task.
     *
     * @throws IllegalStateException when the worker thread has died (an error no task should raise)
     */
    void drain() {
        CountDownLatch done = new CountDownLatch(1);
        submit(done::countDown);
        try {
            while (!done.await(1, TimeUnit.SECONDS)) {
                if (!thread.isAlive()) {
                    throw new IllegalStateException("the segment worker has stopped; see the log for the error, and restart the server");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Runnable task;
            try {
                task = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task != null) {
                try {
                    task.run();
                } catch (RuntimeException | StackOverflowError e) {
                    LOG.error("a segment update failed; the next one goes on", e);
                } catch (Error e) {
                    LOG.error("the segment worker stopped; segments stay as they are until the server restarts", e);
                    throw e;
                }
            }
        }
    }

    /** Runs what is queued, then stops. */
    @Override
    public void close() {
        drain();
        running = false; // later submissions are refused; the loop ends once the queue is empty
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
