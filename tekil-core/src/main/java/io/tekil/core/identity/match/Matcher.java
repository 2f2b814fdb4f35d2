package io.tekil.core.identity.match;

import static java.util.Objects.requireNonNull;

import io.tekil.core.collect.LongSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Probabilistic record linkage: blocking, comparison, a Fellegi-Sunter model (estimated from the data, or given:
 * see {@link Weights}), and two thresholds on the match probability. A matcher is a value: everything a matching
 * model file declares, and nothing else, so a model read from a file can be compared with one written in code.
 *
 * <p>Design. Candidate pairs are the pairs of records sharing a {@link BlockingRule} key (blocks larger than
 * {@code maxBlock} are skipped: a key that common says little and would make the work quadratic). Each pair is
 * compared field by field; the model turns the levels into a probability. Pairs at or above
 * {@code linkThreshold} are linked automatically, pairs at or above {@code reviewThreshold} go to a person for
 * review, the rest are not matches. Every decision carries its {@link Explanation}. Cost: about linear in the
 * records times the block sizes. Deterministic for a seed.
 *
 * @param comparisons the fields compared, each at most once
 * @param blocking the blocking rules, 1 to 31
 * @param weights where m, u and the prior come from; fixed weights give m and u for exactly these comparisons
 * @param linkThreshold the match probability at or above which a pair links automatically
 * @param reviewThreshold the probability at or above which a pair below {@code linkThreshold} goes to review
 * @param maxBlock the most records one blocking key may gather before it is skipped, at least 2
 */
