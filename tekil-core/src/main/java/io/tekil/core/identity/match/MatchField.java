package io.tekil.core.identity.match;

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
}
