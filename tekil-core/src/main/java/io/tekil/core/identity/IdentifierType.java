package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A kind of identifier: the built-in ones below, or a custom one declared in configuration (such as
 * {@code tckn_hash} or {@code member_no}).
 *
 * @param name lower-case, as in mappings and the API ({@code email}, {@code crm_id})
 */
public record IdentifierType(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public static final IdentifierType USER_ID = new IdentifierType("user_id");
    public static final IdentifierType ANONYMOUS_ID = new IdentifierType("anonymous_id");
    public static final IdentifierType DEVICE_ID = new IdentifierType("device_id");
    public static final IdentifierType EMAIL = new IdentifierType("email");
    public static final IdentifierType PHONE = new IdentifierType("phone");
    public static final IdentifierType CRM_ID = new IdentifierType("crm_id");
    public static final IdentifierType LOYALTY_ID = new IdentifierType("loyalty_id");

    public static final List<IdentifierType> BUILT_IN = List.of(USER_ID, ANONYMOUS_ID, DEVICE_ID, EMAIL, PHONE, CRM_ID, LOYALTY_ID);

    public IdentifierType {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(String.format(
                    "invalid identifier type '%s': use 1 to 32 lower-case letters, digits or '_', starting with a letter", name));
        }
    }

    /** The type a mapping or a {@code context.externalIds} entry names; {@code cookie} is the anonymous id. */
    public static IdentifierType of(String name) {
        String normalized = name.trim().toLowerCase(java.util.Locale.ROOT);
        return normalized.equals("cookie") ? ANONYMOUS_ID : new IdentifierType(normalized);
    }

    @Override
    public String toString() {
        return name;
    }
}
