package io.tekil.datagen;

import java.util.Locale;

/** The deliberate identity-noise cases listed in {@code truth/noise.csv}, by the name written there. */
enum NoiseKind {
    /** A CRM row spells a name with one typo or an ASCII-folded letter. */
    NAME_TYPO,
    /** The same address spelled with other capitals or surrounding spaces in some records. */
    EMAIL_CASE,
    /** One household tablet used by two people; the owner is listed first. */
    SHARED_DEVICE,
    /** One person with two different addresses. */
    TWO_EMAILS,
    /** Two different people with the same first and last name in the same city. */
    SAME_NAME_SAME_CITY,
    /** A blocked value (test@test.com, 0000000000, …) in a CRM row. */
    JUNK_VALUE;

    private final String label = name().toLowerCase(Locale.ROOT);

    String label() {
        return label;
    }
}
