package io.tekil.datagen;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What one {@link DataGenerator#generate} call wrote. Each count is a number of records (lines after the header)
 * in one file, except {@code posReceipts}, which counts receipts in {@code pos-transactions.csv} (one row per
 * receipt line), and {@code people}.
 *
 * @param totalRecords web + mobile events + POS rows + calls + CRM contacts + e-mail rows (the ground truth
 *     files not included)
 * @param elapsed wall-clock time of the whole generation, files closed
 */
public record GenerationSummary(
        long people,
        long webEvents,
        long mobileEvents,
        long posRows,
        long posReceipts,
        long calls,
        long crmContacts,
        long emailRows,
        long totalRecords,
        Duration elapsed) {
    public GenerationSummary {
        requireNonNull(elapsed, "elapsed is null");
        if (totalRecords != webEvents + mobileEvents + posRows + calls + crmContacts + emailRows) {
            throw new IllegalArgumentException(String.format(
                    "totalRecords %s is not the sum of the per-file counts", totalRecords));
        }
    }

    /** Records per second over {@link #elapsed}; 0 when no time was measured. */
    public double recordsPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : totalRecords * 1e9 / nanos;
    }
}
