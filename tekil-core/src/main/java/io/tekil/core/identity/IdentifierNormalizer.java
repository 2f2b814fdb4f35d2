package io.tekil.core.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns raw identifier values into the normalized form that links people, and refuses values that must never
 * link anyone.
 *
 * <ul>
 *   <li>E-mail: trimmed and lower-cased with {@link Locale#ROOT} (a Turkish locale would turn {@code I} into
 *       {@code ı}); the combining dot that {@code İ} leaves behind ({@code i̇}) is dropped, so
 *       {@code AYŞE.İNCE@Example.com} becomes {@code ayşe.ince@example.com}. Without exactly one {@code @} and a
 *       dot in the domain it is not an e-mail.</li>
 *   <li>Phone: parsed with libphonenumber, default region TR, to E.164, so {@code 0532 123 45 67},
 *       {@code +90 (532) 123-4567} and {@code 5321234567} are one identifier; a number libphonenumber does not
 *       hold valid is refused.</li>
 *   <li>Other types: trimmed; ids are case-sensitive.</li>
 * </ul>
 * Blocked values ({@code null}, {@code undefined}, {@code 0}, {@code test@test.com}, all-zero ids, ... and any
 * configured ones) are refused for every type. A refused value stays in the event as sent; it only never links.
 * Thread-safe.
 */
public final class IdentifierNormalizer {
    /** Values that SDKs and forms send when they have nothing; compared after normalization, case-insensitively. */
    public static final List<String> DEFAULT_BLOCKED = List.of("null", "undefined", "none", "nil", "nan", "0", "-1", "anonymous",
            "unknown", "test", "test@test.com", "test@example.com", "a@a.com", "noemail@noemail.com", "+900000000000");
    /** All zeros (with separators), as in {@code 00000000-0000-0000-0000-000000000000} or {@code 0000000000}. */
    public static final List<String> DEFAULT_BLOCKED_PATTERNS = List.of("[0\\-\\s().+]+");

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Set<IdentifierType> BUILT_IN = Set.copyOf(IdentifierType.BUILT_IN);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Set<String> blocked;
    /** The longest blocked value: lower-casing never shortens a text, so a longer one is not in {@link #blocked}. */
    private final int longestBlocked;
    private final List<Predicate<String>> blockedPatterns;
    private final String defaultRegion;
    private final Set<IdentifierType> customTypes;

    /**
     * @param customTypes the identifier types besides the built-in ones ({@link IdentifierType#BUILT_IN}) whose values
     *     link (a CRM's {@code member_no}, a hashed national id); a value of any other type never links, so a type
     *     name mistyped in a mapping or a {@code context.externalIds} entry creates no linking type of its own
     */
    public IdentifierNormalizer(List<String> blocked, List<String> blockedPatterns, String defaultRegion, Set<IdentifierType> customTypes) {
        this.blocked = blocked.stream().map(value -> value.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.longestBlocked = this.blocked.stream().mapToInt(String::length).max().orElse(-1);
        this.blockedPatterns = blockedPatterns.stream().map(IdentifierNormalizer::matcher).toList();
        this.defaultRegion = defaultRegion;
        this.customTypes = Set.copyOf(customTypes);
    }

    /** The defaults: the lists above, region TR and no custom types. */
    public static IdentifierNormalizer defaults() {
        return new IdentifierNormalizer(DEFAULT_BLOCKED, DEFAULT_BLOCKED_PATTERNS, "TR", Set.of());
    }

    /**
     * Whether values of {@code type} link: a built-in type or a declared custom one. The types events carry most
     * are compared by reference first (the extractor passes the constants), so the check costs nothing on the hot path.
     */
    public boolean isDeclared(IdentifierType type) {
        return type == IdentifierType.ANONYMOUS_ID || type == IdentifierType.USER_ID || type == IdentifierType.EMAIL
                || type == IdentifierType.PHONE || type == IdentifierType.DEVICE_ID || BUILT_IN.contains(type)
                || customTypes.contains(type);
    }

    /** The custom types declared, besides the built-in ones. */
    public Set<IdentifierType> customTypes() {
        return customTypes;
    }

    /** The normalized identifier, or empty when the value cannot or must not link (of an undeclared type included). */
    public Optional<Identifier> normalize(IdentifierType type, String raw) {
        if (raw == null || !isDeclared(type)) {
            return Optional.empty();
        }
        String trimmed = raw.strip();
        if (trimmed.isEmpty() || isBlocked(trimmed)) {
            return Optional.empty();
        }
        String value;
        if (type.equals(IdentifierType.EMAIL)) {
            value = email(trimmed);
        } else if (type.equals(IdentifierType.PHONE)) {
            value = phone(trimmed);
        } else {
            value = trimmed.length() <= 512 ? trimmed : null;
        }
        // checked again only when normalizing changed the text (e-mails, phones)
        if (value == null || (!value.equals(trimmed) && isBlocked(value))) {
            return Optional.empty();
        }
        return Optional.of(new Identifier(type, value));
    }

    private boolean isBlocked(String value) {
        if (value.length() <= longestBlocked && blocked.contains(value.toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (Predicate<String> pattern : blockedPatterns) {
            if (pattern.test(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a whole text matches {@code regex}. The default pattern, which every event's identifiers are checked
     * against, is matched by a loop: a regular expression allocates a matcher per call (docs/benchmarks.md, "Seventeenth
     * session"); a test checks the two agree.
     */
    static Predicate<String> matcher(String regex) {
        return regex.equals(DEFAULT_BLOCKED_PATTERNS.getFirst()) ? IdentifierNormalizer::isAllZeros : Pattern.compile(regex).asMatchPredicate();
    }

    /** {@code [0\-\s().+]+}: zeros, dashes, ASCII white space, brackets, dots and plus signs only. */
    private static boolean isAllZeros(String value) {
        for (int i = 0; i < value.length(); i++) {
            switch (value.charAt(i)) {
                case '0', '-', ' ', '\t', '\n', '\u000b', '\f', '\r', '(', ')', '.', '+' -> {
                }
                default -> {
                    return false;
                }
            }
        }
        return !value.isEmpty();
    }

    static String email(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT).replace("\u0307", "");
        return lower.length() <= 320 && EMAIL.matcher(lower).matches() ? lower : null;
    }

    private String phone(String raw) {
        if (raw.length() > 40) {
            return null;
        }
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(raw, defaultRegion);
            return PHONES.isValidNumber(number) ? PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
