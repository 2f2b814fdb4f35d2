package io.tekil.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: {@code concurrency} threads, each on its own keep-alive connection, post the next
 * unsent body as soon as their previous one is acknowledged, until every body is sent or the time limit
 * passes. Latency is measured from just before writing a request to having read its whole response.
 *
 * <p>Closed-loop load never sends faster than the server answers, so the latencies are those of a server
 * at its own pace (no coordinated-omission correction); the throughput is the most the server sustains at
 * that many connections.
 */
final class LoadRun {
    private LoadRun() {}

    static Measurement run(LoadClient client, StampedBodies bodies, int concurrency, Duration limit) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong events = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Histogram> latencies = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(concurrency);
        CountDownLatch start = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Histogram latency = new Histogram(3);
            latencies.add(latency);
            threads.add(Thread.ofPlatform().name("load-" + t).start(() -> {
                LoadClient.Connection connection = null;
                try {
                    connection = client.connect();
                    connected.countDown();
                    start.await();
                    int i;
                    while ((i = next.getAndIncrement()) < bodies.size() && System.nanoTime() < deadline[0]) {
                        long sent = System.nanoTime();
                        try {
                            int acknowledged = connection.post(bodies, i);
                            latency.recordValue((System.nanoTime() - sent) / 1_000);
                            events.addAndGet(acknowledged);
                            requests.incrementAndGet();
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.getMessage());
                            if (!(e instanceof LoadClient.RejectedRequest)) {
                                closeQuietly(connection);
                                connection = client.connect();
                            }
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    firstError.compareAndSet(null, e.toString());
                    errors.incrementAndGet();
                    connected.countDown();
                } finally {
                    closeQuietly(connection);
                }
            }));
        }
        connected.await();
        long cpuStarted = Measurement.processCpuNanos();
        long started = System.nanoTime();
        deadline[0] = started + limit.toNanos();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - started;
        long cpu = Measurement.processCpuNanos() - cpuStarted;
        if (firstError.get() != null) {
            System.err.printf("  %d requests failed; the first: %s%n", errors.get(), firstError.get());
        }
        if (next.get() < bodies.size()) {
            System.err.printf("  stopped at the time limit of %s with %d of %d requests sent%n", limit, next.get(), bodies.size());
        }
        Histogram merged = new Histogram(3);
        latencies.forEach(merged::add);
        return new Measurement(events.get(), requests.get(), errors.get(), elapsed, merged, cpu);
    }

    private static void closeQuietly(LoadClient.Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
        }
    }
}
