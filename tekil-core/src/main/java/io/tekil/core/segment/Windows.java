package io.tekil.core.segment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/** Turns a {@link Window} into the span of event times it covers, at a moment in the workspace time zone. */
public final class Windows {
    private Windows() {}

    /**
     * @param occurrences the time of an occurrence in the profile's history, null when it never happened
     */
    public static TimeRange range(Window window, Instant now, ZoneId zone, Function<Occurrence, Instant> occurrences) {
        return switch (window) {
            case Window.Ever ever -> TimeRange.ALL;
            case Window.Last last -> new TimeRange(start(last.amount(), last.unit(), now, zone), false, null);
            case Window.Before before -> new TimeRange(null, false, start(before.amount(), before.unit(), now, zone));
            case Window.This current -> {
                ZonedDateTime start = periodStart(now, zone, current.period());
                yield new TimeRange(start.toInstant(), false, plus(start, current.period(), 1).toInstant());
            }
            case Window.Previous previous -> {
                ZonedDateTime end = periodStart(now, zone, previous.period());
                yield new TimeRange(plus(end, previous.period(), -1).toInstant(), false, end.toInstant());
            }
            case Window.Between between -> new TimeRange(midnight(between.from(), zone), false, midnight(between.to().plusDays(1), zone));
            case Window.After after -> {
                Instant anchor = occurrences.apply(after.occurrence());
                yield anchor == null ? TimeRange.EMPTY : new TimeRange(anchor, true, null);
            }
        };
    }

    /**
     * The first moment from which the window never again covers an event at {@code time}, however far time moves:
     * when a sliding window's start passes it, when its calendar period (or, for "previous", the one after) ends.
     * Null when the window may always cover it ("ever", "more than N ago", after an occurrence, and between two
     * dates that include it); {@link Instant#MIN} when it never does (between two dates that exclude it). The
     * real-time maintainer lets go of an event once every window reading it has.
     */
    public static Instant expiry(Window window, Instant time, ZoneId zone) {
        return switch (window) {
            case Window.Ever ever -> null;
            case Window.Last last -> TimeChanges.leaves(time, last.amount(), last.unit(), zone);
            case Window.Before before -> null;
            case Window.This current -> plus(periodStart(time, zone, current.period()), current.period(), 1).toInstant();
            case Window.Previous previous -> plus(periodStart(time, zone, previous.period()), previous.period(), 2).toInstant();
            case Window.Between between -> range(between, time, zone, unused -> null).contains(time) ? null : Instant.MIN;
            case Window.After after -> null;
        };
    }

    /** Where the last {@code amount} units before {@code now} begin. */
    static Instant start(int amount, Window.Unit unit, Instant now, ZoneId zone) {
        return switch (unit) {
            case MINUTES -> now.minus(amount, ChronoUnit.MINUTES);
            case HOURS -> now.minus(amount, ChronoUnit.HOURS);
            case DAYS -> midnight(LocalDate.ofInstant(now, zone).minusDays(amount), zone);
            case MONTHS -> midnight(LocalDate.ofInstant(now, zone).minusMonths(amount), zone);
        };
    }

    private static ZonedDateTime periodStart(Instant now, ZoneId zone, Window.Period period) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first = switch (period) {
            case DAY -> today;
            case MONTH -> today.withDayOfMonth(1);
            case YEAR -> today.withDayOfYear(1);
        };
        return first.atStartOfDay(zone);
    }

    private static ZonedDateTime plus(ZonedDateTime start, Window.Period period, int amount) {
        LocalDate date = start.toLocalDate();
        LocalDate moved = switch (period) {
            case DAY -> date.plusDays(amount);
            case MONTH -> date.plusMonths(amount);
            case YEAR -> date.plusYears(amount);
        };
        return moved.atStartOfDay(start.getZone());
    }

    /** The first moment of {@code date} in {@code zone} (not always 00:00 where a clock change skips midnight). */
    static Instant midnight(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }
}
