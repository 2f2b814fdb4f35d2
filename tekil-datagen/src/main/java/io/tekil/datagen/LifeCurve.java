package io.tekil.datagen;

import static java.util.Objects.requireNonNull;

import java.util.SplittableRandom;

/**
 * A person's relative activity at each point of the window ({@code f} from 0, the first day, to 1, the end),
 * shaped by their {@link Lifecycle}.
 *
 * @param first where the person arrives (new), leaves (churned) or goes quiet (winback), as a fraction
 * @param second where a winback person returns; unused otherwise
 */
record LifeCurve(Lifecycle lifecycle, double first, double second) {
    LifeCurve {
        requireNonNull(lifecycle, "lifecycle is null");
        if (!(first >= 0 && first <= 1 && second >= first && second <= 1)) {
            throw new IllegalArgumentException(String.format(
                    "curve points must satisfy 0 <= first <= second <= 1, got %s and %s", first, second));
        }
    }

    static LifeCurve sample(Lifecycle lifecycle, SplittableRandom random) {
        return switch (lifecycle) {
            case NEW -> new LifeCurve(lifecycle, 0.55 + 0.35 * random.nextDouble(), 1);
            case CHURNED -> new LifeCurve(lifecycle, 0.2 + 0.4 * random.nextDouble(), 1);
            case WINBACK -> new LifeCurve(lifecycle, 0.2 + 0.2 * random.nextDouble(), 0.65 + 0.25 * random.nextDouble());
            case LOYAL, LAPSING, VIP -> new LifeCurve(lifecycle, 0, 1);
        };
    }

    /** Activity at {@code f}, 0 when the person is away. */
    double intensity(double f) {
        return switch (lifecycle) {
            case NEW -> f >= first ? 1.3 : 0;
            case LOYAL, VIP -> 1.0;
            case LAPSING -> 1.6 - 1.4 * f;
            case CHURNED -> f < first ? 1.2 : 0;
            case WINBACK -> f < first ? 1.0 : f >= second ? 1.4 : 0;
        };
    }

    /** The largest value of {@link #intensity}. */
    double max() {
        return switch (lifecycle) {
            case NEW -> 1.3;
            case LOYAL, VIP -> 1.0;
            case LAPSING -> 1.6;
            case CHURNED -> 1.2;
            case WINBACK -> 1.4;
        };
    }

    /** The mean of {@link #intensity} over the window. */
    double mean() {
        return switch (lifecycle) {
            case NEW -> 1.3 * (1 - first);
            case LOYAL, VIP -> 1.0;
            case LAPSING -> 0.9;
            case CHURNED -> 1.2 * first;
            case WINBACK -> first + 1.4 * (1 - second);
        };
    }
}
