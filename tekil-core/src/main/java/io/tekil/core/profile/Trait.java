package io.tekil.core.profile;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.core.event.Channel;
import java.time.Instant;

/**
 * One value of one profile attribute, with where and when it was said.
 *
 * @param value the JSON value as sent (a string, number, boolean, object such as an address, or array)
 * @param at the event time of the message that carried it
 */
public record Trait(String name, JsonNode value, String source, Channel channel, Instant at) {
    public Trait {
        requireNonNull(name, "name is null");
        requireNonNull(value, "value is null");
        requireNonNull(source, "source is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(at, "at is null");
    }
}
