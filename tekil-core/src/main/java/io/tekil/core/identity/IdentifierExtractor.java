package io.tekil.core.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.core.event.MessageType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
        Set<Identifier> found = new LinkedHashSet<>();
        add(found, IdentifierType.USER_ID, message.get("userId"));
        add(found, IdentifierType.ANONYMOUS_ID, message.get("anonymousId"));
        JsonNode context = message.path("context");
        add(found, IdentifierType.DEVICE_ID, context.path("device").get("id"));
        addContact(found, context.path("traits"));
        if (type == MessageType.IDENTIFY) {
            addContact(found, message.path("traits"));
        }
        for (JsonNode external : context.path("externalIds")) {
            JsonNode externalType = external.get("type");
            if (externalType != null && externalType.isTextual()) {
                try {
                    add(found, IdentifierType.of(externalType.asText()), external.get("id"));
                } catch (IllegalArgumentException e) {
                    // a type name Tekil cannot use as an identifier type: not linkable
                }
            }
        }
        return new ArrayList<>(found);
    }

    /**
     * The same identifiers as {@link #extract(JsonNode, MessageType)}, read from the message's UTF-8 bytes with a
     * streaming parser that skips everything else (about four times cheaper than building the tree). A repeated
     * field counts with its last value, as in the tree.
     *
     * @throws IllegalArgumentException when {@code json} is not a JSON object
     */
    public List<Identifier> extract(byte[] json, MessageType type) {
        Slots slots = new Slots();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a message must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "userId" -> slots.userId = scalar(parser, value);
                    case "anonymousId" -> slots.anonymousId = scalar(parser, value);
                    case "traits" -> {
                        if (type == MessageType.IDENTIFY && value == JsonToken.START_OBJECT) {
                            slots.traits = contact(parser);
                        } else {
                            slots.traits = null;
                            parser.skipChildren();
                        }
                    }
                    case "context" -> {
                        if (value == JsonToken.START_OBJECT) {
                            context(parser, slots);
                        } else {
                            slots.clearContext();
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("a message must be a JSON object: " + e.getMessage(), e);
        }
        Set<Identifier> found = new LinkedHashSet<>();
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
        return new ArrayList<>(found);
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** The last value of each place an identifier can be, as the tree would keep it. */
    private static final class Slots {
        String userId;
        String anonymousId;
        String deviceId;
        String[] contextTraits;
        String[] traits;
        List<String[]> externalIds = List.of();

        void clearContext() {
            deviceId = null;
            contextTraits = null;
            externalIds = List.of();
        }
    }

    private static void context(JsonParser parser, Slots slots) throws IOException {
        slots.clearContext();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "device" -> {
                    slots.deviceId = null;
                    if (value == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String name = parser.currentName();
                            JsonToken inner = parser.nextToken();
                            if (name.equals("id")) {
                                slots.deviceId = scalar(parser, inner);
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                case "traits" -> {
                    if (value == JsonToken.START_OBJECT) {
                        slots.contextTraits = contact(parser);
                    } else {
                        slots.contextTraits = null;
                        parser.skipChildren();
                    }
                }
                case "externalIds" -> {
                    List<String[]> entries = new ArrayList<>();
                    if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
                        // the tree iterates an object's values like an array's elements; so does this
                        boolean array = value == JsonToken.START_ARRAY;
                        JsonToken element;
                        while ((element = parser.nextToken()) != (array ? JsonToken.END_ARRAY : JsonToken.END_OBJECT)) {
                            if (!array) {
                                element = parser.nextToken(); // past the field name, to its value
                            }
                            if (element != JsonToken.START_OBJECT) {
                                parser.skipChildren();
                                continue;
                            }
                            String[] entry = new String[2];
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                String name = parser.currentName();
                                JsonToken inner = parser.nextToken();
                                switch (name) {
                                    case "id" -> entry[0] = scalar(parser, inner);
                                    case "type" -> entry[1] = inner == JsonToken.VALUE_STRING ? parser.getText() : skip(parser);
                                    default -> parser.skipChildren();
                                }
                            }
                            entries.add(entry);
                        }
                    } else {
                        parser.skipChildren();
                    }
                    slots.externalIds = entries;
                }
                default -> parser.skipChildren();
            }
        }
    }

    /** The email and phone of a traits object the parser is at the start of. */
    private static String[] contact(JsonParser parser) throws IOException {
        String[] contact = new String[2];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "email" -> contact[0] = scalar(parser, value);
                case "phone" -> contact[1] = scalar(parser, value);
                default -> parser.skipChildren();
            }
        }
        return contact;
    }

    /** A string or whole-number value as text, like the tree's textual or integral nodes; else null. */
    private static String scalar(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING, VALUE_NUMBER_INT -> parser.getText();
            default -> skip(parser);
        };
    }

    private static String skip(JsonParser parser) throws IOException {
        parser.skipChildren();
        return null;
    }

    private void add(Set<Identifier> found, IdentifierType type, String value) {
        if (value != null) {
            normalizer.normalize(type, value).ifPresent(found::add);
        }
    }

    private void addContact(Set<Identifier> found, JsonNode traits) {
        add(found, IdentifierType.EMAIL, traits.get("email"));
        add(found, IdentifierType.PHONE, traits.get("phone"));
    }

    private void add(Set<Identifier> found, IdentifierType type, JsonNode value) {
        if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
            return;
        }
        Optional<Identifier> identifier = normalizer.normalize(type, value.asText());
        identifier.ifPresent(found::add);
    }
}
