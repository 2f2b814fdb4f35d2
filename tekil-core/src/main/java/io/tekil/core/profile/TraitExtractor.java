package io.tekil.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.ingest.BatchContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The traits an event states: every field of an identify call's {@code traits} and of any message's
 * {@code context.traits} (where Segment's libraries repeat the known traits on every call). The top-level
 * {@code traits} win over the context's for the same name. A null value states nothing (it does not erase a
 * trait; erasure is a privacy request). Thread-safe.
 */
public final class TraitExtractor {
    private static final JsonText.Needle TRAITS = JsonText.needle("\"traits\"");
    /** A unicode escape, with which a message can spell the name {@code traits} without those bytes. */
    private static final JsonText.Needle ESCAPE = JsonText.needle("\\u");

    private final ObjectMapper mapper;

    public TraitExtractor(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The traits {@code event} states, timed at its event time; empty for most events, which carry none. */
    public List<Trait> extract(Event event) {
        byte[] json = event.json().utf8();
        if (!TRAITS.foundIn(json) && !ESCAPE.foundIn(json)) {
            return List.of();
        }
        JsonNode message;
        try {
            message = mapper.readTree(json);
        } catch (IOException e) {
            return List.of(); // stored events are valid JSON; nothing to state otherwise
        }
        return extract(event, message, null);
    }

    /**
     * The traits {@code event} states, read from its message's tree and, when the batch's context was merged into the
     * message's bytes only, the batch context's tree beside it ({@link BatchContext#mergedContextField}): how the
     * validator finds them in the trees it already has.
     */
    public static List<Trait> extract(Event event, JsonNode message, JsonNode batchContext) {
        JsonNode contextTraits = BatchContext.mergedContextField(message, batchContext, "traits");
        // a group call's traits describe the group, not the person
        JsonNode ownTraits = event.type() == MessageType.IDENTIFY ? message.path("traits") : MissingNode.getInstance();
        if (!contextTraits.isObject() && !ownTraits.isObject()) {
            return List.of(); // most events
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        collect(contextTraits, values);
        collect(ownTraits, values);
        List<Trait> traits = new ArrayList<>(values.size());
        values.forEach((name, value) -> traits.add(new Trait(name, value, event.source(), event.channel(), event.timestamp())));
        return traits;
    }

    private static void collect(JsonNode traits, Map<String, JsonNode> into) {
        if (!traits.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = traits.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isNull() && !field.getKey().isBlank()) {
                into.put(field.getKey(), field.getValue());
            }
        }
    }
}
