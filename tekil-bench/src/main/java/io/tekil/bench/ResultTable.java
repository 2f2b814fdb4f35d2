package io.tekil.bench;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Renders the harness's results as one Markdown table. */
final class ResultTable {
    private ResultTable() {}

    /**
     * @param baseline the run the "× raw" column divides by, or null to leave the column empty
     */
    static String markdown(List<RunResult> results, RunResult baseline) {
        StringBuilder table = new StringBuilder();
        table.append("| mode | conns | rows/txn | events | s | events/s | × raw | catch-up s | in DuckDB events/s | ack p50 ms "
                + "| ack p99 ms | ack max ms | CPU µs/event | commits | events/commit | commit p50 ms | commit p99 ms | errors "
                + "| stored = acked |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (RunResult result : results) {
            Measurement m = result.measurement();
            Histogram latency = m.latencyMicros();
            boolean raw = result.appends() == null;
            long commits = raw ? m.requests() : result.appends().commits();
            double perCommit = raw ? result.rowsPerTransaction() : result.appends().groupSizes().getMean();
            Histogram commitMicros = raw ? latency : result.appends().micros();
            table.append(String.format(Locale.ROOT, "| %s | %d | %s | %,d | %.1f | %,.0f | %s | %.1f | %,.0f | %s | %s | %s | %.1f | %,d | %,.0f | %s | %s | %d | %s |%n",
                    result.mode(),
                    result.connections(),
                    raw ? String.format(Locale.ROOT, "%,d", result.rowsPerTransaction()) : "group",
                    m.events(),
                    m.seconds(),
                    m.eventsPerSecond(),
                    baseline == null ? "—" : String.format(Locale.ROOT, "%.2f", m.eventsPerSecond() / baseline.measurement().eventsPerSecond()),
                    result.catchUpSeconds(),
                    result.loadedEventsPerSecond(),
                    millis(latency, 50),
                    millis(latency, 99),
                    millis(latency, 100),
                    m.cpuMicrosPerEvent(),
                    commits,
                    perCommit,
                    millis(commitMicros, 50),
                    millis(commitMicros, 99),
                    m.errors(),
                    result.check()));
        }
        return table.toString();
    }

    private static String millis(Histogram micros, double percentile) {
        if (micros.getTotalCount() == 0) {
            return "—";
        }
        long value = percentile >= 100 ? micros.getMaxValue() : micros.getValueAtPercentile(percentile);
        return String.format(Locale.ROOT, "%.1f", value / 1000.0);
    }
}
