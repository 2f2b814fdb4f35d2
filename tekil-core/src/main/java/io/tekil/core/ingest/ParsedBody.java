package io.tekil.core.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A request body split into its messages.
 *
 * @param writeKey the {@code writeKey} field of the body, or null
 * @param batchContext the batch-level {@code context}, merged under each message's own; null when absent
 * @param batchSentAt the batch-level {@code sentAt} text, used for messages without their own; null when absent
 */
public record ParsedBody(String writeKey, ObjectNode batchContext, String batchSentAt, List<RawMessage> messages) {
    public ParsedBody {
        messages = List.copyOf(messages);
    }
}
