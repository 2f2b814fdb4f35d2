package io.tekil.core.identity.match;

import java.util.Arrays;
import java.util.Locale;

/** The person attributes probabilistic matching compares. */
public enum MatchField {
    FIRST_NAME,
    LAST_NAME,
    BIRTH_DATE,
    CITY,
    ADDRESS,
    POSTCODE,
    PHONE,
    EMAIL;

    /** {@code first_name}, as in mappings and explanations. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The field of an {@link #id()}.
     *
     * @throws IllegalArgumentException naming the fields when there is none called {@code id}
     */
    public static MatchField fromId(String id) {
        for (MatchField field : values()) {
            if (field.id().equals(id)) {
                return field;
            }
        }
        throw new IllegalArgumentException(String.format("unknown field '%s'; use one of %s", id,
                Arrays.stream(values()).map(MatchField::id).toList()));
    }
}
