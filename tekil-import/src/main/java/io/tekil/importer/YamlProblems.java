package io.tekil.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tekil.core.error.TekilException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the readers of Tekil's YAML files (import mappings, matching models) share: the document is read as a
 * whole and every problem is collected, each with its place ({@code message.timestamp: ...}), then reported at
 * once in one {@link TekilException} of category user error, so a file is fixed in one round.
 */
public final class YamlProblems {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<String> problems = new ArrayList<>();

    /**
     * The document's root map.
     *
     * @param what the kind of file, for messages ({@code mapping})
     * @param origin where the text came from (a file name)
     * @param expected what the map must hold at least, for the message when it is not a map
     * @throws TekilException when the text is not YAML or not a map
     */
    public static JsonNode readMap(String yaml, String what, String origin, String expected) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw TekilException.userError("%s %s is not valid YAML: %s", what, origin, e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw TekilException.userError("%s %s must be a YAML map with at least %s", what, origin, expected);
        }
        return root;
    }

    /** @param problem its place, a colon, what is wrong and how to put it right */
    public void add(String problem) {
        problems.add(problem);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** A problem for each key of {@code node} (when a map) not in {@code known}, placed after {@code where}. */
    public void unknownKeys(JsonNode node, Set<String> known, String where) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!known.contains(entry.getKey())) {
                problems.add(String.format("%s%s: unknown key; use one of %s", where, entry.getKey(), known.stream().sorted().toList()));
            }
        }
    }

    /** @throws TekilException listing every problem, when there is one */
    public void throwIfAny(String what, String origin) {
        if (!problems.isEmpty()) {
            throw TekilException.userError("%s %s has %d problem%s:%n  %s", what, origin, problems.size(), problems.size() == 1 ? "" : "s",
                    String.join(System.lineSeparator() + "  ", problems));
        }
    }
}
