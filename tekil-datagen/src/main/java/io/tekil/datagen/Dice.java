package io.tekil.datagen;

import java.util.SplittableRandom;

/**
 * Random helpers. Every random choice of the generator comes from a {@link SplittableRandom} derived from the
 * config seed, a person index and a stream number, so any person can be generated alone, on any thread, in
 * any order, with the same result.
 */
final class Dice {
    private Dice() {}

    /** A well-mixed 64-bit value of the three inputs (the SplitMix64 finalizer over their combination). */
    static long mix(long seed, long index, long stream) {
        long z = seed + 0x9E37_79B9_7F4A_7C15L * (index + 1) + 0xD1B5_4A32_D192_ED03L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    static SplittableRandom random(long seed, long index, long stream) {
        return new SplittableRandom(mix(seed, index, stream));
    }

    /** A Poisson-distributed count with the given mean (normal approximation above a mean of 40). */
    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 40) {
            double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    /** Failures before the first success, each trial succeeding with {@code probability}. */
    static int geometric(SplittableRandom random, double probability, int max) {
        int count = 0;
        while (count < max && random.nextDouble() >= probability) {
            count++;
        }
        return count;
    }

    /** A Pareto variate with minimum {@code scale} and shape {@code alpha}, capped at {@code cap}. */
    static double pareto(SplittableRandom random, double scale, double alpha, double cap) {
        return Math.min(cap, scale / Math.pow(1 - random.nextDouble(), 1 / alpha));
    }

    /**
     * A keyed pseudo-random permutation of {@code [0, limit)}: distinct values give distinct results that show
     * no arithmetic pattern. Rounds of xor-with-key, odd multiplication and xor-shift, each a bijection modulo
     * {@code 2^bits}, repeated ("cycle walking") until the result is below {@code limit}.
     */
    static long permute(long value, long limit, long key) {
        if (value < 0 || value >= limit) {
            throw new IllegalArgumentException(String.format("value %s is outside [0, %s)", value, limit));
        }
        int bits = 64 - Long.numberOfLeadingZeros(limit - 1);
        bits = Math.max(bits, 8);
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        int shift = bits / 2;
        long x = value;
        do {
            for (int round = 0; round < 3; round++) {
                x = (x ^ (key >>> (round * 7))) & mask;
                x = (x * 0x9E37_79B9_7F4A_7C15L) & mask;
                x ^= x >>> shift;
            }
        } while (x >= limit);
        return x;
    }
}
