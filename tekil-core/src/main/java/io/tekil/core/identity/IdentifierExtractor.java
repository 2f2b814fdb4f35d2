package io.tekil.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.core.event.MessageType;
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
