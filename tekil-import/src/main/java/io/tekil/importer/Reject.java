package io.tekil.importer;

import static java.util.Objects.requireNonNull;

/**
 * A record that was not imported.
 *
 * @param line the line it starts on (1-based, the header is line 1)
 * @param reason what is wrong, naming the column and value
 * @param text the record as read
 */
public record Reject(long line, String reason, String text) {
    public Reject {
        requireNonNull(reason, "reason is null");
        requireNonNull(text, "text is null");
    }

    /** {@code line 1841: column 'amount' value '12,5a' is not a number}. */
    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
