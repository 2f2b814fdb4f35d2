package io.tekil.core.identity.match;

import io.tekil.core.collect.LongSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Probabilistic record linkage: blocking, comparison, a Fellegi-Sunter model (estimated from the data by EM, or
 * given), and two thresholds on the match probability.
 *
 * <p>Design. Candidate pairs are the pairs of records sharing a {@link BlockingRule} key (blocks larger than
 * {@code maxBlock} are skipped: a key that common says little and would make the work quadratic). Each pair is
 * compared field by field; the model turns the levels into a probability. Pairs at or above {@code link} are
 * linked automatically, pairs at or above {@code review} go to a person for review, the rest are not matches.
 * Every decision carries its {@link Explanation}. Cost: about linear in the records times the block sizes.
 * Deterministic for a seed.
 */
public final class Matcher {
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

    private final List<Comparison> comparisons;
    private final List<BlockingRule> blocking;
    private final double link;
    private final double review;
    private final int maxBlock;
    private final boolean estimateM;

    /**
     * @param link the match probability at or above which a pair links automatically
     * @param review the probability at or above which a pair below {@code link} goes to review
     */
    public Matcher(List<Comparison> comparisons, List<BlockingRule> blocking, double link, double review, int maxBlock) {
        this(comparisons, blocking, link, review, maxBlock, false);
    }

    /**
     * @param estimateM whether EM estimates the m-probabilities too (per blocking rule); otherwise each comparison's
     *     {@link Comparison#typicalM() typical m} is used and only u and the prior come from the data
     */
    public Matcher(List<Comparison> comparisons, List<BlockingRule> blocking, double link, double review, int maxBlock, boolean estimateM) {
        this.estimateM = estimateM;
        this.comparisons = List.copyOf(comparisons);
        this.blocking = List.copyOf(blocking);
        if (!(0 < review && review <= link && link < 1)) {
            throw new IllegalArgumentException(String.format("need 0 < review <= link < 1, got review %s and link %s", review, link));
        }
        if (this.blocking.size() > 31) {
            throw new IllegalArgumentException(String.format("at most 31 blocking rules, got %d", this.blocking.size()));
        }
        if (maxBlock < 2) {
            throw new IllegalArgumentException(String.format("maxBlock must be at least 2, was %d", maxBlock));
        }
        this.link = link;
        this.review = review;
        this.maxBlock = maxBlock;
    }

    /**
     * Default comparisons and blocking; links at 0.99999 (automatic links must be right: on the generator's data
     * at 100,000 people, 0.9999 still linked namesakes born the same day in different cities, 101 of 682 links,
     * where 0.99999 made 19 such links of 599 and missed one right one), review from 0.9, blocks of at most 1,000
     * records.
     */
    public static Matcher defaults() {
        return new Matcher(DEFAULT_COMPARISONS, BlockingRule.DEFAULTS, 0.99999, 0.9, 1_000);
    }

    public Matcher withThresholds(double newLink, double newReview) {
        return new Matcher(comparisons, blocking, newLink, newReview, maxBlock, estimateM);
    }

    /** The same matcher, with m estimated by EM (true) or typical (false). */
    public Matcher withEstimatedM(boolean estimate) {
        return new Matcher(comparisons, blocking, link, review, maxBlock, estimate);
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

    /** Estimates the model from {@code records} (seeded sampling of random pairs), then matches them. */
    public Result run(List<PersonRecord> records, long seed) {
        Candidates candidates = candidates(records);
        List<int[]> candidateLevels = new ArrayList<>(candidates.pairs.size());
        for (long pair : candidates.pairs) {
            candidateLevels.add(MatchModel.levels(comparisons, records.get(first(pair)), records.get(second(pair))));
        }
        List<int[]> randomLevels = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < RANDOM_PAIRS && records.size() > 1; i++) {
            int a = random.nextInt(records.size());
            int b = random.nextInt(records.size());
            if (a != b) {
                randomLevels.add(MatchModel.levels(comparisons, records.get(a), records.get(b)));
            }
        }
        MatchModel model = estimateM
                ? MatchModel.estimate(comparisons, candidateLevels, candidates.rules, blocking.stream().map(BlockingRule::fields).toList(),
                        randomLevels, EM_ITERATIONS)
                : MatchModel.estimateWithTypicalM(comparisons, candidateLevels, randomLevels, EM_ITERATIONS);
        java.util.Map<MatchField, java.util.Map<String, Double>> frequencies = new java.util.EnumMap<>(MatchField.class);
        for (Comparison comparison : comparisons) {
            if (comparison instanceof Comparison.Similarity || comparison instanceof Comparison.Exact) {
                frequencies.put(comparison.field(), MatchModel.termFrequencies(records, comparison.field()));
            }
        }
        return classify(records, model.withTermFrequencies(frequencies), candidates, candidateLevels);
    }

    /** Matches {@code records} with a given model (weights set in configuration rather than estimated). */
    public Result run(List<PersonRecord> records, MatchModel model) {
        Candidates candidates = candidates(records);
        List<int[]> levels = new ArrayList<>(candidates.pairs.size());
        for (long pair : candidates.pairs) {
            levels.add(model.levels(records.get(first(pair)), records.get(second(pair))));
        }
        return classify(records, model, candidates, levels);
    }

    private Result classify(List<PersonRecord> records, MatchModel model, Candidates candidates, List<int[]> levels) {
        List<ScoredPair> links = new ArrayList<>();
        List<ScoredPair> reviews = new ArrayList<>();
        for (int i = 0; i < candidates.pairs.size(); i++) {
            long pair = candidates.pairs.get(i);
            Explanation explanation = model.explain(records.get(first(pair)), records.get(second(pair)));
            if (explanation.probability() >= review) {
                (explanation.probability() >= link ? links : reviews).add(new ScoredPair(first(pair), second(pair), explanation));
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
                String key = rule.key().apply(records.get(i));
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

    public double linkThreshold() {
        return link;
    }

    public double reviewThreshold() {
        return review;
    }
}
