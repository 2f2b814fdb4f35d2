package io.tekil.datagen;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * Draws an index with probability proportional to its weight in constant time (Vose's alias method: one
 * uniform slot, then a biased coin between the slot and its alias). Immutable.
 */
final class WeightedTable {
    private final double[] probability;
    private final int[] alias;

    WeightedTable(double... weights) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("a weighted table needs at least one weight");
        }
        double total = 0;
        for (double weight : weights) {
            if (!(weight >= 0)) {
                throw new IllegalArgumentException(String.format("weights must be finite and not negative, got %s", weight));
            }
            total += weight;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
        probability = new double[n];
        alias = new int[n];
        double[] scaled = new double[n];
        ArrayDeque<Integer> small = new ArrayDeque<>();
        ArrayDeque<Integer> large = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1 ? small : large).add(i);
        }
        while (!small.isEmpty() && !large.isEmpty()) {
            int less = small.poll();
            int more = large.poll();
            probability[less] = scaled[less];
            alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1;
            (scaled[more] < 1 ? small : large).add(more);
        }
        for (Integer i : large) {
            probability[i] = 1;
            alias[i] = i;
        }
        for (Integer i : small) {
            probability[i] = 1;
            alias[i] = i;
        }
    }

    /** Weights falling as 1 / (rank + 1)^exponent: the first entries are the common ones. */
    static WeightedTable zipf(int size, double exponent) {
        double[] weights = new double[size];
        for (int i = 0; i < size; i++) {
            weights[i] = 1 / Math.pow(i + 1, exponent);
        }
        return new WeightedTable(weights);
    }

    int sample(SplittableRandom random) {
        int slot = random.nextInt(probability.length);
        return random.nextDouble() < probability[slot] ? slot : alias[slot];
    }
}
