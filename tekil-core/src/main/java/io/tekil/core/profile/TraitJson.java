package io.tekil.core.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One identifier's traits as a JSON array, the form stores keep them in. Thread-safe. */
public final class TraitJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TraitJson() {}

    public static String write(List<Trait> traits) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Trait trait : traits) {
            ObjectNode node = array.addObject();
            node.put("name", trait.name());
            node.set("value", trait.value());
            node.put("source", trait.source());
            node.put("channel", trait.channel().id());
            node.put("at", trait.at().toString());
        }
        return array.toString();
    }

    /** @throws IllegalArgumentException when {@code json} was not written by {@link #write} */
    public static List<Trait> read(String json) {
        try {
            List<Trait> traits = new ArrayList<>();
            for (JsonNode node : MAPPER.readTree(json)) {
                traits.add(new Trait(node.get("name").asText(), node.get("value"), node.get("source").asText(),
                        Channel.parse(node.get("channel").asText()), Instant.parse(node.get("at").asText())));
            }
            return traits;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("stored traits are not readable: " + e.getMessage(), e);
        }
    }
}
