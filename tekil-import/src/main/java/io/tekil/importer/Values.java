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

    private Values() {}

    /**
     * A decimal number written with {@code decimalSeparator}; the other of {@code .} and {@code ,} may group
     * thousands ({@code 1.249,90}). Only digits, one sign, separators and an exponent are allowed.
     */
    static double number(String column, String raw, char decimalSeparator) {
        String text = raw.trim();
        char grouping = decimalSeparator == ',' ? '.' : ',';
        StringBuilder normalized = new StringBuilder(text.length());
        boolean digits = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
                normalized.append(c);
            } else if (c == decimalSeparator) {
                normalized.append('.');
            } else if (c == grouping || c == ' ' || c == '\u00a0') {
                // thousands separator
            } else if (c == '-' || c == '+' || c == 'e' || c == 'E') {
                normalized.append(c);
            } else {
                throw notNumber(column, raw);
            }
        }
        if (!digits) {
            throw notNumber(column, raw);
        }
        try {
            double value = Double.parseDouble(normalized.toString());
            if (!Double.isFinite(value)) {
                throw notNumber(column, raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw notNumber(column, raw);
        }
    }

    static long integer(String column, String raw) {
        try {
            return Long.parseLong(raw.trim().replace(".", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw RowException.of("column '%s' value '%s' is not a whole number", column, raw);
        }
    }

    static boolean bool(String column, String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "y", "evet", "e", "doğru" -> true;
            case "false", "0", "no", "n", "hayır", "hayir", "h", "yanlış" -> false;
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
        return FORMATTERS.computeIfAbsent(pattern, p -> DateTimeFormatter.ofPattern(p, Locale.ROOT)
                .withResolverStyle(ResolverStyle.SMART));
    }

    private static RowException notNumber(String column, String raw) {
        return RowException.of("column '%s' value '%s' is not a number", column, raw);
    }
}
