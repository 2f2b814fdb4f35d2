package io.tekil.core.identity.match;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Where a {@link Matcher}'s Fellegi-Sunter weights come from. The two estimated kinds learn {@code u} and the
 * prior from the records being matched, so the same model fits a shop of 2,000 customers and a CRM of two
 * million, and adjust agreement on names, cities and postcodes for how common the value is; fixed weights are
 * used exactly as given, for a model tuned once on labelled data.
 */
public sealed interface Weights {
    /** Each comparison's {@link Comparison#typicalM() typical m}; {@code u} from random pairs, the prior by EM (the default). */
    record Typical() implements Weights {}

    /**
     * {@code m} estimated too, by EM per blocking rule ({@link MatchModel#estimate}): adapts to the data, but
     * families and namesakes that look like matches can pull it off course.
     */
    record EstimatedM() implements Weights {}

    /**
     * {@code m} and {@code u} as given, per comparison and level (levels in {@link Comparison#levels()} order),
     * with no term-frequency adjustment; the prior as given, or, when empty, fitted to the candidate pairs by EM
     * with m and u held.
     */
    record Fixed(List<List<Double>> m, List<List<Double>> u, OptionalDouble prior) implements Weights {
        public Fixed {
            m = copy(m, "m");
            u = copy(u, "u");
            requireNonNull(prior, "prior is null (use OptionalDouble.empty() to fit it to the data)");
            if (m.size() != u.size()) {
                throw new IllegalArgumentException(String.format("m is given for %d comparisons and u for %d; give both for each", m.size(), u.size()));
            }
            if (prior.isPresent() && !(prior.getAsDouble() > 0 && prior.getAsDouble() < 1)) {
                throw new IllegalArgumentException(String.format("the prior must be between 0 and 1 (exclusive), was %s", prior.getAsDouble()));
            }
        }

        private static List<List<Double>> copy(List<List<Double>> table, String name) {
            List<List<Double>> copy = table.stream().map(List::copyOf).toList();
            for (int c = 0; c < copy.size(); c++) {
                try {
                    requireDistribution(copy.get(c));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(String.format("%s of comparison %d: %s", name, c + 1, e.getMessage()), e);
                }
            }
            return copy;
        }

        static double[][] table(List<List<Double>> table) {
            return table.stream().map(row -> row.stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
        }
    }

    /**
     * Checks that {@code probabilities} are the chances of the levels of one comparison: each strictly between 0
     * and 1 (a level that never happens would weigh infinitely), together 1 give or take 0.001.
     *
     * @throws IllegalArgumentException saying which is wrong
     */
    static void requireDistribution(List<Double> probabilities) {
        double sum = 0;
        for (int level = 0; level < probabilities.size(); level++) {
            double p = probabilities.get(level);
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException(String.format("level %d has probability %s; each must be between 0 and 1 (exclusive): "
                        + "a level that never happens would weigh infinitely", level + 1, p));
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > 0.001) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the probabilities sum to %.4f; the levels cover every case, "
                    + "so they must sum to 1", sum));
        }
    }
}
