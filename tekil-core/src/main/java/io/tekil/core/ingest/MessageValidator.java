package io.tekil.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.event.Source;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierExtractor;
import io.tekil.core.identity.IdentifierNormalizer;
import io.tekil.core.identity.IdentityRules;
import io.tekil.core.profile.TraitExtractor;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Checks one message against the Segment Spec rules and turns it into an {@link Event}.
 *
 * <p>Rules: the message is a JSON object within the per-event size limit; its type is one of the Spec's
 * (from the {@code type} field, or from the endpoint for single calls); it carries a {@code userId} or an
 * {@code anonymousId} (alias: {@code userId} and {@code previousId}; group: also {@code groupId}); a track
 * has an {@code event} name; timestamps are ISO-8601; {@code properties}, {@code traits} and
 * {@code context} are objects. A message without a {@code messageId} gets one derived from its bytes, so a
 * byte-identical retry is still recognised as a duplicate.
 *
 * <p>Event time follows Segment: {@code timestamp} when given; else {@code originalTimestamp} corrected for
 * the client's clock skew ({@code receivedAt - (sentAt - originalTimestamp)}); else {@code receivedAt}.
 * Thread-safe.
 */
public final class MessageValidator {
    private final IngestLimits limits;
    private final IdentifierExtractor extractor;
    private final IdentityRules rules;
    private final BatchParser parser;

    /** A validator whose profile keys follow the default identity rules and normalization. */
    public MessageValidator(ObjectMapper mapper, IngestLimits limits) {
        this(mapper, limits, IdentifierNormalizer.defaults(), IdentityRules.DEFAULTS);
    }

    /**
     * @param normalizer and {@code rules} decide each event's profile key: its strongest linkable identifier, the
     *     same one identity resolution attributes the event through
     */
    public MessageValidator(ObjectMapper mapper, IngestLimits limits, IdentifierNormalizer normalizer, IdentityRules rules) {
        this.parser = new BatchParser(mapper);
        this.limits = limits;
        this.extractor = new IdentifierExtractor(normalizer);
        this.rules = rules;
    }

    /**
     * @param endpointType the type the endpoint implies ({@code /v1/track}), or null for batch endpoints
     */
    public Validation validate(RawMessage raw, ParsedBody body, MessageType endpointType, Source source, Instant receivedAt) {
        try {
            return toEvent(raw, body, endpointType, source, receivedAt);
        } catch (InvalidMessage e) {
            String messageId = raw.node().path("messageId").isTextual() ? raw.node().get("messageId").asText() : null;
            return new Validation.Rejected(new Rejection(raw.index(), messageId, e.getMessage(), raw.json().toString()));
        }
    }

