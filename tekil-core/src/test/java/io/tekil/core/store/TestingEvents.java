package io.tekil.core.store;

import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import java.time.Instant;

/** Builds events for storage tests. */
public final class TestingEvents {
    private TestingEvents() {}

    public static Event track(String source, String messageId, String userId, String name, Instant timestamp) {
        String json = String.format(
                "{\"type\":\"track\",\"messageId\":\"%s\",\"userId\":\"%s\",\"event\":\"%s\",\"timestamp\":\"%s\","
                        + "\"properties\":{\"category\":\"Ayakkabı\",\"price\":1299.9,\"currency\":\"TRY\"}}",
                messageId, userId, name, timestamp);
        return new Event(source, Channel.WEB, messageId, MessageType.TRACK, name, userId, null, null, null,
                timestamp, timestamp.plusMillis(5), timestamp.plusMillis(20), Event.profileKeyOf(userId, null),
                "Ayakkabı", 1299.9, null, "TRY", JsonText.of(json));
    }
}
