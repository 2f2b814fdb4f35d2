package io.tekil.core.profile;

import static java.util.Objects.requireNonNull;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import java.time.Instant;

/**
 * One event as a profile's timeline shows it: where it came from, what it was, its place in the timeline, the key it
 * was attributed by, and the message as stored. The columns Tekil promotes for queries that a timeline does not show
 * (the Spec's ids, {@code sentAt}, the commerce properties; all of them are in the message) are left out, so a store
 * reads less for each page.
 *
 * @param name the event name for track, the page or screen name for page and screen, else null
 * @param profileKey the key of the event's strongest linkable identifier (see {@link Event#profileKey()})
 */
public record TimelineEvent(
        String source,
        Channel channel,
        String messageId,
        MessageType type,
        String name,
        Instant timestamp,
        Instant receivedAt,
        String profileKey,
        JsonText json) {

    public TimelineEvent {
        requireNonNull(source, "source is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(messageId, "messageId is null");
        requireNonNull(type, "type is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(profileKey, "profileKey is null");
        requireNonNull(json, "json is null");
    }

    public static TimelineEvent of(Event event) {
        return new TimelineEvent(event.source(), event.channel(), event.messageId(), event.type(), event.name(), event.timestamp(),
                event.receivedAt(), event.profileKey(), event.json());
    }
}
