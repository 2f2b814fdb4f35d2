package io.tekil.importer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Converts raw text values of a file into typed message values. Thread-safe. */
final class Values {
    static final Set<String> NAMED_FORMATS = Set.of("iso", "epoch-seconds", "epoch-millis");
    private static final Map<String, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();
    private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Values() {}

    /**
     * A decimal number written with {@code decimalSeparator}; the other of {@code .} and {@code ,} may group
     * thousands, in groups of three digits only ({@code 1.249,90}), so {@code 2499,90} read with a {@code .}
     * decimal separator is refused rather than read as 249990. An exponent is allowed without grouping.
     */
    static double number(String column, String raw, char decimalSeparator) {
        String text = raw.trim().replace("\u00a0", "").replace(" ", "");
        char grouping = decimalSeparator == ',' ? '.' : ',';
        if (!text.isEmpty() && text.indexOf(grouping) >= 0) {
            if (!groupedNumber(text, grouping, decimalSeparator)) {
                throw notNumber(column, raw);
            }
            text = text.replace(String.valueOf(grouping), "");
        }
        String normalized = text.replace(decimalSeparator, '.');
        if (!plainNumber(normalized)) {
            throw notNumber(column, raw);
        }
        double value = Double.parseDouble(normalized);
        if (!Double.isFinite(value)) {
            throw notNumber(column, raw);
        }
        return value;
    }

    /** {@code [+-]d{1,3}(Gddd)*(Dd+)?}. */
    private static boolean groupedNumber(String text, char grouping, char decimal) {
        int i = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        int end = text.indexOf(decimal) >= 0 ? text.indexOf(decimal) : text.length();
        String[] groups = text.substring(i, end).split(java.util.regex.Pattern.quote(String.valueOf(grouping)), -1);
        if (groups[0].isEmpty() || groups[0].length() > 3 || !digits(groups[0])) {
            return false;
        }
        for (int g = 1; g < groups.length; g++) {
            if (groups[g].length() != 3 || !digits(groups[g])) {
                return false;
            }
        }
        return end == text.length() || (end + 1 < text.length() && digits(text.substring(end + 1)));
    }

    /** {@code [+-]d+(.d+)?([eE][+-]?d+)?}, or with the fraction's leading digits left out ({@code .5}). */
    private static boolean plainNumber(String text) {
        return PLAIN_NUMBER.matcher(text).matches();
    }

    private static boolean digits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A whole number, with an optional fraction of zeros ({@code 3,00}); thousands grouped as for {@link #number}. */
    static long integer(String column, String raw, char decimalSeparator) {
        double value;
        try {
            value = number(column, raw, decimalSeparator);
        } catch (RowException e) {
            throw RowException.of("column '%s' value '%s' is not a whole number", column, raw);
        }
        if (value != Math.rint(value) || Math.abs(value) > 9.007199254740992E15) {
            throw RowException.of("column '%s' value '%s' is not a whole number", column, raw);
        }
        return (long) value;
    }

    static boolean bool(String column, String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "y", "evet", "e", "doğru", "dogru" -> true;
            case "false", "0", "no", "n", "hayır", "hayir", "h", "yanlış", "yanliş", "yanlis" -> false;
            default -> throw RowException.of("column '%s' value '%s' is not a boolean; use true/false, 1/0, yes/no or evet/hayır",
                    column, raw);
        };
    }

    /** A date in ISO form ({@code yyyy-MM-dd}). */
    static String date(String column, String raw, String format) {
        if (format == null || format.equals("iso")) {
            try {
                return LocalDate.parse(raw.trim()).toString();
            } catch (DateTimeParseException e) {
                throw RowException.of("column '%s' value '%s' is not a date like 1990-04-23", column, raw);
            }
        }
        try {
            return LocalDate.from(formatter(format).parse(raw.trim())).toString();
        } catch (java.time.DateTimeException e) {
            throw RowException.of("column '%s' value '%s' is not a date in the format %s", column, raw, format);
        }
    }

    /** An instant; text without an offset is read in {@code zone}. */
    static Instant timestamp(String column, String raw, String format, ZoneId zone) {
        String text = raw.trim();
        try {
            if (format == null || format.equals("iso")) {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text,
                        java.time.ZonedDateTime::from, LocalDateTime::from);
                return parsed instanceof java.time.ZonedDateTime zoned ? zoned.toInstant()
                        : ((LocalDateTime) parsed).atZone(zone).toInstant();
            }
            if (format.equals("epoch-seconds")) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            if (format.equals("epoch-millis")) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            TemporalAccessor parsed = formatter(format).parse(text);
            if (parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
                return java.time.OffsetDateTime.from(parsed).toInstant();
            }
            if (!parsed.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY)) {
                return LocalDate.from(parsed).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.from(parsed).atZone(zone).toInstant();
        } catch (java.time.DateTimeException | NumberFormatException e) {
            throw RowException.of("column '%s' value '%s' is not a date-time in the format %s", column, raw,
                    format == null ? "iso (such as 2026-03-14T18:22:05Z)" : format);
        }
    }

    private static DateTimeFormatter formatter(String pattern) {
        // STRICT refuses 30.02.2026 instead of moving it to the 28th; it needs 'u' (year) where patterns say 'y'
        return FORMATTERS.computeIfAbsent(pattern, p -> DateTimeFormatter.ofPattern(p.replace('y', 'u'), Locale.ROOT)
                .withResolverStyle(ResolverStyle.STRICT));
    }

    private static RowException notNumber(String column, String raw) {
        return RowException.of("column '%s' value '%s' is not a number", column, raw);
    }
}
