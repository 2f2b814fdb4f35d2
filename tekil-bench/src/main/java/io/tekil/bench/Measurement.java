package io.tekil.bench;

import static java.util.Objects.requireNonNull;

import org.HdrHistogram.Histogram;

/**
 * What one timed phase of a run achieved.
 *
 * @param events events acknowledged (HTTP modes) or committed (raw modes)
 * @param requests requests answered 200, or transactions committed
 * @param errors requests answered otherwise or failed on the connection
 * @param nanos wall time from the first request to the last answer
 * @param latencyMicros per request (or per transaction) latency, in microseconds
 * @param cpuNanos CPU time the whole process (client, server and DuckDB threads) used during the phase
 */
record Measurement(long events, long requests, long errors, long nanos, Histogram latencyMicros, long cpuNanos) {
    Measurement {
        requireNonNull(latencyMicros, "latencyMicros is null");
    }

    /** This process's CPU time so far, in nanoseconds, all threads together. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU microseconds the process spent per event. */
    double cpuMicrosPerEvent() {
        return events == 0 ? 0 : cpuNanos / 1e3 / events;
    }

    double eventsPerSecond() {
        return nanos == 0 ? 0 : events * 1e9 / nanos;
    }

    double seconds() {
        return nanos / 1e9;
    }
}
