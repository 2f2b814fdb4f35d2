package io.tekil.importer;

import java.time.Duration;

/**
 * What an import did. Every row read is either part of an imported or duplicate message, or rejected.
 *
 * @param rowsRead records read (CSV rows without the header, or non-blank lines)
 * @param messages messages made from them (a group of rows makes one)
 * @param imported messages stored now
 * @param duplicates messages that were already stored (a re-import)
 * @param rejected records not imported, each reported with its line and reason
 */
public record ImportResult(long rowsRead, long messages, long imported, long duplicates, long rejected, Duration elapsed) {
    public double rowsPerSecond() {
        return elapsed.isZero() ? 0 : rowsRead / (elapsed.toNanos() / 1e9);
    }

    public String summary() {
        return String.format("%,d rows read, %,d messages: %,d imported, %,d already present; %,d rows rejected (%.1f s, %,.0f rows/s)",
                rowsRead, messages, imported, duplicates, rejected, elapsed.toNanos() / 1e9, rowsPerSecond());
    }
}
