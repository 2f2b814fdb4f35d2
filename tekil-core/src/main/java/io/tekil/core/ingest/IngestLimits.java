package io.tekil.core.ingest;

/**
 * Size limits on what a client may send, in bytes of uncompressed JSON.
 *
 * @param maxEventBytes the largest single message (Segment: 32 KB)
 * @param maxBatchBytes the largest request body (Segment: 500 KB)
 */
public record IngestLimits(int maxEventBytes, int maxBatchBytes) {
    /** The limits Segment documents for its HTTP Tracking API. */
    public static final IngestLimits SEGMENT = new IngestLimits(32 * 1024, 500 * 1024);

    public IngestLimits {
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException(String.format("maxEventBytes must be at least 1, was %s", maxEventBytes));
        }
        if (maxBatchBytes < maxEventBytes) {
            throw new IllegalArgumentException(String.format(
                    "maxBatchBytes (%s) must be at least maxEventBytes (%s)", maxBatchBytes, maxEventBytes));
        }
    }
}
