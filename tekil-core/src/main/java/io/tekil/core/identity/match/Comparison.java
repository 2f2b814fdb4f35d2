package io.tekil.core.identity.match;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One field's comparison between two records, giving an agreement level: 0 is the strongest agreement, the last
 * level is disagreement, and {@link #MISSING} means one side has no value (no evidence). Each kind of comparison
 * names its levels, so explanations read {@code first_name: similar (0.93)}.
 */
public sealed interface Comparison {
    int MISSING = -1;

    MatchField field();

    /** The names of the levels, strongest agreement first. */
    List<String> levels();

    /** The level of agreement of {@code a} and {@code b}, or {@link #MISSING}. */
    int level(PersonRecord a, PersonRecord b);

    /**
     * How often each level occurs between two records of one person, from experience with customer data (names are
     * retyped, people move, surnames change at marriage): the m-probabilities used when they are not estimated.
     */
    double[] typicalM();

    /** Jaro-Winkler on folded text: equal, at least {@code high}, at least {@code low}, else different. */
    record Similarity(MatchField field, double high, double low) implements Comparison {
        public Similarity {
            requireNonNull(field, "field is null");
            requireThresholds(low, high);
        }

        @Override
        public List<String> levels() {
            return List.of("equal", "similar", "somewhat similar", "different");
        }

        @Override
        public int level(PersonRecord a, PersonRecord b) {
            return graded(a.text(field), b.text(field), high, low, JaroWinkler::similarity);
        }

        @Override
        public double[] typicalM() {
            return new double[] {0.86, 0.09, 0.03, 0.02};
        }
    }

    /** Birth dates: equal, day and month transposed, year one off, different (see {@link BirthDates}). */
    record BirthDate() implements Comparison {
        @Override
        public MatchField field() {
            return MatchField.BIRTH_DATE;
        }

        @Override
        public List<String> levels() {
            return List.of("equal", "day and month transposed", "year off by one", "different");
        }

        @Override
        public int level(PersonRecord a, PersonRecord b) {
            LocalDate x = a.birthDate();
            LocalDate y = b.birthDate();
            return x == null || y == null ? MISSING : BirthDates.compare(x, y).ordinal();
        }

        @Override
        public double[] typicalM() {
            return new double[] {0.93, 0.02, 0.02, 0.03};
        }
    }

    /** The same folded value, or not (postcodes, cities). */
    record Exact(MatchField field) implements Comparison {
        public Exact {
            requireNonNull(field, "field is null");
        }

        @Override
        public List<String> levels() {
            return List.of("equal", "different");
        }

        @Override
        public int level(PersonRecord a, PersonRecord b) {
            String x = a.text(field);
            String y = b.text(field);
            return x == null || y == null ? MISSING : x.equals(y) ? 0 : 1;
        }

        @Override
        public double[] typicalM() {
            return new double[] {0.85, 0.15};
        }
    }

    /** The share of folded words in common (Jaccard): all, at least {@code high}, at least {@code low}, else different (addresses). */
    record Tokens(MatchField field, double high, double low) implements Comparison {
        public Tokens {
            requireNonNull(field, "field is null");
            requireThresholds(low, high);
        }

        @Override
        public List<String> levels() {
            return List.of("same words", "mostly the same words", "some words in common", "different");
        }

        @Override
        public int level(PersonRecord a, PersonRecord b) {
            return graded(a.text(field), b.text(field), high, low, (x, y) -> {
                Set<String> left = words(x); // an address repeats words ("Atatürk Mah. Atatürk Cad."): counted once
                Set<String> right = words(y);
                Set<String> common = new HashSet<>(left);
                common.retainAll(right);
                return common.size() / (double) (left.size() + right.size() - common.size()); // Jaccard
            });
        }

        @Override
        public double[] typicalM() {
            return new double[] {0.6, 0.2, 0.1, 0.1};
        }

        private static Set<String> words(String folded) {
            Set<String> words = new HashSet<>();
            for (String word : folded.split(" ")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
            return words;
        }
    }

    /** The last {@code digits} digits equal, or not (phones written with and without country code). */
    record Suffix(MatchField field, int digits) implements Comparison {
        public Suffix {
            requireNonNull(field, "field is null");
            if (digits < 1) {
                throw new IllegalArgumentException(String.format("digits must be at least 1, was %d", digits));
            }
        }

        @Override
        public List<String> levels() {
            return List.of("same last " + digits + " digits", "different");
        }

        @Override
        public int level(PersonRecord a, PersonRecord b) {
            String x = a.text(field);
            String y = b.text(field);
            if (x == null || y == null || x.length() < digits || y.length() < digits) {
                return MISSING;
            }
            return x.regionMatches(x.length() - digits, y, y.length() - digits, digits) ? 0 : 1;
        }

        @Override
        public double[] typicalM() {
            return new double[] {0.9, 0.1};
        }
    }

    /** The level of a score from 0 to 1 between two texts: equal (or 1), at least {@code high}, at least {@code low}, else different. */
    private static int graded(String x, String y, double high, double low, java.util.function.ToDoubleBiFunction<String, String> score) {
        if (x == null || y == null) {
            return MISSING;
        }
        if (x.equals(y)) {
            return 0;
        }
        double value = score.applyAsDouble(x, y);
        return value == 1 ? 0 : value >= high ? 1 : value >= low ? 2 : 3;
    }

    private static void requireThresholds(double low, double high) {
        if (!(0 < low && low < high && high < 1)) {
            throw new IllegalArgumentException(String.format("need 0 < low < high < 1, got low %s and high %s", low, high));
        }
    }
}