public record Matcher(List<Comparison> comparisons, List<BlockingRule> blocking, Weights weights, double linkThreshold,
        double reviewThreshold, int maxBlock) {
    /** Names by Jaro-Winkler (0.94 / 0.85), birth dates, city, address words, postcode, the phone's last 7 digits. */
    public static final List<Comparison> DEFAULT_COMPARISONS = List.of(
            new Comparison.Similarity(MatchField.FIRST_NAME, 0.94, 0.85),
            new Comparison.Similarity(MatchField.LAST_NAME, 0.94, 0.85),
            new Comparison.BirthDate(),
            new Comparison.Exact(MatchField.CITY),
            new Comparison.Tokens(MatchField.ADDRESS, 0.7, 0.4),
            new Comparison.Exact(MatchField.POSTCODE),
            new Comparison.Suffix(MatchField.PHONE, 7));

    private static final int RANDOM_PAIRS = 200_000;
    private static final int EM_ITERATIONS = 25;

    public Matcher {
        comparisons = List.copyOf(comparisons);
        blocking = List.copyOf(blocking);
        requireNonNull(weights, "weights is null");
        if (!(0 < reviewThreshold && reviewThreshold <= linkThreshold && linkThreshold < 1)) {
            throw new IllegalArgumentException(String.format("need 0 < review <= link < 1, got review %s and link %s", reviewThreshold, linkThreshold));
        }
        if (comparisons.isEmpty()) {
            throw new IllegalArgumentException("compare at least one field");
        }
        Set<MatchField> compared = EnumSet.noneOf(MatchField.class);
        for (Comparison comparison : comparisons) {
            if (!compared.add(comparison.field())) {
                throw new IllegalArgumentException(String.format("%s is compared twice; an explanation gives each field once, so compare it once",
                        comparison.field().id()));
            }
        }
        if (blocking.isEmpty() || blocking.size() > 31) {
            throw new IllegalArgumentException(String.format("need 1 to 31 blocking rules, got %d", blocking.size()));
        }
        if (maxBlock < 2) {
            throw new IllegalArgumentException(String.format("maxBlock must be at least 2, was %d", maxBlock));
        }
        if (weights instanceof Weights.Fixed fixed) {
            requireLevels(comparisons, fixed);
        }
    }

    /**
     * Default comparisons and blocking, typical m; links at 0.99999 (automatic links must be right: on the
     * generator's data at 100,000 people, 0.9999 still linked namesakes born the same day in different cities,
     * 101 of 682 links, where 0.99999 made 19 such links of 599 and missed one right one), review from 0.9,
     * blocks of at most 1,000 records. The server ships the same model as a file, {@code matching-default.yaml}.
     */
    public static Matcher defaults() {
        return new Matcher(DEFAULT_COMPARISONS, BlockingRule.DEFAULTS, new Weights.Typical(), 0.99999, 0.9, 1_000);
    }

    public Matcher withThresholds(double newLink, double newReview) {
        return new Matcher(comparisons, blocking, weights, newLink, newReview, maxBlock);
    }

    public Matcher withWeights(Weights newWeights) {
        return new Matcher(comparisons, blocking, newWeights, linkThreshold, reviewThreshold, maxBlock);
    }

    private static void requireLevels(List<Comparison> comparisons, Weights.Fixed fixed) {
        if (fixed.m().size() != comparisons.size()) {
            throw new IllegalArgumentException(String.format("fixed weights give m and u for %d comparisons; there are %d",
                    fixed.m().size(), comparisons.size()));
        }
        for (int c = 0; c < comparisons.size(); c++) {
            int levels = comparisons.get(c).levels().size();
            if (fixed.m().get(c).size() != levels || fixed.u().get(c).size() != levels) {
                throw new IllegalArgumentException(String.format("%s has %d levels (%s); m and u must give each a probability",
                        comparisons.get(c).field().id(), levels, String.join(", ", comparisons.get(c).levels())));
            }
        }
    }

    /** A pair of records (indexes into the matched list) and why. */
    public record ScoredPair(int a, int b, Explanation explanation) {}

    /**
     * @param links pairs to link automatically, in record order
     * @param reviews pairs for a person to decide, most probable first
     */
    public record Result(MatchModel model, List<ScoredPair> links, List<ScoredPair> reviews, long candidatePairs, int skippedBlocks) {
        public Result {
            links = List.copyOf(links);
            reviews = List.copyOf(reviews);
        }
    }

    /**
     * Matches {@code records}: finds the candidate pairs, makes the model of {@link #weights()} (estimating from
     * the records what is to be estimated, random pairs sampled with {@code seed}) and decides every pair.
     */
    public Result run(List<PersonRecord> records, long seed) {
        Candidates candidates = candidates(records);
        List<int[]> candidateLevels = new ArrayList<>(candidates.pairs.size());
        for (long pair : candidates.pairs) {
            candidateLevels.add(MatchModel.levels(comparisons, records.get(first(pair)), records.get(second(pair))));
        }
        MatchModel model = switch (weights) {
            case Weights.Typical typical -> MatchModel.estimateWithTypicalM(comparisons, candidateLevels, randomLevels(records, seed), EM_ITERATIONS)
                    .withTermFrequencies(termFrequencies(records));
            case Weights.EstimatedM estimated -> MatchModel.estimate(comparisons, candidateLevels, candidates.rules,
                    blocking.stream().map(BlockingRule::fields).toList(), randomLevels(records, seed), EM_ITERATIONS)
                    .withTermFrequencies(termFrequencies(records));
            case Weights.Fixed fixed -> fixed.prior().isPresent()
                    ? new MatchModel(comparisons, Weights.Fixed.table(fixed.m()), Weights.Fixed.table(fixed.u()), fixed.prior().getAsDouble())
                    : MatchModel.withFittedPrior(comparisons, Weights.Fixed.table(fixed.m()), Weights.Fixed.table(fixed.u()), candidateLevels, EM_ITERATIONS);
        };
        return classify(records, model, candidates);
    }

    /** The levels of random pairs of {@code records} (nearly all two different people), for estimating u. */
    private List<int[]> randomLevels(List<PersonRecord> records, long seed) {
        List<int[]> randomLevels = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < RANDOM_PAIRS && records.size() > 1; i++) {
            int a = random.nextInt(records.size());
            int b = random.nextInt(records.size());
            if (a != b) {
                randomLevels.add(MatchModel.levels(comparisons, records.get(a), records.get(b)));
            }
        }
        return randomLevels;
    }

    /** Per name-like field (similarity or exact comparison), each value's share of the records. */
    private Map<MatchField, Map<String, Double>> termFrequencies(List<PersonRecord> records) {
        Map<MatchField, Map<String, Double>> frequencies = new EnumMap<>(MatchField.class);
        for (Comparison comparison : comparisons) {
            if (comparison instanceof Comparison.Similarity || comparison instanceof Comparison.Exact) {
                frequencies.put(comparison.field(), MatchModel.termFrequencies(records, comparison.field()));
            }
        }
        return frequencies;
    }

    private Result classify(List<PersonRecord> records, MatchModel model, Candidates candidates) {
        List<ScoredPair> links = new ArrayList<>();
        List<ScoredPair> reviews = new ArrayList<>();
        for (int i = 0; i < candidates.pairs.size(); i++) {
            long pair = candidates.pairs.get(i);
            Explanation explanation = model.explain(records.get(first(pair)), records.get(second(pair)));
            if (explanation.probability() >= reviewThreshold) {
                (explanation.probability() >= linkThreshold ? links : reviews).add(new ScoredPair(first(pair), second(pair), explanation));
            }
        }
        links.sort((x, y) -> x.a() != y.a() ? Integer.compare(x.a(), y.a()) : Integer.compare(x.b(), y.b()));
        reviews.sort((x, y) -> Double.compare(y.explanation().probability(), x.explanation().probability()));
        return new Result(model, links, reviews, candidates.pairs.size(), candidates.skippedBlocks);
    }

    /** @param rules for each pair, a bit per blocking rule whose key its records share */
    private record Candidates(List<Long> pairs, List<Integer> rules, int skippedBlocks) {}

    private Candidates candidates(List<PersonRecord> records) {
        LongSet seen = new LongSet();
        List<long[]> found = new ArrayList<>(); // pair, rule
        int skipped = 0;
        String[][] keys = new String[blocking.size()][records.size()];
        for (int r = 0; r < blocking.size(); r++) {
            BlockingRule rule = blocking.get(r);
            Map<String, List<Integer>> blocks = new HashMap<>();
            for (int i = 0; i < records.size(); i++) {
                String key = rule.key(records.get(i));
                keys[r][i] = key;
                if (key != null) {
                    blocks.computeIfAbsent(key, k -> new ArrayList<>(2)).add(i);
                }
            }
            for (List<Integer> block : blocks.values()) {
                if (block.size() > maxBlock) {
                    skipped++;
                    continue;
                }
                for (int x = 0; x < block.size(); x++) {
                    for (int y = x + 1; y < block.size(); y++) {
                        long pair = ((long) block.get(x) << 32) | block.get(y);
                        if (seen.add(pair)) {
                            found.add(new long[] {pair});
                        }
                    }
                }
            }
        }
        found.sort((x, y) -> Long.compare(x[0], y[0]));
        List<Long> pairs = new ArrayList<>(found.size());
        List<Integer> rules = new ArrayList<>(found.size());
        for (long[] pair : found) {
            pairs.add(pair[0]);
            int mask = 0;
            for (int r = 0; r < blocking.size(); r++) {
                String key = keys[r][first(pair[0])];
                if (key != null && key.equals(keys[r][second(pair[0])])) {
                    mask |= 1 << r;
                }
            }
            rules.add(mask);
        }
        return new Candidates(pairs, rules, skipped);
    }

    private static int first(long pair) {
        return (int) (pair >>> 32);
    }

    private static int second(long pair) {
        return (int) pair;
    }
}
