package io.tekil.core.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The message types of the Segment Spec. */
public enum MessageType {
    TRACK,
    IDENTIFY,
    PAGE,
    SCREEN,
    GROUP,
    ALIAS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a Spec name such as {@code "track"}, ignoring case; empty when it is none. */
    public static Optional<MessageType> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String upper = id.trim().toUpperCase(Locale.ROOT);
        for (MessageType type : values()) {
            if (type.name().equals(upper)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static String allIds() {
        return Arrays.stream(values()).map(MessageType::id).collect(Collectors.joining(", "));
    }
}
