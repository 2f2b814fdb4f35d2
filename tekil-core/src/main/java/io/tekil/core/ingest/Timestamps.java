package io.tekil.core.ingest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses the ISO-8601 timestamps SDKs send. */
final class Timestamps {
    /** ISO date-time with an offset written {@code Z}, {@code +03:00} or {@code +0300}. */
    private static final DateTimeFormatter OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private static final Instant MIN = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("2999-12-31T23:59:59Z");

    private Timestamps() {}

    /**
     * Parses {@code text}; a date-time without an offset is taken as UTC.
     *
     * @return empty when {@code text} is not an ISO-8601 date-time between the years 1900 and 2999
     */
    static Optional<Instant> parse(String text) {
        Instant instant;
        try {
            var parsed = OFFSET.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from);
            instant = parsed instanceof OffsetDateTime offset
                    ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            return Optional.empty();
        }
        return Optional.of(instant);
    }
}
