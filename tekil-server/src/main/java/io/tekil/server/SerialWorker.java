package io.tekil.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs tasks in the order they were queued, so a producer (identity resolution) goes on while a
 * slower consumer (segment maintenance, writing to storage) works through its queue on another core. The queue is
 * bounded: when it is full, queueing waits, and through it the producer slows down, rather than memory growing. A
 * failing task is logged and the next one runs; an {@link Error} stops the thread, and queueing then fails loudly.
 */
public final class SerialWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialWorker.class);

    private final String name;
    private final BlockingQueue<Runnable> queue;
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts the thread, named {@code name}, with room for {@code capacity} waiting tasks. */
    public SerialWorker(String name, int capacity) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /**
     * Queues a task after every task queued before; waits while the queue is full.
     *
     * @throws IllegalStateException when the worker thread has died
     */
    public void submit(Runnable task) {
        if (!running) {
            throw new IllegalStateException(name + " is closed");
        }
        try {
            while (!queue.offer(task, 1, TimeUnit.SECONDS)) {
                if (!thread.isAlive()) {
                    throw new IllegalStateException(name + " has stopped; see the log for the error, and restart the server");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing work for " + name, e);
        }
    }

    /**
     * Waits until every task queued before the call has run. Never call it from a task.
     *
     * @throws IllegalStateException when the worker thread has died (an error no task should raise)
     */
    public void drain() {
        CountDownLatch done = new CountDownLatch(1);
        submit(done::countDown);
        try {
            while (!done.await(1, TimeUnit.SECONDS)) {
                if (!thread.isAlive()) {
                    throw new IllegalStateException(name + " has stopped; see the log for the error, and restart the server");
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
                    LOG.error("a task of {} failed; the next one goes on", name, e);
                } catch (Error e) {
                    LOG.error("{} stopped; what it does stays undone until the server restarts", name, e);
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
