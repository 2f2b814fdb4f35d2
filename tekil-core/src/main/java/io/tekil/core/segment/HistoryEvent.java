package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.profile.TimelineEvent;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What a rule can see of one event: its type, name, channel, source, time and properties (and its message id,
 * to show as evidence).
 *
 * @param name the event name of a track, the page or screen name of a page or screen; null otherwise
 * @param properties the {@code properties} object as sent (an empty object when there were none)
 */
public record HistoryEvent(String messageId, MessageType type, String name, Channel channel, String source, Instant timestamp, JsonNode properties) {
    public HistoryEvent {
        requireNonNull(messageId, "messageId is null");
        requireNonNull(type, "type is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(source, "source is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(properties, "properties is null");
    }

    /**
     * What a rule can see of a stored event. Only the message's {@code properties} are read into a tree; the rest
     * (context, traits, integrations: most of a message) is skipped by the parser without building anything.
     */
    public static HistoryEvent of(Event event, ObjectMapper mapper) {
        return new HistoryEvent(event.messageId(), event.type(), event.name(), event.channel(), event.source(), event.timestamp(),
                properties(event.json(), event.messageId(), mapper));
    }

    /** The same, of an event of a profile's timeline. */
    public static HistoryEvent of(TimelineEvent event, ObjectMapper mapper) {
        return new HistoryEvent(event.messageId(), event.type(), event.name(), event.channel(), event.source(), event.timestamp(),
                properties(event.json(), event.messageId(), mapper));
    }

    private static JsonNode properties(JsonText json, String messageId, ObjectMapper mapper) {
        JsonNode properties = null;
        try (JsonParser parser = mapper.createParser(json.utf8())) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (field.equals("properties")) {
                        properties = mapper.readTree(parser);
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("a stored event is not JSON: " + messageId, e);
        }
        return properties != null && properties.isObject() ? properties : mapper.createObjectNode();
    }

    /** The property at a dotted path; a missing node when there is none. */
    public JsonNode property(String path) {
        return path(properties, path);
    }

    static JsonNode path(JsonNode root, String path) {
        JsonNode whole = root.get(path);
        if (whole != null || path.indexOf('.') < 0) {
            return whole == null ? MissingNode.getInstance() : whole;
        }
        JsonNode node = root;
        for (String part : path.split("\\.", -1)) {
            // into a list by position from 0, as a JSON Pointer reads it
            node = node.isArray() && part.matches("0|[1-9][0-9]{0,8}") ? node.path(Integer.parseInt(part)) : node.path(part);
        }
        return node;
    }
}
