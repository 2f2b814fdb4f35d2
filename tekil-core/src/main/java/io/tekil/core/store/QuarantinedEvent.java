package io.tekil.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A message that was rejected, kept so an operator can see what was wrong.
 *
 * @param index the message's position in its request
 * @param messageId the client's message id, or null when it had none
 * @param json the message as the client sent it
 */
public record QuarantinedEvent(String source, Instant receivedAt, int index, String messageId, String reason, String json) {
    public QuarantinedEvent {
        requireNonNull(source, "source is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(json, "json is null");
    }
}
