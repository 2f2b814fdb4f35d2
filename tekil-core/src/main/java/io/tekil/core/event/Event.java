package io.tekil.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One accepted message, as stored.
 *
 * <p>{@code json} is the message exactly as the client sent it, as UTF-8 (batch-level context merged in where the
 * client sent one), so nothing the client sent is lost. The other fields are the columns Tekil promotes
 * out of it for queries: the Spec identifiers, the event time after clock-skew correction, and a few
 * commerce properties.
 *
 * @param source the source name
 * @param name the event name for track, the page or screen name for page and screen, else null
 * @param timestamp when the event happened: the client's {@code timestamp}, else the skew-corrected
 *     {@code originalTimestamp}, else {@code receivedAt}; never null
 * @param sentAt when the client sent it, from the message or its batch; null when the client did not say
 * @param profileKey the key of the event's strongest linkable identifier under the identity rules, such as
 *     {@code email:ayse@example.com}: identity resolution attributes the event to whatever profile that identifier
 *     is in, so merges and unmerges re-attribute events without rewriting them. An event whose identifiers are all
 *     blocked or invalid keeps a provisional key ({@code user:<userId>}, else {@code anon:<anonymousId>}, else
 *     {@code <type>:<id>} of its first external id) that belongs to no profile
 * @param category {@code properties.category} as text when it is a string or a number (a number's digits), else
 *     null; always derived from {@code json} this way ({@link io.tekil.core.ingest.MessageValidator}), which the
 *     segment engine relies on to read it instead of the JSON for text tests that no number can pass
 * @param currency {@code properties.currency}, derived the same way
 */
public record Event(
        String source,
        Channel channel,
        String messageId,
        MessageType type,
        String name,
        String userId,
        String anonymousId,
        String groupId,
        String previousId,
        Instant timestamp,
        Instant sentAt,
        Instant receivedAt,
        String profileKey,
        String category,
        Double price,
        Double revenue,
        String currency,
        JsonText json) {

    public Event {
        requireNonNull(source, "source is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(messageId, "messageId is null");
        requireNonNull(type, "type is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(profileKey, "profileKey is null");
        requireNonNull(json, "json is null");
    }

    public static String profileKeyOf(String userId, String anonymousId) {
        if (userId != null) {
            return "user:" + userId;
        }
        return "anon:" + requireNonNull(anonymousId, "userId and anonymousId are both null");
    }

    /** A 64-bit hash of a profile key's UTF-8 bytes, which stores index to find a profile's events. */
    public static long profileKeyHash(byte[] profileKeyUtf8) {
        return io.tekil.core.ingest.MessageKey.hash(profileKeyUtf8).high();
    }

    public static long profileKeyHash(String profileKey) {
        return profileKeyHash(profileKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
