package io.tekil.core.ingest;

import static java.util.Objects.requireNonNull;

/**
 * Why one message of a request was not accepted. Rejected messages are quarantined, never dropped silently.
 *
 * @param index the message's position in its batch
 * @param messageId the client's message id when it had a usable one, else null
 * @param reason what was wrong and how to fix it
 * @param json the message as the client sent it
 */
public record Rejection(int index, String messageId, String reason, String json) {
    public Rejection {
        requireNonNull(reason, "reason is null");
        requireNonNull(json, "json is null");
    }
}
