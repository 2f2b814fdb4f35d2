package io.tekil.core.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * Parses the ISO-8601 timestamps SDKs send.
 *
 * <p>Nearly every timestamp has the shape {@code 2026-11-22T10:15:30.123Z} or ends in {@code +03:00}; those are
 * read by hand, which costs a small fraction of {@link DateTimeFormatter#parseBest}. Anything else, including
 * every shape the hand-written reader is unsure of, goes to the formatter, so both paths accept and reject
 * exactly the same texts with the same results.
 */
final class Timestamps {
    /**
     * ISO date-time with an offset written {@code Z}, {@code +03:00} or {@code +0300}. Strict: a date that does not
     * exist (2026-02-29) or hour 24 is an error, not quietly moved to another instant.
     */
    private static final DateTimeFormatter OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private static final Instant MIN = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("2999-12-31T23:59:59Z");

    private Timestamps() {}

    /**
     * Parses {@code text}; a date-time without an offset is taken as UTC.
     *
     * @return empty when {@code text} is not an ISO-8601 date-time between the years 1900 and 2999
     */
    static Optional<Instant> parse(String text) {
        String trimmed = text.trim();
        Instant instant = parseCommon(trimmed);
        if (instant == null) {
            instant = parseWithFormatter(trimmed);
        }
        if (instant == null || instant.isBefore(MIN) || instant.isAfter(MAX)) {
            return Optional.empty();
        }
        return Optional.of(instant);
    }

    /** The general reader: any shape {@link #OFFSET} accepts, or null. */
    static Instant parseWithFormatter(String text) {
        try {
            var parsed = OFFSET.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime offset
                    ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The fast reader of {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1 to 9 digits, and {@code Z} or
     * {@code ±HH:MM}; null for any other text, which the formatter then decides on.
     */
    static Instant parseCommon(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && at - start < 9 && isDigit(text.charAt(at))) {
                nanos = nanos * 10 + (text.charAt(at) - '0');
                at++;
            }
            int fractionDigits = at - start;
            if (fractionDigits == 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (at >= length) {
            return null;
        }
        int offsetSeconds;
        char sign = text.charAt(at);
        if (sign == 'Z' && at + 1 == length) {
            offsetSeconds = 0;
        } else if ((sign == '+' || sign == '-') && at + 6 == length && text.charAt(at + 3) == ':') {
            int offsetHours = digits(text, at + 1, at + 3);
            int offsetMinutes = digits(text, at + 4, at + 6);
            if ((offsetHours | offsetMinutes) < 0 || offsetHours > 18 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == '-' ? -1 : 1);
        } else {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
