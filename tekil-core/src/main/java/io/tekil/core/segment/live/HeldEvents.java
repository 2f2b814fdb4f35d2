package io.tekil.core.segment.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.segment.HistoryEvent;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Makes the events the maintainer holds small: only the properties some segment reads, in an immutable map
 * (a {@code LinkedHashMap} per event costs about 180 bytes more), and one shared copy of every event name,
 * source and small property value (a category, a price) however many events carry it. Most of the maintainer's
 * memory is its held events, so this is most of its memory per profile. Not thread-safe: the maintainer's lock
 * guards it.
 */
final class HeldEvents {
    /** Values are shared only up to this many distinct ones, so free-text properties cannot grow the table without bound. */
    private static final int MAX_SHARED = 100_000;
    /** An empty object that cannot be changed, shared. */
    static final ObjectNode EMPTY = new ObjectNode(JsonNodeFactory.instance, Map.of());

    private final Map<String, String> strings = new HashMap<>();
    private final Map<JsonNode, JsonNode> values = new HashMap<>();

    /** The event as the maintainer keeps it: {@code properties} only, everything shareable shared. */
    HistoryEvent hold(HistoryEvent event, Set<String> properties) {
        return new HistoryEvent(event.messageId(), event.type(), event.name() == null ? null : share(event.name()), event.channel(), share(event.source()),
                event.timestamp(), kept(event.properties(), properties));
    }

    private ObjectNode kept(JsonNode all, Set<String> names) {
        if (names.isEmpty() || all.isEmpty()) {
            return EMPTY;
        }
        Map<String, JsonNode> kept = new HashMap<>(4);
        if (all.size() <= names.size()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = all.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (names.contains(field.getKey())) {
                    kept.put(share(field.getKey()), share(field.getValue()));
                }
            }
        } else {
            for (String name : names) {
                JsonNode value = all.get(name);
                if (value != null) {
                    kept.put(name, share(value));
                }
            }
        }
        return kept.isEmpty() ? EMPTY : new ObjectNode(JsonNodeFactory.instance, Map.copyOf(kept));
    }

    private String share(String text) {
        String shared = strings.get(text);
        if (shared != null) {
            return shared;
        }
        if (strings.size() < MAX_SHARED) {
            strings.put(text, text);
        }
        return text;
    }

    private JsonNode share(JsonNode value) {
        if (value.isContainerNode()) {
            return value;
        }
        JsonNode shared = values.get(value);
        if (shared != null) {
            return shared;
        }
        if (values.size() < MAX_SHARED) {
            values.put(value, value);
        }
        return value;
    }
}