    private Validation.Accepted toEvent(RawMessage raw, ParsedBody body, MessageType endpointType, Source source, Instant receivedAt) {
        if (raw.bytes() > limits.maxEventBytes()) {
            throw new InvalidMessage(String.format(
                    "event too large: %d bytes exceeds the %d-byte limit; send fewer properties or raise ingest.max-event-bytes",
                    raw.bytes(), limits.maxEventBytes()));
        }
        if (!(raw.node() instanceof ObjectNode message)) {
            throw new InvalidMessage(String.format("a message must be a JSON object, found %s", describe(raw.node())));
        }
        int invalid = body.utf8Checked() ? -1 : Utf8.firstInvalid(raw.json().utf8());
        if (invalid >= 0) {
            throw new InvalidMessage(String.format(
                    "the message is not valid UTF-8 (an invalid byte sequence at byte %d of it, 0x%02X); send JSON encoded as UTF-8",
                    invalid, raw.json().utf8()[invalid] & 0xff));
        }
        MessageType type = type(message, endpointType);
        String userId = identifier(message, "userId");
        String anonymousId = identifier(message, "anonymousId");
        String groupId = identifier(message, "groupId");
        String previousId = identifier(message, "previousId");
        String externalId = userId == null && anonymousId == null ? externalId(message) : null;
        switch (type) {
            case ALIAS -> {
                require(userId != null, "an alias needs 'userId' (the new id) and 'previousId' (the old id)");
                require(previousId != null, "an alias needs 'previousId' (the old id) besides 'userId'");
            }
            case GROUP -> {
                requireIdentity(userId, anonymousId, externalId);
                require(groupId != null, "a group call needs 'groupId'");
            }
            case TRACK -> {
                requireIdentity(userId, anonymousId, externalId);
                JsonNode event = message.get("event");
                require(event != null && event.isTextual() && !event.asText().isBlank(),
                        "a track call needs a non-empty 'event' name, such as \"Order Completed\"");
            }
            case IDENTIFY, PAGE, SCREEN -> requireIdentity(userId, anonymousId, externalId);
        }
        requireObject(message, "properties");
        requireObject(message, "traits");
        requireObject(message, "context");
        requireObject(message, "integrations");

        Instant timestamp = timestamp(message, "timestamp");
        Instant originalTimestamp = timestamp(message, "originalTimestamp");
        Instant sentAt = timestamp(message, "sentAt");
        if (sentAt == null && body.batchSentAt() != null) {
            sentAt = Timestamps.parse(body.batchSentAt()).orElse(null);
        }
        Instant eventTime = eventTime(timestamp, originalTimestamp, sentAt, receivedAt);

        RawMessage stored = raw;
        JsonNode ownContext = message.get("context");
        boolean batchReplacesContext = ownContext != null && ownContext.isNull() && body.batchContext() != null;
        if (message.has("writeKey") || batchReplacesContext) {
            // Rare (single calls carrying their key, an explicit null context): leave those fields out of the bytes.
            stored = parser.withoutFields(raw, batchReplacesContext ? Set.of("writeKey", "context") : Set.of("writeKey"));
            message = (ObjectNode) stored.node();
        }
        JsonText json = stored.json();
        boolean treeIsWhole = body.batchContext() == null;
        if (!treeIsWhole) {
            json = body.batchContext().mergeInto(json, message, stored.contextEnd());
        }
        String messageId = messageId(message, raw);

        JsonNode properties = message.path("properties");
        // the tree lacks a batch-level context spliced into the bytes only: it is read beside the message
        JsonNode batchContext = treeIsWhole ? null : body.batchContext().node();
        List<Identifier> identifiers = extractor.extract(message, type, batchContext);
        Event event = new Event(
                source.name(),
                source.channel(),
                messageId,
                type,
                name(type, message),
                userId,
                anonymousId,
                groupId,
                previousId,
                eventTime,
                sentAt,
                receivedAt,
                profileKey(identifiers, userId == null && anonymousId == null ? externalId : Event.profileKeyOf(userId, anonymousId)),
                promotedText(properties.get("category")),
                promotedNumber(properties.get("price")),
                promotedNumber(properties.has("revenue") ? properties.get("revenue") : properties.get("total")),
                promotedText(properties.get("currency")),
                json);
        return new Validation.Accepted(new IdentifiedEvent(event, identifiers, TraitExtractor.extract(event, message, batchContext)));
    }

    /**
     * The key of the event's strongest linkable identifier ({@code email:ayse@example.com}); for an event whose
     * identifiers are all blocked or invalid, the provisional {@code fallback}, which no profile ever has.
     */
    private String profileKey(List<Identifier> identifiers, String fallback) {
        Identifier primary = null;
        for (Identifier identifier : identifiers) {
            if (primary == null || rules.compare(identifier, primary) < 0) {
                primary = identifier;
            }
        }
        return primary == null ? fallback : primary.key();
    }

    private static MessageType type(ObjectNode message, MessageType endpointType) {
        JsonNode field = message.get("type");
        if (field == null || field.isNull()) {
            require(endpointType != null, "missing 'type'; use one of " + MessageType.allIds());
            return endpointType;
        }
        MessageType declared = MessageType.fromId(field.isTextual() ? field.asText() : null)
                .orElseThrow(() -> new InvalidMessage(String.format(
                        "unknown type %s; use one of %s", field, MessageType.allIds())));
        if (endpointType != null && declared != endpointType) {
            throw invalid("type '%s' does not match the endpoint /v1/%s; post it to /v1/%s or /v1/batch",
                    declared.id(), endpointType.id(), declared.id());
        }
        return declared;
    }

    private static void requireIdentity(String userId, String anonymousId, String externalId) {
        require(userId != null || anonymousId != null || externalId != null,
                "the message has neither 'userId' nor 'anonymousId' (nor an entry in 'context.externalIds'); every message needs at least one");
    }

