package io.tekil.importer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a mapped value is converted before it goes into a message. */
public enum FieldType {
    STRING,
    /** A decimal number; the mapping's decimal separator applies. */
    NUMBER,
    INTEGER,
    /** true/false, 1/0, yes/no, evet/hayır (any case). */
    BOOLEAN,
    /** A calendar date written as {@code yyyy-MM-dd}; {@code format} gives the input pattern. */
    DATE,
    /** An instant written as ISO-8601 UTC; {@code format} and {@code zone} give the input pattern and its zone. */
    TIMESTAMP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FieldType parse(String value) {
        for (FieldType type : values()) {
            if (type.id().equalsIgnoreCase(value.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException(String.format("unknown type '%s'; use one of %s", value,
                Arrays.stream(values()).map(FieldType::id).collect(Collectors.joining(", "))));
    }
}
