package io.tekil.datagen;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * What to generate. The same config always produces byte-identical files.
 *
 * @param people how many people to simulate, from 1 to {@value #MAX_PEOPLE}
 * @param days how many days of activity, ending on {@code endDate}
 * @param seed the seed of every random choice
 * @param endDate the last day of data, inclusive (a day in Europe/Istanbul)
 */
public record GeneratorConfig(int people, int days, long seed, LocalDate endDate) {
    /** Identifiers are bijections of the person index into 7 to 10 digits, so people must stay below this. */
    public static final int MAX_PEOPLE = 9_999_999;
    /** Activity is shaped by yearly seasons; past ten years the calendar tables stop making sense. */
    public static final int MAX_DAYS = 3_660;

    public GeneratorConfig {
        requireNonNull(endDate, "endDate is null");
        if (people < 1 || people > MAX_PEOPLE) {
            throw new IllegalArgumentException(String.format(
                    "people must be between 1 and %s, was %s; choose a smaller population", MAX_PEOPLE, people));
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException(String.format(
                    "days must be between 1 and %s, was %s; generate longer periods in separate runs", MAX_DAYS, days));
        }
    }

    /** The first day of data, inclusive. */
    public LocalDate startDate() {
        return endDate.minusDays(days - 1L);
    }
}
