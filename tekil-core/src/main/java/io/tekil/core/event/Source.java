package io.tekil.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A place events come from (a web shop, a store's POS export, the call center), identified by a unique
 * name and authenticated by its write key.
 */
public record Source(String name, Channel channel, String writeKey, Instant createdAt) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    public Source {
        requireNonNull(name, "name is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(writeKey, "writeKey is null");
        requireNonNull(createdAt, "createdAt is null");
        requireValidName(name);
    }

    /**
     * @throws IllegalArgumentException saying what a valid name looks like
     */
    public static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(String.format(
                    "invalid source name '%s': use 1 to 63 lower-case letters, digits, '_', '.' or '-', "
                            + "starting with a letter or digit (for example 'web-shop')",
                    name));
        }
    }
}
