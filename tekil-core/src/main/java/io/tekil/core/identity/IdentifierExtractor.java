package io.tekil.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.JsonScanner;
import io.tekil.core.event.MessageType;
import io.tekil.core.ingest.BatchContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the identifiers a Segment message carries and normalizes them: {@code userId}, {@code anonymousId},
 * {@code context.device.id}, {@code email} and {@code phone} in {@code context.traits} and (for identify) in
 * {@code traits}, and every {@code {"id","type"}} of {@code context.externalIds} (how imports carry crm_id,
 * loyalty_id and custom types). Values that do not normalize (an invalid phone, a blocked value) are left out:
 * they stay in the event as traits but never link. Thread-safe.
 */
public final class IdentifierExtractor {
    private final IdentifierNormalizer normalizer;

    public IdentifierExtractor(IdentifierNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    /**
     * The distinct normalized identifiers of {@code message}, in the order found; empty when it has none.
     *
     * @param type the event's type (a body posted to {@code /v1/identify} may have no {@code type} field)
     */
    public List<Identifier> extract(JsonNode message, MessageType type) {
        return extract(message, type, null);
    }

    /**
     * The identifiers {@code message} has once a batch's top-level {@code context} is merged under its own (the fields
     * its context lacks are added, its own win: {@link BatchContext}'s rule), read from the two
     * trees without merging them. This is how the validator finds an analytics-java message's identifiers: its bytes
     * get the batch context spliced in, and scanning them again cost the request threads a quarter of their time.
     *
     * @param batchContext the batch's context object, or null when there is none
     */
    public List<Identifier> extract(JsonNode message, MessageType type, JsonNode batchContext) {
        List<Identifier> found = new ArrayList<>(4);
        add(found, IdentifierType.USER_ID, message.get("userId"));
        add(found, IdentifierType.ANONYMOUS_ID, message.get("anonymousId"));
        add(found, IdentifierType.DEVICE_ID, BatchContext.mergedContextField(message, batchContext, "device").get("id"));
        addContact(found, BatchContext.mergedContextField(message, batchContext, "traits"));
        if (type == MessageType.IDENTIFY) {
            addContact(found, message.path("traits"));
        }
        for (JsonNode external : BatchContext.mergedContextField(message, batchContext, "externalIds")) {
            JsonNode externalType = external.get("type");
            if (externalType != null && externalType.isTextual()) {
                try {
                    add(found, IdentifierType.of(externalType.asText()), external.get("id"));
                } catch (IllegalArgumentException e) {
                    // a type name Tekil cannot use as an identifier type: not linkable
                }
            }
        }
        return found;
    }

    /**
     * The same identifiers as {@link #extract(JsonNode, MessageType)}, read from the message's UTF-8 bytes by a
     * {@link JsonScanner} that skips everything else without parsing it (several times cheaper than a streaming
     * parser, which the identity thread paid on every event). A repeated field counts with its last value, as in
     * the tree. What the scanner does not read itself goes through the tree: a text that does not start with
     * {@code '{'} (a byte-order mark, another encoding, not an object), an escape in a field name on the way to the
     * identifiers or in a wanted value, a missing value or an unfinished structure.
     *
     * @throws IllegalArgumentException when {@code json} is not a JSON object
     */
    public List<Identifier> extract(byte[] json, MessageType type) {
        return scanned(json, type).orElseGet(() -> extractFromTree(json, type));
    }

    /** The identifiers as the scanner finds them; empty when it gives up ({@link JsonScanner.Unsupported}). */
    Optional<List<Identifier>> scanned(byte[] json, MessageType type) {
        Slots slots = new Slots();
        try {
            JsonScanner scanner = new JsonScanner(json);
            if (!scanner.enterObject()) {
                return Optional.empty(); // the tree decides: a byte-order mark, another encoding, or not an object
            }
            while (scanner.nextField()) {
                if (scanner.fieldIs("userId")) {
                    slots.userId = scanner.scalar();
                } else if (scanner.fieldIs("anonymousId")) {
                    slots.anonymousId = scanner.scalar();
                } else if (scanner.fieldIs("traits")) {
                    slots.traits = type == MessageType.IDENTIFY ? contact(scanner) : skip(scanner);
                } else if (scanner.fieldIs("context")) {
                    context(scanner, slots);
                } else {
                    scanner.skipValue();
                }
            }
        } catch (JsonScanner.Unsupported e) {
            return Optional.empty();
        }
        List<Identifier> found = new ArrayList<>(4);
        add(found, IdentifierType.USER_ID, slots.userId);
        add(found, IdentifierType.ANONYMOUS_ID, slots.anonymousId);
        add(found, IdentifierType.DEVICE_ID, slots.deviceId);
        if (slots.contextTraits != null) {
            add(found, IdentifierType.EMAIL, slots.contextTraits[0]);
            add(found, IdentifierType.PHONE, slots.contextTraits[1]);
        }
        if (slots.traits != null) {
            add(found, IdentifierType.EMAIL, slots.traits[0]);
            add(found, IdentifierType.PHONE, slots.traits[1]);
        }
        for (String[] external : slots.externalIds) {
            if (external[1] != null) {
                try {
                    add(found, IdentifierType.of(external[1]), external[0]);
                } catch (IllegalArgumentException e) {
                    // not usable as an identifier type
                }
            }
        }
        return Optional.of(found);
    }

    private List<Identifier> extractFromTree(byte[] json, MessageType type) {
        JsonNode tree;
        try {
            tree = TREES.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("a message must be a JSON object: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("a message must be a JSON object");
        }
        return extract(tree, type);
    }

    private static final ObjectMapper TREES = new ObjectMapper();

    /** The last value of each place an identifier can be, as the tree would keep it. */
    private static final class Slots {
        String userId;
        String anonymousId;
        String deviceId;
        String[] contextTraits;
        String[] traits;
        List<String[]> externalIds = List.of();
    }

    /** The context object's identifiers; a context that is not an object has none (a later one replaces an earlier). */
    private static void context(JsonScanner scanner, Slots slots) {
        slots.deviceId = null;
        slots.contextTraits = null;
        slots.externalIds = List.of();
        if (!scanner.enterObject()) {
            scanner.skipValue();
            return;
        }
        while (scanner.nextField()) {
            if (scanner.fieldIs("device")) {
                slots.deviceId = null;
                if (scanner.enterObject()) {
                    while (scanner.nextField()) {
                        if (scanner.fieldIs("id")) {
                            slots.deviceId = scanner.scalar();
                        } else {
                            scanner.skipValue();
                        }
                    }
                } else {
                    scanner.skipValue();
                }
            } else if (scanner.fieldIs("traits")) {
                slots.contextTraits = contact(scanner);
            } else if (scanner.fieldIs("externalIds")) {
                slots.externalIds = externalIds(scanner);
            } else {
                scanner.skipValue();
            }
        }
    }

    /**
     * The {id, type} entries of an externalIds array, or of an object's values, which the tree iterates alike; in an
     * object a repeated name keeps its first place and its last value, as in the tree.
     */
    private static List<String[]> externalIds(JsonScanner scanner) {
        if (scanner.enterArray()) {
            List<String[]> entries = new ArrayList<>();
            while (scanner.nextElement()) {
                String[] entry = externalId(scanner);
                if (entry != null) {
                    entries.add(entry);
                }
            }
            return entries;
        }
        if (!scanner.enterObject()) {
            scanner.skipValue();
            return List.of();
        }
        Map<String, String[]> byName = new LinkedHashMap<>();
        while (scanner.nextField()) {
            String name = scanner.fieldName();
            byName.put(name, externalId(scanner)); // null for a value that is not an object: it replaces an earlier entry too
        }
        return byName.values().stream().filter(Objects::nonNull).toList();
    }

    /** One externalIds entry's id and type (a type only when it is a string); null (skipped) when the value is not an object. */
    private static String[] externalId(JsonScanner scanner) {
        return pair(scanner, "id", "type", true);
    }

    /** The email and phone of a traits object; null (the value skipped) when the value is not an object. */
    private static String[] contact(JsonScanner scanner) {
        return pair(scanner, "email", "phone", false);
    }

    /**
     * The last values of two fields of the object that is the next value, as {@link JsonScanner#scalar} reads them
     * (the second only when it is a string, if {@code secondIsText}); null, the value skipped, when it is not an object.
     */
    private static String[] pair(JsonScanner scanner, String first, String second, boolean secondIsText) {
        if (!scanner.enterObject()) {
            return skip(scanner);
        }
        String[] values = new String[2];
        while (scanner.nextField()) {
            if (scanner.fieldIs(first)) {
                values[0] = scanner.scalar();
            } else if (scanner.fieldIs(second)) {
                values[1] = !secondIsText || scanner.peek() == '"' ? scanner.scalar() : skip(scanner);
            } else {
                scanner.skipValue();
            }
        }
        return values;
    }

    private static <T> T skip(JsonScanner scanner) {
        scanner.skipValue();
        return null;
    }

    private void add(List<Identifier> found, IdentifierType type, String value) {
        if (value != null) {
            normalizer.normalize(type, value).filter(identifier -> !found.contains(identifier)).ifPresent(found::add); // a few: a list beats a set
        }
    }

    private void addContact(List<Identifier> found, JsonNode traits) {
        add(found, IdentifierType.EMAIL, traits.get("email"));
        add(found, IdentifierType.PHONE, traits.get("phone"));
    }

    /** A text or whole-number node as the scanner's {@link JsonScanner#scalar} would read it; anything else counts as absent. */
    private void add(List<Identifier> found, IdentifierType type, JsonNode value) {
        add(found, type, value != null && (value.isTextual() || value.isIntegralNumber()) ? value.asText() : null);
    }
}
