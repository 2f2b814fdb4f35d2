package io.tekil.server.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.error.TekilException;
import io.tekil.core.identity.match.TurkishFolding;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleJson;
import io.tekil.core.segment.RuleParts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A saved segment.
 *
 * @param kind dynamic (kept current by its rule) or static (members fixed when saved)
 * @param rule the rule; for a static segment the rule of its snapshot, null for an uploaded list
 * @param origin for a static segment, where its members came from, in words
 */
public record SegmentDefinition(String id, String name, Kind kind, Rule rule, String origin, Instant createdAt, Instant updatedAt) {
    public SegmentDefinition {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        if (kind == Kind.DYNAMIC) {
            requireNonNull(rule, "a dynamic segment needs a rule");
        } else {
            requireNonNull(origin, "a static segment needs its origin");
        }
    }

    public enum Kind {
        DYNAMIC,
        STATIC;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The segments the rule reads; none for a static segment. */
    Set<String> reads() {
        return kind == Kind.DYNAMIC ? RuleParts.segments(rule) : Set.of();
    }

    /** A name as a URL-safe id: lower case, Turkish letters to their ASCII base, other characters to '-'. */
    static String idOf(String name) {
        if (name == null || name.isBlank()) {
            throw TekilException.userError("a segment needs a \"name\"");
        }
        String id = TurkishFolding.fold(name).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (id.isEmpty()) {
            throw TekilException.userError("the name '%s' has no letters or digits to make an id from", name);
        }
        return id;
    }

    /** The definitions with every segment after the segments it reads (those reading missing ones last). */
    static List<SegmentDefinition> dependencyOrder(List<SegmentDefinition> definitions) {
        List<SegmentDefinition> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        List<SegmentDefinition> waiting = new ArrayList<>(definitions);
        boolean progress = true;
        while (!waiting.isEmpty() && progress) {
            progress = false;
            for (Iterator<SegmentDefinition> it = waiting.iterator(); it.hasNext(); ) {
                SegmentDefinition definition = it.next();
                if (placed.containsAll(definition.reads())) {
                    ordered.add(definition);
                    placed.add(definition.id());
                    it.remove();
                    progress = true;
                }
            }
        }
        ordered.addAll(waiting);
        return ordered;
    }

    /** The settings form of a list of definitions: a JSON array. */
    static String write(List<SegmentDefinition> definitions, ObjectMapper mapper) {
        ArrayNode array = mapper.createArrayNode();
        for (SegmentDefinition definition : definitions) {
            ObjectNode node = array.addObject();
            node.put("id", definition.id());
            node.put("name", definition.name());
            node.put("kind", definition.kind().label());
            if (definition.rule() != null) {
                node.set("rule", RuleJson.write(definition.rule()));
            }
            if (definition.origin() != null) {
                node.put("origin", definition.origin());
            }
            node.put("createdAt", definition.createdAt().toString());
            node.put("updatedAt", definition.updatedAt().toString());
        }
        return array.toString();
    }

    static List<SegmentDefinition> read(String json, ObjectMapper mapper) {
        try {
            List<SegmentDefinition> read = new ArrayList<>();
            for (JsonNode node : mapper.readTree(json)) {
                Kind kind = node.path("kind").asText("dynamic").equals("static") ? Kind.STATIC : Kind.DYNAMIC;
                read.add(new SegmentDefinition(node.get("id").asText(), node.get("name").asText(), kind,
                        node.hasNonNull("rule") ? RuleJson.read(node.get("rule")) : null, node.path("origin").asText(null),
                        Instant.parse(node.get("createdAt").asText()), Instant.parse(node.get("updatedAt").asText())));
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException("the saved segments are not readable JSON", e);
        }
    }
}
