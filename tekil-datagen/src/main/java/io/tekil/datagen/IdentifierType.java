package io.tekil.datagen;

import java.nio.charset.StandardCharsets;

/** The kinds of identifier listed in {@code truth/identifiers.csv}, by the name written there. */
enum IdentifierType {
    ANONYMOUS_ID("anonymous_id"),
    DEVICE_ID("device_id"),
    USER_ID("user_id"),
    EMAIL("email"),
    PHONE("phone"),
    CRM_ID("crm_id"),
    LOYALTY_ID("loyalty_id");

    private final String label;
    private final byte[] labelComma;

    IdentifierType(String label) {
        this.label = label;
        this.labelComma = (label + ",").getBytes(StandardCharsets.US_ASCII);
    }

    String label() {
        return label;
    }

    /** {@code label,} as it starts a row of identifiers.csv. */
    byte[] labelComma() {
        return labelComma;
    }
}
