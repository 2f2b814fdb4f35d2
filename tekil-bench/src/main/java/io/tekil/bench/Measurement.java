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
 */
record Measurement(long events, long requests, long errors, long nanos, Histogram latencyMicros) {
    Measurement {
        requireNonNull(latencyMicros, "latencyMicros is null");
    }

    double eventsPerSecond() {
        return nanos == 0 ? 0 : events * 1e9 / nanos;
    }

    double seconds() {
        return nanos / 1e9;
    }
}
