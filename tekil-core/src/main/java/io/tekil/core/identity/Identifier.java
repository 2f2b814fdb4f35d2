package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

/**
 * One normalized identifier value, such as {@code email:ayse.yilmaz@gmail.com} or {@code phone:+905321234567}.
 * Two identifiers are the same person's handle exactly when they are equal.
 */
public record Identifier(IdentifierType type, String value) implements Comparable<Identifier> {
    public Identifier {
        requireNonNull(type, "type is null");
        requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an identifier value cannot be empty");
        }
        value.hashCode(); // cached in the string: computed here, on the thread that made it, not by the graph's lookups
    }

    public static Identifier of(IdentifierType type, String value) {
        return new Identifier(type, value);
    }

    /** {@code type:value}, the form used as a key and in the API. */
    public String key() {
        return type.name() + ":" + value;
    }

    @Override
    public int compareTo(Identifier other) {
        int byType = type.name().compareTo(other.type.name());
        return byType != 0 ? byType : value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return key();
    }
}
