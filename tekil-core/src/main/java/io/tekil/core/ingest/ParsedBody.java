package io.tekil.core.ingest;

import java.util.List;

/**
 * A request body split into its messages.
 *
 * @param writeKey the {@code writeKey} field of the body, or null
 * @param batchContext the batch-level {@code context}, merged under each message's own; null when absent or empty
 * @param batchSentAt the batch-level {@code sentAt} text, used for messages without their own; null when absent
 * @param utf8Checked whether the whole body is known to be valid UTF-8 ({@link BatchScanner} checked it), so
 *     the validator need not check each message again
 */
public record ParsedBody(String writeKey, BatchContext batchContext, String batchSentAt, List<RawMessage> messages, boolean utf8Checked) {
    public ParsedBody {
        messages = List.copyOf(messages);
    }

    /** A body whose UTF-8 is not checked yet. */
    public ParsedBody(String writeKey, BatchContext batchContext, String batchSentAt, List<RawMessage> messages) {
        this(writeKey, batchContext, batchSentAt, messages, false);
    }
}
