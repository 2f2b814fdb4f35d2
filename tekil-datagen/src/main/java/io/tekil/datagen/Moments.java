package io.tekil.datagen;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws when things happen: a day by the person's {@link LifeCurve} times the day's seasonal weight, and a
 * time of day by the channel's daily rhythm. A moment is encoded as {@code day * DAY_MS + msOfDay}, so sorting
 * moments sorts them in time.
 */
final class Moments {
    /** Shopping online: quiet at night, rising through the day, peaking between 20:00 and 23:00. */
    static final WeightedTable ONLINE = new WeightedTable(
            0.9, 0.5, 0.3, 0.2, 0.15, 0.15, 0.25, 0.5, 0.9, 1.3, 1.6, 1.8,
            2.0, 2.0, 1.9, 1.9, 2.0, 2.2, 2.6, 3.0, 3.6, 4.0, 3.6, 2.2);
    /** Stores open 10:00 to 22:00, busiest in the evening. */
    static final WeightedTable STORE = new WeightedTable(
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.8, 1.0,
            1.3, 1.4, 1.3, 1.3, 1.5, 1.9, 2.3, 2.4, 2.0, 1.2, 0, 0);
    /** The call centre answers 09:00 to 21:00. */
    static final WeightedTable CALL_CENTER = new WeightedTable(
            0, 0, 0, 0, 0, 0, 0, 0, 0, 1.4, 1.8, 1.7,
            1.4, 1.5, 1.6, 1.5, 1.4, 1.3, 1.1, 0.9, 0.6, 0, 0, 0);
    private static final int MAX_TRIES = 100_000;

    private Moments() {}

    /** {@code count} moments of the window, sorted. */
    static long[] sample(SplittableRandom random, Timeline timeline, LifeCurve curve, int count, WeightedTable hours) {
        long[] moments = new long[count];
        for (int i = 0; i < count; i++) {
            moments[i] = encode(sampleDay(random, timeline, curve), sampleMsOfDay(random, hours));
        }
        Arrays.sort(moments);
        return moments;
    }

    /** A day of the window, by rejection against the curve and the seasons. */
    static int sampleDay(SplittableRandom random, Timeline timeline, LifeCurve curve) {
        int days = timeline.days();
        double bound = curve.max() * timeline.maxWeight();
        for (int tries = 0; ; tries++) {
            double f = random.nextDouble();
            int day = Math.min(days - 1, (int) (f * days));
            double weight = curve.intensity(f) * timeline.weight(day);
            if (random.nextDouble() * bound < weight || (tries > MAX_TRIES && weight > 0)) {
                return day;
            }
        }
    }

    static int sampleMsOfDay(SplittableRandom random, WeightedTable hours) {
        return hours.sample(random) * 3_600_000 + random.nextInt(3_600_000);
    }

    static long encode(int day, int msOfDay) {
        return day * Timeline.DAY_MS + msOfDay;
    }

    static int day(long moment) {
        return (int) (moment / Timeline.DAY_MS);
    }

    static int msOfDay(long moment) {
        return (int) (moment % Timeline.DAY_MS);
    }
}
