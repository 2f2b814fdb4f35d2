package io.tekil.core.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * How a rule's tests compare what a profile holds with a literal; the one definition both engines follow.
 *
 * <ul>
 *   <li>Text compares with text only, case-insensitively: each character lower-cased on its own, the Turkish
 *       dotless {@code ı} counted as {@code i} (so {@code "İZMİR"}, {@code "IZMIR"}, {@code "izmir"} are one value);
 *       ordering is by the folded text's characters.</li>
 *   <li>A number compares with a number, or with a text that is a plain decimal ({@code -12}, {@code 10000.50}).</li>
 *   <li>A boolean compares with a boolean, by {@code =} and {@code !=} only.</li>
 *   <li>A date compares with a text that is an ISO date ({@code 1990-05-17}) or an ISO time stamp with seconds
 *       and an offset ({@code 2025-01-31T22:30:00Z}, {@code 2025-02-01T01:30:00.250+03:00}), which counts by its
 *       date in the workspace time zone.</li>
 *   <li>Anything else is not comparable, and the test is false.</li>
 * </ul>
 */
public final class Values {
    /** The texts that read as numbers: plain decimals. */
    public static final String PLAIN_DECIMAL = "-?[0-9]+(\\.[0-9]+)?";
    /** The texts that read as dates without a time. */
    public static final String ISO_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
    private static final Pattern DECIMAL = Pattern.compile(PLAIN_DECIMAL);
    private static final Pattern DATE = Pattern.compile(ISO_DATE);
    /** The time stamps a date compares with: seconds, at most six decimals, and an offset. */
    public static final String TIMESTAMP_WITH_OFFSET = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})";
    private static final Pattern TIMESTAMP = Pattern.compile(TIMESTAMP_WITH_OFFSET);

    private Values() {}

    /** The text folded for comparison: lower case per character, {@code ı} as {@code i}. */
    public static String fold(String text) {
        int first = 0;
        while (first < text.length() && text.charAt(first) != 'ı' && Character.toLowerCase(text.charAt(first)) == text.charAt(first)) {
            first++;
        }
        if (first == text.length()) {
            return text; // folded already: no copy
        }
        String cached = FOLDED.get(text);
        if (cached != null) {
            return cached;
        }
        StringBuilder folded = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            folded.append(c == 'ı' ? 'i' : Character.toLowerCase(c));
        }
        String result = folded.toString();
        if (FOLDED.size() < MAX_FOLDED) {
            FOLDED.put(text, result);
        }
        return result;
    }

    /** Folded forms of texts seen before (event names, categories, cities repeat), at most {@value #MAX_FOLDED}. */
    private static final java.util.Map<String, String> FOLDED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_FOLDED = 50_000;

    /** A JSON scalar as a value; null for null, missing, arrays and objects. */
    public static Value of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        if (node.isNumber()) {
            return new Value.Number(node.decimalValue());
        }
        if (node.isBoolean()) {
            return new Value.Bool(node.booleanValue());
        }
        return new Value.Text(node.asText());
    }

    /**
     * Whether {@code test} holds for {@code node} (null when missing). Arrays and objects are present ({@code exists})
     * and empty when they have no elements; no other test holds for them.
     */
    public static boolean test(Check test, JsonNode node, ZoneId zone) {
        if (node != null && node.isContainerNode()) {
            return switch (test) {
                case Check.Exists exists -> true;
                case Check.IsEmpty empty -> node.isEmpty();
                case Check.Compare compare -> false;
                case Check.Between between -> false;
                case Check.In in -> false;
                case Check.Contains contains -> false;
                case Check.StartsWith startsWith -> false;
            };
        }
        return test(test, of(node), zone);
    }

    /** Whether {@code test} holds for {@code value} (null when missing). */
    public static boolean test(Check test, Value value, ZoneId zone) {
        if (value == null) {
            return test instanceof Check.IsEmpty;
        }
        return switch (test) {
            case Check.Compare compare -> {
                Integer order = compare(value, compare.value(), zone);
                yield order != null && compare.operator().accepts(order);
            }
            case Check.Between between -> {
                Integer low = compare(value, between.low(), zone);
                Integer high = compare(value, between.high(), zone);
                yield low != null && high != null && low >= 0 && high <= 0;
            }
            case Check.In in -> in.values().stream().anyMatch(candidate -> Integer.valueOf(0).equals(compare(value, candidate, zone)));
            case Check.Contains contains -> value instanceof Value.Text text && fold(text.text()).contains(fold(contains.text()));
            case Check.StartsWith startsWith -> value instanceof Value.Text text && fold(text.text()).startsWith(fold(startsWith.text()));
            case Check.Exists exists -> true;
            case Check.IsEmpty empty -> value instanceof Value.Text text && text.text().isEmpty();
        };
    }

    /** The order of {@code value} against {@code literal}; null when they are not comparable. */
    public static Integer compare(Value value, Value literal, ZoneId zone) {
        return switch (literal) {
            case Value.Text text -> value instanceof Value.Text held ? Integer.signum(fold(held.text()).compareTo(fold(text.text()))) : null;
            case Value.Number number -> {
                BigDecimal held = number(value);
                yield held == null ? null : held.compareTo(number.number());
            }
            case Value.Bool bool -> value instanceof Value.Bool held ? (held.value() == bool.value() ? 0 : 1) : null;
            case Value.Date date -> {
                LocalDate held = date(value, zone);
                yield held == null ? null : held.compareTo(date.date());
            }
        };
    }

    /** A number, or a text that is a plain decimal, as a number; else null. */
    public static BigDecimal number(Value value) {
        return switch (value) {
            case Value.Number number -> number.number();
            case Value.Text text -> DECIMAL.matcher(text.text()).matches() ? new BigDecimal(text.text()) : null;
            case Value.Bool bool -> null;
            case Value.Date date -> null;
        };
    }

    /** A date, or a text that is an ISO date or time stamp with an offset, as a date in {@code zone}; else null. */
    public static LocalDate date(Value value, ZoneId zone) {
        return switch (value) {
            case Value.Date date -> date.date();
            case Value.Text text -> date(text.text(), zone);
            case Value.Number number -> null;
            case Value.Bool bool -> null;
        };
    }

    private static LocalDate date(String text, ZoneId zone) {
        try {
            if (DATE.matcher(text).matches()) {
                return LocalDate.parse(text);
            }
            if (TIMESTAMP.matcher(text).matches()) {
                return OffsetDateTime.parse(text).atZoneSameInstant(zone).toLocalDate();
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    static boolean sameKind(Value a, Value b) {
        return a.getClass() == b.getClass();
    }

    static String kind(Value value) {
        return kindName(value.getClass());
    }

    static String kindName(Class<? extends Value> kind) {
        if (kind == Value.Text.class) {
            return "a text";
        }
        if (kind == Value.Number.class) {
            return "a number";
        }
        return kind == Value.Bool.class ? "a boolean" : "a date";
    }
}
