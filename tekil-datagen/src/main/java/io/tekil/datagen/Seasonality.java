package io.tekil.datagen;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * How busy shopping is on a given day, relative to an ordinary weekday (1.0): a weekly cycle with a Sunday
 * peak, November's "Efsane Kasım" with the Efsane Cuma (Black Friday) spike and its week, 11.11, the new-year
 * weeks and Mother's Day week.
 */
final class Seasonality {
    private static final double[] WEEKDAY = {1.0, 0.97, 0.96, 1.0, 0.94, 0.9, 1.12}; // Monday first

    private Seasonality() {}

    static double weight(LocalDate date) {
        double weight = WEEKDAY[date.getDayOfWeek().getValue() - 1];
        LocalDate efsaneCuma = efsaneCuma(date.getYear());
        if (date.equals(efsaneCuma)) {
            return weight * 4.0;
        }
        if (!date.isBefore(efsaneCuma.minusDays(4)) && !date.isAfter(efsaneCuma.plusDays(3))) {
            weight *= 1.7;
        } else if (date.getMonth() == Month.NOVEMBER) {
            weight *= date.getDayOfMonth() == 11 ? 2.2 : 1.25;
        } else if (date.getMonth() == Month.DECEMBER && date.getDayOfMonth() >= 20) {
            weight *= 1.2;
        } else if (isMothersDayWeek(date)) {
            weight *= 1.2;
        }
        return weight;
    }

    /** The fourth Friday of November, the day Turkish shops run Efsane Cuma (Black Friday). */
    static LocalDate efsaneCuma(int year) {
        return LocalDate.of(year, Month.NOVEMBER, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.FRIDAY));
    }

    /** The second Sunday of May. */
    static LocalDate mothersDay(int year) {
        return LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.SUNDAY));
    }

    private static boolean isMothersDayWeek(LocalDate date) {
        LocalDate mothersDay = mothersDay(date.getYear());
        return !date.isBefore(mothersDay.minusDays(6)) && !date.isAfter(mothersDay);
    }
}
