package io.tekil.core.ingest;

import java.util.List;

/**
 * A request body split into its messages.
 *
 * @param writeKey the {@code writeKey} field of the body, or null
 * @param batchContext the batch-level {@code context}, merged under each message's own; null when absent or empty
 * @param batchSentAt the batch-level {@code sentAt} text, used for messages without their own; null when absent
 */
public record ParsedBody(String writeKey, BatchContext batchContext, String batchSentAt, List<RawMessage> messages) {
    public ParsedBody {
        messages = List.copyOf(messages);
    }
}
