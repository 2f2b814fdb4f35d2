package io.tekil.core.identity.match;

import java.util.ArrayList;
import java.util.List;

/**
 * A Fellegi-Sunter model: per comparison and agreement level, {@code m} (the chance of that level between two
 * records of one person) and {@code u} (between records of two people), and the prior chance that a compared
 * pair is one person. A pair's weight is the sum over fields of {@code log2(m / u)}; with the prior's log-odds it
 * gives the posterior match probability. Missing values weigh nothing. Immutable.
 */
public final class MatchModel {
    private final List<Comparison> comparisons;
    private final double[][] m;
    private final double[][] u;
    private final double prior;
    /** Per field, each folded value's share of the records that have the field; empty: no term-frequency adjustment. */
    private final java.util.Map<MatchField, java.util.Map<String, Double>> termFrequencies;

    /**
     * @param m per comparison, the probability of each level among matches (levels as in {@link Comparison#levels()})
     * @param u the same among non-matches
     * @param prior the share of matches among compared pairs, strictly between 0 and 1
     */
    public MatchModel(List<Comparison> comparisons, double[][] m, double[][] u, double prior) {
        this.comparisons = List.copyOf(comparisons);
        if (m.length != comparisons.size() || u.length != comparisons.size()) {
            throw new IllegalArgumentException(String.format("need m and u for each of the %d comparisons", comparisons.size()));
        }
        if (!(prior > 0 && prior < 1)) {
            throw new IllegalArgumentException(String.format("the prior must be between 0 and 1, was %s", prior));
        }
        this.m = new double[m.length][];
        this.u = new double[u.length][];
        for (int c = 0; c < m.length; c++) {
            int levels = comparisons.get(c).levels().size();
            if (m[c].length != levels || u[c].length != levels) {
                throw new IllegalArgumentException(String.format("%s has %d levels; m and u must give each a probability",
                        comparisons.get(c), levels));
            }
            this.m[c] = m[c].clone();
            this.u[c] = u[c].clone();
        }
        this.prior = prior;
        this.termFrequencies = java.util.Map.of();
    }

    private MatchModel(MatchModel model, java.util.Map<MatchField, java.util.Map<String, Double>> termFrequencies) {
        this.comparisons = model.comparisons;
        this.m = model.m;
        this.u = model.u;
        this.prior = model.prior;
        this.termFrequencies = java.util.Map.copyOf(termFrequencies);
    }

    /**
     * The same model with term-frequency adjustment: two records agreeing exactly on a text field weigh
     * {@code log2(m / f)} where {@code f} is that value's share of the records, instead of the average
     * {@code log2(m / u)}. Two "Mehmet Yılmaz" agree by chance far more often than two "Işıl Çağlayan", and the
     * weights then say so.
     */
    public MatchModel withTermFrequencies(java.util.Map<MatchField, java.util.Map<String, Double>> frequencies) {
        return new MatchModel(this, frequencies);
    }

    /** Each folded value's share among the records having {@code field}. */
    public static java.util.Map<String, Double> termFrequencies(List<PersonRecord> records, MatchField field) {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        int total = 0;
        for (PersonRecord record : records) {
            String value = record.text(field);
            if (value != null) {
                counts.merge(value, 1, Integer::sum);
                total++;
            }
        }
        java.util.Map<String, Double> shares = new java.util.HashMap<>(counts.size() * 2);
        for (java.util.Map.Entry<String, Integer> count : counts.entrySet()) {
            shares.put(count.getKey(), count.getValue() / (double) total);
        }
        return shares;
    }

    public List<Comparison> comparisons() {
        return comparisons;
    }

    public double m(int comparison, int level) {
        return m[comparison][level];
    }

    public double u(int comparison, int level) {
        return u[comparison][level];
    }

    public double prior() {
        return prior;
    }

    /**
     * {@code log2(m / u)} of a level, never more than the weight of a stronger level of the same comparison (a
     * "somewhat similar" name is no better evidence than an equal one, whatever the sample said); 0 for
     * {@link Comparison#MISSING}.
     */
    public double weight(int comparison, int level) {
        if (level == Comparison.MISSING) {
            return 0;
        }
        double weight = Double.MAX_VALUE;
        for (int stronger = 0; stronger <= level; stronger++) {
            weight = Math.min(weight, Math.log(m[comparison][stronger] / u[comparison][stronger]) / Math.log(2));
        }
        return weight;
    }

    /** The levels of each comparison for a pair. */
    public int[] levels(PersonRecord a, PersonRecord b) {
        return levels(comparisons, a, b);
    }

    static int[] levels(List<Comparison> comparisons, PersonRecord a, PersonRecord b) {
        int[] levels = new int[comparisons.size()];
        for (int c = 0; c < levels.length; c++) {
            levels[c] = comparisons.get(c).level(a, b);
        }
        return levels;
    }

