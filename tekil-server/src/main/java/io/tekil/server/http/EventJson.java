package io.tekil.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Event;
import io.tekil.core.store.QuarantinedEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How stored events look in the admin API: the message as the client sent it, plus {@code receivedAt} (set by
 * the server, as in Segment), a {@code tekil} object with the source and its channel (nested, so it never hides
 * a field the client sent, such as RudderStack's own {@code "channel":"server"}), and what Tekil derived when
 * the client left it out ({@code messageId}, {@code type}, {@code timestamp}, {@code sentAt}).
 */
final class EventJson {
    private EventJson() {}

    static ObjectNode of(Event event, ObjectMapper mapper) {
        ObjectNode json;
        try {
            JsonNode parsed = mapper.readTree(event.json().utf8());
            json = parsed instanceof ObjectNode object ? object : mapper.createObjectNode();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored event " + event.messageId() + " is not JSON", e);
        }
        putIfAbsent(json, "messageId", event.messageId());
        putIfAbsent(json, "type", event.type().id());
        putIfAbsent(json, "timestamp", event.timestamp().toString());
        if (event.sentAt() != null) {
            putIfAbsent(json, "sentAt", event.sentAt().toString());
        }
        json.put("receivedAt", event.receivedAt().toString());
        ObjectNode tekil = json.putObject("tekil");
        tekil.put("source", event.source());
        tekil.put("channel", event.channel().id());
        return json;
    }

    static Map<String, Object> of(QuarantinedEvent event, ObjectMapper mapper) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", event.source());
        json.put("receivedAt", event.receivedAt().toString());
        json.put("index", event.index());
        json.put("messageId", event.messageId());
        json.put("reason", event.reason());
        JsonNode payload;
        try {
            payload = mapper.readTree(event.json());
        } catch (JsonProcessingException e) {
            payload = mapper.getNodeFactory().textNode(event.json());
        }
        json.put("payload", payload);
        return json;
    }

    private static void putIfAbsent(ObjectNode json, String field, String value) {
        if (!json.hasNonNull(field)) {
            json.put(field, value);
        }
    }
}
