package io.tekil.core.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kind of touchpoint a source belongs to. Every source has exactly one channel. */
public enum Channel {
    WEB,
    MOBILE,
    STORE,
    CALL_CENTER,
    CRM,
    EMAIL,
    ADS,
    SERVER;

    /** The lower-case name used in the API, the CLI and storage, such as {@code call_center}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a channel name case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code value} is not a channel
     */
    public static Channel parse(String value) {
        if (value != null) {
            String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Channel channel : values()) {
                if (channel.name().equals(normalized)) {
                    return channel;
                }
            }
        }
        throw new IllegalArgumentException(String.format(
                "unknown channel '%s'; use one of %s", value, allIds()));
    }

    public static String allIds() {
        return Arrays.stream(values()).map(Channel::id).collect(Collectors.joining(", "));
    }
}