    /** The posterior match probability of a pair with these levels. */
    public double probability(int[] levels) {
        double weight = 0;
        for (int c = 0; c < levels.length; c++) {
            weight += weight(c, levels[c]);
        }
        return probabilityOf(weight);
    }

    private double probabilityOf(double weight) {
        double logOdds = weight + Math.log(prior / (1 - prior)) / Math.log(2);
        return 1 / (1 + Math.pow(2, -logOdds));
    }

    public Explanation explain(PersonRecord a, PersonRecord b) {
        int[] levels = levels(a, b);
        List<Explanation.Evidence> evidence = new ArrayList<>(levels.length);
        double total = 0;
        for (int c = 0; c < levels.length; c++) {
            double weight = weight(c, levels[c]);
            String level = levels[c] == Comparison.MISSING ? "missing" : comparisons.get(c).levels().get(levels[c]);
            java.util.Map<String, Double> frequencies = termFrequencies.get(comparisons.get(c).field());
            if (levels[c] == 0 && frequencies != null) {
                Double share = frequencies.get(a.text(comparisons.get(c).field()));
                if (share != null) {
                    weight = Math.log(m[c][0] / Math.max(share, U_FLOOR)) / Math.log(2);
                }
            }
            total += weight;
            evidence.add(new Explanation.Evidence(comparisons.get(c).field(), level, weight));
        }
        return new Explanation(evidence, total, probabilityOf(total));
    }

    /**
     * Estimates a model from the data: {@code u} from the level frequencies of {@code randomPairs} (nearly all of
     * them two different people); then {@code m} by expectation-maximization, {@code u} held fixed, once per
     * blocking rule over the candidate pairs that rule found, leaving out the comparisons of the fields the rule
     * blocks on (those pairs agree on them by construction, which would otherwise pass for evidence of matches and
     * drive the model to call every candidate a match). Each comparison's {@code m} is the mean of its estimates
     * over the rules that did not block on it, weighted by the matches each rule's pairs hold; the prior is then fitted over all candidate pairs.
     *
     * @param candidatePairs each candidate pair's levels, one array per pair
     * @param ruleMasks for each candidate pair, a bit per blocking rule whose key the two records share
     * @param ruleFields for each blocking rule, the fields its key is made of
     * @param randomPairs the levels of random pairs
     */
    public static MatchModel estimate(List<Comparison> comparisons, List<int[]> candidatePairs, List<Integer> ruleMasks,
            List<java.util.Set<MatchField>> ruleFields, List<int[]> randomPairs, int iterations) {
        int count = comparisons.size();
        double[][] u = u(comparisons, randomPairs);
        double[][] mSum = new double[count][];
        double[] mWeight = new double[count];
        for (int c = 0; c < count; c++) {
            mSum[c] = new double[u[c].length];
        }
        for (int rule = 0; rule < ruleFields.size(); rule++) {
            boolean[] masked = new boolean[count];
            for (int c = 0; c < count; c++) {
                masked[c] = ruleFields.get(rule).contains(comparisons.get(c).field());
            }
            List<int[]> pairs = new ArrayList<>();
            for (int i = 0; i < candidatePairs.size(); i++) {
                if ((ruleMasks.get(i) & (1 << rule)) == 0) {
                    continue;
                }
                int[] copy = candidatePairs.get(i).clone();
                for (int c = 0; c < count; c++) {
                    if (masked[c]) {
                        copy[c] = Comparison.MISSING;
                    }
                }
                pairs.add(copy);
            }
            if (pairs.isEmpty()) {
                continue;
            }
            double[] matches = new double[1];
            double[][] m = em(comparisons, pairs, u, iterations, matches);
            for (int c = 0; c < count; c++) {
                if (!masked[c]) { // weighted by the matches the session found: a rule whose pairs are rarely matches says little about m
                    for (int level = 0; level < m[c].length; level++) {
                        mSum[c][level] += m[c][level] * matches[0];
                    }
                    mWeight[c] += matches[0];
                }
            }
        }
        double[][] m = new double[count][];
        for (int c = 0; c < count; c++) {
            m[c] = mWeight[c] == 0 ? start(u[c].length) : mSum[c].clone();
            for (int level = 0; level < m[c].length && mWeight[c] > 0; level++) {
                m[c][level] /= mWeight[c];
            }
        }
        return withFittedPrior(comparisons, m, u, candidatePairs, iterations);
    }

