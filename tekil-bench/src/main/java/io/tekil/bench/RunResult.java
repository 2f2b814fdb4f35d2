package io.tekil.bench;

import static java.util.Objects.requireNonNull;

/**
 * One row of the harness's report.
 *
 * @param mode raw-appender, raw-store, discard or durable
 * @param connections HTTP connections, or 1 for the single-threaded raw modes
 * @param rowsPerTransaction for raw modes; 0 for HTTP modes, whose transactions are as large as the group committer makes them
 * @param appends what the server's committer did in the timed phase; null for raw modes
 * @param check whether the store holds exactly the acknowledged events: "ok", "n/a", or what differs
 */
record RunResult(String mode, int connections, int rowsPerTransaction, Measurement measurement, MeasuredStorage.Appends appends,
        String check, double catchUpSeconds) {

    /** Events per second counting until DuckDB held them all: the rate the store sustains, not only acknowledges. */
    double loadedEventsPerSecond() {
        return measurement.events() / (measurement.seconds() + catchUpSeconds);
    }
    RunResult {
        requireNonNull(mode, "mode is null");
        requireNonNull(measurement, "measurement is null");
        requireNonNull(check, "check is null");
    }
}
