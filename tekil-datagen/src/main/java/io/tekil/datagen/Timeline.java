package io.tekil.datagen;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * The days of the generated window in Europe/Istanbul and everything the writers format from them, computed
 * once: each day's local midnight as UTC epoch millis, its dates as bytes ({@code yyyy-MM-dd},
 * {@code dd.MM.yyyy}, ISO UTC prefixes) and its {@link Seasonality} weight, normalized to a mean of 1 over the
 * window. Immutable and shared by all generator threads.
 *
 * <p>A moment is either UTC epoch millis or a (day index, millisecond of the local day) pair. The offset of a
 * day is taken at its noon; Istanbul has kept +03:00 all year since September 2016, and in older windows an
 * event within an hour of a clock change may be off by that hour.
 */
final class Timeline {
    static final long DAY_MS = 86_400_000L;
    static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");

    private final int days;
    private final LocalDate firstDay;
    private final long firstEpochDay;
    private final long[] localMidnightUtc;
    private final byte[][] isoDates;
    private final byte[][] dottedDates;
    /** {@code yyyy-MM-ddT} for UTC days from the day before the window to the day after it. */
    private final byte[][] utcDatePrefixes;
    private final long utcTableStart;
    private final double[] weights;
    private final double maxWeight;

    Timeline(LocalDate firstDay, int days) {
        this.days = days;
        this.firstDay = firstDay;
        this.firstEpochDay = firstDay.toEpochDay();
        ZoneRules rules = ISTANBUL.getRules();
        localMidnightUtc = new long[days];
        isoDates = new byte[days][];
        dottedDates = new byte[days][];
        weights = new double[days];
        double sum = 0;
        for (int day = 0; day < days; day++) {
            LocalDate date = firstDay.plusDays(day);
            int offsetSeconds = rules.getOffset(LocalDateTime.of(date, LocalTime.NOON)).getTotalSeconds();
            localMidnightUtc[day] = date.toEpochDay() * DAY_MS - offsetSeconds * 1000L;
            isoDates[day] = ascii(isoDate(date));
            dottedDates[day] = ascii(dottedDate(date));
            weights[day] = Seasonality.weight(date);
            sum += weights[day];
        }
        double max = 0;
        for (int day = 0; day < days; day++) {
            weights[day] = weights[day] * days / sum;
            max = Math.max(max, weights[day]);
        }
        maxWeight = max;
        utcTableStart = (firstEpochDay - 1) * DAY_MS;
        utcDatePrefixes = new byte[days + 2][];
        for (int i = 0; i < days + 2; i++) {
            utcDatePrefixes[i] = ascii(isoDate(firstDay.plusDays(i - 1L)) + "T");
        }
    }

    int days() {
        return days;
    }

    LocalDate date(int day) {
        return firstDay.plusDays(day);
    }

    /** The first moment of the window (local midnight of the first day), UTC epoch millis. */
    long startUtc() {
        return localMidnightUtc[0];
    }

    /** The first moment after the window (local midnight after the last day), UTC epoch millis. */
    long endUtc() {
        return localMidnightUtc[days - 1] + DAY_MS;
    }

    long utc(int day, int msOfDay) {
        return localMidnightUtc[day] + msOfDay;
    }

    /** The seasonal weight of a day; the mean over the window is 1. */
    double weight(int day) {
        return weights[day];
    }

    double maxWeight() {
        return maxWeight;
    }

    /** Appends {@code 2026-03-14T18:22:05.123Z}. */
    void appendIsoMillis(Utf8Builder out, long utcMillis) {
        appendIso(out, utcMillis, true);
    }

    /** Appends {@code 2026-03-14T18:22:05Z}. */
    void appendIsoSeconds(Utf8Builder out, long utcMillis) {
        appendIso(out, utcMillis, false);
    }

    private void appendIso(Utf8Builder out, long utcMillis, boolean millis) {
        long sinceTableStart = utcMillis - utcTableStart;
        if (sinceTableStart >= 0 && sinceTableStart < utcDatePrefixes.length * DAY_MS) {
            int index = (int) (sinceTableStart / DAY_MS);
            out.append(utcDatePrefixes[index]).appendClock((int) (sinceTableStart - index * DAY_MS), millis);
        } else {
            out.append(isoDate(LocalDate.ofEpochDay(Math.floorDiv(utcMillis, DAY_MS)))).append((byte) 'T')
                    .appendClock((int) Math.floorMod(utcMillis, DAY_MS), millis);
        }
        out.append((byte) 'Z');
    }

    /** Appends the local {@code yyyy-MM-dd HH:mm:ss} of a day of the window. */
    void appendLocalDateTime(Utf8Builder out, int day, int msOfDay) {
        out.append(isoDates[day]).append((byte) ' ');
        appendClock(out, msOfDay);
    }

    /** Appends the local {@code dd.MM.yyyy} of a day of the window. */
    void appendDottedDate(Utf8Builder out, int day) {
        out.append(dottedDates[day]);
    }

    /** Appends {@code HH:mm:ss} of a millisecond of the day. */
    static void appendClock(Utf8Builder out, int msOfDay) {
        out.appendClock(msOfDay, false);
    }

    /** {@code yyyy-MM-dd} for a date of any year from 1000 to 9999, without {@code DateTimeFormatter}. */
    static String isoDate(LocalDate date) {
        return date.getYear() + "-" + twoDigits(date.getMonthValue()) + "-" + twoDigits(date.getDayOfMonth());
    }

    private static String dottedDate(LocalDate date) {
        return twoDigits(date.getDayOfMonth()) + "." + twoDigits(date.getMonthValue()) + "." + date.getYear();
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
