package io.tekil.core.segment.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Channel;
import io.tekil.core.event.MessageType;
import io.tekil.core.segment.HistoryEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Makes the events the maintainer holds small: only the properties some segment reads, in an immutable map shared
 * by every event that keeps the same properties (a {@code LinkedHashMap} per event costs about 180 bytes more), and
 * one shared {@link Kind} (type, name, channel, source) however many events have it. Most of the maintainer's
 * memory is its held events ({@link EventColumns}). Not thread-safe: the maintainer's lock guards it.
 */
final class HeldEvents {
    /** Kinds and property maps are shared only up to this many distinct ones, so free-text values cannot grow the tables without bound. */
    private static final int MAX_SHARED = 100_000;
    /** An empty object that cannot be changed, shared. */
    static final ObjectNode EMPTY = new ObjectNode(JsonNodeFactory.instance, Map.of());
    /** The message id of a held event turned back into a {@link HistoryEvent}: the maintainer keeps only its {@link #identity}. */
    static final String NO_MESSAGE_ID = "";

    /** What events share: their type, name, channel and source. */
    record Kind(MessageType type, String name, Channel channel, String source) {}

    private final Map<Kind, Kind> kinds = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private final Map<JsonNode, JsonNode> values = new HashMap<>();
    private final Map<ObjectNode, ObjectNode> propertyMaps = new HashMap<>();

    /** Adds the event to {@code columns}, keeping only {@code properties}; false when an event with its identity is held already. */
    boolean addOnce(EventColumns columns, String key, HistoryEvent event, Set<String> properties) {
        Instant time = event.timestamp();
        return columns.addOnce(key, identity(event), kind(event), kept(event.properties(), properties), time.getEpochSecond(), time.getNano());
    }

    /** Adds the event to {@code columns}, replacing a held copy of it. */
    void replace(EventColumns columns, String key, HistoryEvent event, Set<String> properties) {
        Instant time = event.timestamp();
        columns.replace(key, identity(event), kind(event), kept(event.properties(), properties), time.getEpochSecond(), time.getNano());
    }

    /**
     * An event's identity: a 64-bit hash of its source and message id (ingestion stores one event per message id
     * and source). Two different events of one profile share it with a chance of about one in 10^19.
     */
    static long identity(HistoryEvent event) {
        long hash = 0xcbf29ce484222325L; // FNV-1a over the characters, then a finalizer that spreads every bit
        hash = mix(hash, event.source());
        hash = (hash ^ 0xffff) * 0x100000001b3L; // a separator no character of the source can be
        hash = mix(hash, event.messageId());
        hash = (hash ^ (hash >>> 33)) * 0xff51afd7ed558ccdL;
        hash = (hash ^ (hash >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return hash ^ (hash >>> 33);
    }

    private static long mix(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }

    private Kind kind(HistoryEvent event) {
        return shared(kinds, new Kind(event.type(), event.name(), event.channel(), event.source()));
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
        if (kept.isEmpty()) {
            return EMPTY;
        }
        return shared(propertyMaps, new ObjectNode(JsonNodeFactory.instance, Map.copyOf(kept)));
    }

    private String share(String text) {
        return shared(strings, text);
    }

    private JsonNode share(JsonNode value) {
        return value.isContainerNode() ? value : shared(values, value);
    }

    /** The copy of {@code value} in {@code table}, or {@code value} itself (kept in the table while it has room). */
    private static <T> T shared(Map<T, T> table, T value) {
        T shared = table.get(value);
        if (shared != null) {
            return shared;
        }
        if (table.size() < MAX_SHARED) {
            table.put(value, value);
        }
        return value;
    }
}