    /**
     * The profile key {@code <type>:<id>} of the first usable entry of {@code context.externalIds} (Segment's list
     * of {@code {"id", "type"}} objects for identifiers such as a phone or a loyalty number), or null.
     */
    private static String externalId(ObjectNode message) {
        JsonNode externalIds = message.path("context").path("externalIds");
        for (JsonNode entry : externalIds) {
            JsonNode id = entry.get("id");
            JsonNode type = entry.get("type");
            if (id != null && (id.isTextual() || id.isNumber()) && type != null && type.isTextual()
                    && !id.asText().isBlank() && !type.asText().isBlank()) {
                return type.asText().trim() + ":" + id.asText().trim();
            }
        }
        return null;
    }

    private static String identifier(ObjectNode message, String field) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw invalid("'%s' must be a string or a number, found %s", field, describe(value));
        }
        String text = value.asText().trim();
        if (text.length() > 1024) {
            throw invalid("'%s' is longer than 1024 characters", field);
        }
        return text.isEmpty() ? null : text;
    }

    private static void requireObject(ObjectNode message, String field) {
        JsonNode value = message.get(field);
        if (value != null && !value.isNull() && !value.isObject()) {
            throw invalid("'%s' must be a JSON object, found %s", field, describe(value));
        }
    }

    private static Instant timestamp(ObjectNode message, String field) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("bad timestamp in '%s': expected an ISO-8601 string such as \"2026-11-22T10:15:30.000Z\", found %s",
                    field, describe(value));
        }
        return Timestamps.parse(value.asText()).orElseThrow(() -> invalid(
                "bad timestamp in '%s': \"%s\" is not an ISO-8601 date-time between 1900 and 2999, such as \"2026-11-22T10:15:30.000Z\"",
                field, abbreviate(value.asText())));
    }

    static Instant eventTime(Instant timestamp, Instant originalTimestamp, Instant sentAt, Instant receivedAt) {
        if (timestamp != null) {
            return timestamp;
        }
        if (originalTimestamp != null) {
            return sentAt == null ? originalTimestamp : receivedAt.minus(Duration.between(originalTimestamp, sentAt));
        }
        return receivedAt;
    }

    private static String messageId(ObjectNode message, RawMessage raw) {
        JsonNode value = message.get("messageId");
        if (value != null && !value.isNull()) {
            if (!value.isTextual() && !value.isNumber()) {
                throw invalid("'messageId' must be a string, found %s", describe(value));
            }
            String id = value.asText().trim();
            require(!id.isEmpty(), "'messageId' is empty; leave it out to let Tekil derive one, or send a unique id");
            require(id.length() <= 256, "'messageId' is longer than 256 characters");
            return id;
        }
        MessageKey digest = MessageKey.hash(raw.json().utf8());
        return "tekil-" + HexFormat.of().toHexDigits(digest.high()) + HexFormat.of().toHexDigits(digest.low());
    }

    private static String name(MessageType type, ObjectNode message) {
        return switch (type) {
            case TRACK -> message.get("event").asText();
            case PAGE, SCREEN -> {
                String name = text(message.get("name"));
                yield name != null ? name : text(message.path("properties").get("name"));
            }
            case IDENTIFY, GROUP, ALIAS -> null;
        };
    }

    private static String text(JsonNode node) {
        return promotedText(node);
    }

    /** A promoted text column's value ({@code Event.category}, {@code currency}): a string as it is, a number's digits, else null. */
    public static String promotedText(JsonNode node) {
        return node != null && (node.isTextual() || node.isNumber()) ? node.asText() : null;
    }

    /**
     * A promoted number column's value ({@code Event.price}, {@code revenue}): a number, or a text that parses as one,
     * when a double holds it; else null.
     */
    public static Double promotedNumber(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            double value = node.asDouble();
            return Double.isFinite(value) ? value : null; // 1e400: no double holds it, and an infinite sum helps nobody
        }
        if (node.isTextual()) {
            try {
                double value = Double.parseDouble(node.asText().trim());
                return Double.isFinite(value) ? value : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String describe(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string \"" + abbreviate(node.asText()) + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case NULL, MISSING -> "null";
            case BINARY, POJO -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }

    /** For fixed reasons; a formatted reason uses {@link #invalid} so nothing is formatted for valid messages. */
    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new InvalidMessage(reason);
        }
    }

    private static InvalidMessage invalid(String format, Object... args) {
        return new InvalidMessage(String.format(format, args));
    }

    /** A rule the message breaks; caught inside {@link #validate} and turned into a rejection. */
    private static final class InvalidMessage extends RuntimeException {
        InvalidMessage(String reason) {
            super(reason, null, false, false);
        }
    }
}