    /**
     * Estimates {@code u} from random pairs and the prior from the candidate pairs (EM on the prior alone), with
     * every comparison's {@link Comparison#typicalM() typical m}: steadier than estimating m when the data holds
     * families and namesakes that look like matches to EM.
     */
    public static MatchModel estimateWithTypicalM(List<Comparison> comparisons, List<int[]> candidatePairs, List<int[]> randomPairs, int iterations) {
        double[][] u = u(comparisons, randomPairs);
        double[][] m = new double[comparisons.size()][];
        for (int c = 0; c < m.length; c++) {
            m[c] = comparisons.get(c).typicalM();
        }
        return withFittedPrior(comparisons, m, u, candidatePairs, iterations);
    }

    /** The model of the given {@code m} and {@code u}, with the prior fitted to the candidate pairs by EM (m and u held). */
    public static MatchModel withFittedPrior(List<Comparison> comparisons, double[][] m, double[][] u, List<int[]> candidatePairs, int iterations) {
        return new MatchModel(comparisons, m, u, fitPrior(comparisons, m, u, candidatePairs, iterations));
    }

    /** Level frequencies among random pairs (nearly all two different people). */
    private static double[][] u(List<Comparison> comparisons, List<int[]> randomPairs) {
        double[][] u = new double[comparisons.size()][];
        for (int c = 0; c < u.length; c++) {
            u[c] = frequencies(randomPairs, c, comparisons.get(c).levels().size(), null);
            for (int level = 0; level < u[c].length; level++) {
                // a level unseen among a sample of random pairs is rare, not impossible: cap its weight
                u[c][level] = Math.max(u[c][level], U_FLOOR);
            }
        }
        return u;
    }

    /** The share of matches among {@code pairs} by EM on the prior alone, m and u held fixed. */
    private static double fitPrior(List<Comparison> comparisons, double[][] m, double[][] u, List<int[]> pairs, int iterations) {
        double prior = 0.1;
        for (int iteration = 0; iteration < iterations && !pairs.isEmpty(); iteration++) {
            MatchModel model = new MatchModel(comparisons, m, u, prior);
            double sum = 0;
            for (int[] levels : pairs) {
                sum += model.probability(levels);
            }
            prior = clamp(sum / pairs.size());
        }
        return prior;
    }

    /** The m table EM converges to over {@code pairs}, u fixed; masked comparisons come in as missing levels. */
    private static double[][] em(List<Comparison> comparisons, List<int[]> pairs, double[][] u, int iterations, double[] expectedMatches) {
        double[][] m = new double[comparisons.size()][];
        for (int c = 0; c < m.length; c++) {
            m[c] = start(u[c].length);
        }
        double prior = 0.1;
        double[] posterior = new double[pairs.size()];
        for (int iteration = 0; iteration < iterations && !pairs.isEmpty(); iteration++) {
            MatchModel model = new MatchModel(comparisons, m, u, prior);
            double sum = 0;
            for (int i = 0; i < posterior.length; i++) {
                posterior[i] = model.probability(pairs.get(i));
                sum += posterior[i];
            }
            prior = clamp(sum / posterior.length);
            expectedMatches[0] = sum;
            for (int c = 0; c < m.length; c++) {
                m[c] = floored(frequencies(pairs, c, m[c].length, posterior));
            }
        }
        return m;
    }

    /**
     * At least {@value #M_FLOOR} for every level among matches: one person's records do disagree now and then (a
     * surname changed at marriage), and a level never seen in the sample must not veto a match on its own.
     */
    private static double[] floored(double[] m) {
        double total = 0;
        for (int level = 0; level < m.length; level++) {
            m[level] = Math.max(m[level], M_FLOOR);
            total += m[level];
        }
        for (int level = 0; level < m.length; level++) {
            m[level] /= total;
        }
        return m;
    }

    private static final double M_FLOOR = 0.002;
    private static final double U_FLOOR = 0.00002;

    /** A start that believes matches agree. */
    private static double[] start(int levels) {
        double[] m = new double[levels];
        for (int level = 0; level < levels; level++) {
            m[level] = level == 0 ? 0.9 : 0.1 / (levels - 1);
        }
        return m;
    }

    /** Smoothed level frequencies of one comparison over pairs, each pair weighted (null: weight 1); missing levels skipped. */
    private static double[] frequencies(List<int[]> pairs, int comparison, int levels, double[] weights) {
        double[] counts = new double[levels];
        double total = 0;
        for (int i = 0; i < pairs.size(); i++) {
            int level = pairs.get(i)[comparison];
            if (level != Comparison.MISSING) {
                double weight = weights == null ? 1 : weights[i];
                counts[level] += weight;
                total += weight;
            }
        }
        double[] frequencies = new double[levels];
        for (int level = 0; level < levels; level++) {
            frequencies[level] = (counts[level] + 0.01) / (total + 0.01 * levels); // no level is impossible
        }
        return frequencies;
    }

    private static double clamp(double prior) {
        return Math.min(0.999, Math.max(1e-6, prior));
    }
}
