package io.tekil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tekil.core.error.TekilException;
import io.tekil.core.identity.match.BlockingRule;
import io.tekil.core.identity.match.Comparison;
import io.tekil.core.identity.match.Explanation;
import io.tekil.core.identity.match.MatchField;
import io.tekil.core.identity.match.Matcher;
import io.tekil.core.identity.match.TestingPeople;
import io.tekil.core.identity.match.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestMatchingModelReader {
    private static final TestingPeople.Population PEOPLE = TestingPeople.crmAndWeb(3_000, 11);

    @TempDir
    Path directory;

    @Test
    void theBuiltInModelIsTheDefaultMatcherAndDecidesAsItDoes() {
        Matcher builtIn = MatchingModelReader.builtIn();
        assertThat(builtIn).isEqualTo(Matcher.defaults());
        assertThat(TekilConfig.of(Map.of()).matcher()).isEqualTo(Matcher.defaults());

        Matcher.Result fromFile = builtIn.run(PEOPLE.records(), 5);
        Matcher.Result fromCode = Matcher.defaults().run(PEOPLE.records(), 5);
        assertThat(fromFile.candidatePairs()).isEqualTo(fromCode.candidatePairs());
        assertThat(fromFile.links()).isNotEmpty().isEqualTo(fromCode.links());
        assertThat(fromFile.reviews()).isEqualTo(fromCode.reviews());
    }

    @Test
    void fixedWeightsAreTheWeightsOfEveryDecision() {
        Matcher matcher = MatchingModelReader.read("""
                comparisons:
                  - { field: first_name, kind: jaro-winkler, high: 0.94, low: 0.85, m: [0.8, 0.1, 0.05, 0.05], u: [0.05, 0.05, 0.1, 0.8] }
                  - { field: last_name, kind: exact, m: [0.9, 0.1], u: [0.1125, 0.8875] }
                  - field: birth_date
                    kind: birth-date
                    m: [0.96, 0.02, 0.01, 0.01]
                    u: [0.00375, 0.01, 0.01, 0.97625]
                blocking:
                  - key: [last_name, birth_date.year]
                weights:
                  estimate: fixed
                  prior: 0.001
                thresholds: { link: 0.95, review: 0.5 }
                """, "fixed.yaml");
        assertThat(matcher.weights()).isEqualTo(new Weights.Fixed(
                List.of(List.of(0.8, 0.1, 0.05, 0.05), List.of(0.9, 0.1), List.of(0.96, 0.02, 0.01, 0.01)),
                List.of(List.of(0.05, 0.05, 0.1, 0.8), List.of(0.1125, 0.8875), List.of(0.00375, 0.01, 0.01, 0.97625)), OptionalDouble.of(0.001)));
        assertThat(matcher.blocking()).containsExactly(new BlockingRule("last_name+birth_date.year",
                List.of(new BlockingRule.Part.Whole(MatchField.LAST_NAME), new BlockingRule.Part.BirthYear())));

        Matcher.Result result = matcher.run(PEOPLE.records(), 5);
        assertThat(result.model().prior()).isEqualTo(0.001);
        assertThat(result.links()).isNotEmpty();
        for (Matcher.ScoredPair pair : result.links()) {
            Explanation explanation = pair.explanation();
            if (explanation.fields().stream().allMatch(evidence -> evidence.level().equals("equal"))) {
                // log2(0.8 / 0.05) + log2(0.9 / 0.1125) + log2(0.96 / 0.00375), whatever the names' frequencies
                assertThat(explanation.weight()).isCloseTo(4 + 3 + 8, within(1e-9));
                assertThat(explanation.describe()).contains("first_name equal +4.0, last_name equal +3.0, birth_date equal +8.0");
            }
            assertThat(explanation.probability()).isGreaterThanOrEqualTo(0.95);
        }
        assertThat(result.links()).anyMatch(pair -> pair.explanation().fields().stream().allMatch(evidence -> evidence.level().equals("equal")));
    }

    /** Blocking on the phone alone finds only the pairs whose web record kept the phone; dropping the phone comparison takes its evidence away. */
    @Test
    void anotherBlockingRuleAndComparisonsChangeTheCandidatesAndDecisions() {
        Matcher phoneOnly = MatchingModelReader.read(MatchingModelReader.builtInText().replaceAll("(?s)blocking:.*?max-block", """
                blocking:
                  - key: [phone.last(7)]
                max-block"""), "phone-blocking.yaml");
        assertThat(phoneOnly.comparisons()).isEqualTo(Matcher.DEFAULT_COMPARISONS);
        assertThat(phoneOnly.blocking()).containsExactly(new BlockingRule("phone.last(7)", List.of(new BlockingRule.Part.Last(MatchField.PHONE, 7))));
        Matcher.Result byPhone = phoneOnly.run(PEOPLE.records(), 5);
        Matcher.Result byDefault = Matcher.defaults().run(PEOPLE.records(), 5);
        assertThat(byPhone.candidatePairs()).isLessThan(byDefault.candidatePairs() / 10);
        assertThat(byPhone.links()).isNotEmpty().allSatisfy(pair -> {
            assertThat(PEOPLE.records().get(pair.b()).text(MatchField.PHONE)).as("only records with a phone share a phone key").isNotNull();
            assertThat(pair.explanation().describe()).contains("phone same last 7 digits");
        });
        assertThat(byDefault.links()).anyMatch(pair -> PEOPLE.records().get(pair.b()).text(MatchField.PHONE) == null);

        Matcher noPhone = MatchingModelReader.read("""
                comparisons:
                  - { field: first_name, kind: exact }
                  - { field: last_name, kind: jaro-winkler, high: 0.94, low: 0.85 }
                  - { field: birth_date, kind: birth-date }
                  - { field: city, kind: exact }
                blocking:
                  - { name: surname-year, key: [last_name, birth_date.year] }
                """, "names.yaml");
        assertThat(noPhone.comparisons().getFirst()).isEqualTo(new Comparison.Exact(MatchField.FIRST_NAME));
        assertThat(noPhone.weights()).isEqualTo(new Weights.Typical());
        assertThat(noPhone.linkThreshold()).as("the built-in model's when the file gives none").isEqualTo(0.99999);
        Matcher.Result byNames = noPhone.run(PEOPLE.records(), 5);
        assertThat(byNames.links()).isNotEmpty().allSatisfy(pair -> assertThat(pair.explanation().fields())
                .extracting(Explanation.Evidence::field).containsExactly(MatchField.FIRST_NAME, MatchField.LAST_NAME, MatchField.BIRTH_DATE, MatchField.CITY));
        assertThat(byNames.links().size() + byNames.reviews().size()).as("a first name typed with a doubled letter is no longer similar")
                .isLessThan(byDefault.links().size() + byDefault.reviews().size());
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPlace() {
        assertThatThrownBy(() -> MatchingModelReader.read("""
                comparisons:
                  - { field: first_name, kind: jaro-winkler, high: 0.8, low: 0.9 }
                  - { field: surname, kind: exact }
                  - { field: city, kind: fuzzy }
                  - { field: birth_date, kind: exact }
                  - { field: phone, kind: suffix, digits: seven, m: [0.9, 0.1] }
                  - { field: address, kind: tokens, high: 0.7 }
                  - { field: postcode, kind: exact, threshold: 1 }
                  - { field: postcode, kind: exact }
                blocking:
                  - { key: [last_name, birth_date.month] }
                  - { key: [] }
                  - { name: a, key: [city] }
                  - { name: a, key: [postcode] }
                max-block: 1
                weights: { estimate: bayes, prior: 0.5 }
                thresholds: { link: 0.9, review: 0.95, wait: 2 }
                colour: blue
                """, "bad.yaml"))
                .isInstanceOf(TekilException.class)
                .hasMessageStartingWith("matching model bad.yaml has 16 problems:")
                .hasMessageContaining("colour: unknown key; use one of [blocking, comparisons, max-block, thresholds, weights]")
                .hasMessageContaining("weights.estimate: 'bayes' is not a way to get the weights; use typical")
                .hasMessageContaining("comparisons[1]: need 0 < low < high < 1, got low 0.9 and high 0.8")
                .hasMessageContaining("comparisons[2].field: unknown field 'surname'; use one of [first_name, last_name,")
                .hasMessageContaining("comparisons[3].kind: unknown comparison kind 'fuzzy'; use one of [jaro-winkler, birth-date, exact, tokens, suffix]")
                .hasMessageContaining("comparisons[4].kind: birth_date is a date; compare it with kind birth-date")
                .hasMessageContaining("comparisons[5].digits: give how many of the last digits must be equal")
                .hasMessageContaining("comparisons[6].low: missing; give a number")
                .hasMessageContaining("comparisons[7].threshold: unknown key; use one of [field, kind, m, u]")
                .hasMessageContaining("comparisons[8]: postcode is compared twice")
                .hasMessageContaining("blocking[1].key[2]: 'birth_date.month' is not a key part")
                .hasMessageContaining("blocking[2].key: give the list of parts the key is made of")
                .hasMessageContaining("blocking[4].name: 'a' names an earlier rule too")
                .hasMessageContaining("max-block: '1' is not a block size")
                .hasMessageContaining("thresholds.wait: unknown key; use one of [link, review]")
                .hasMessageContaining("thresholds: review (0.95) is above link (0.9)");

        assertThatThrownBy(() -> MatchingModelReader.read("""
                comparisons:
                  - { field: city, kind: exact, m: [0.9, 0.2], u: [0.1, 0.9] }
                  - { field: postcode, kind: exact, m: [0.9, 0.1] }
                  - { field: birth_date, kind: birth-date, m: [0.9, 0.1], u: [0.1, x, 0.1, 0.7] }
                blocking:
                  - { key: [city] }
                weights: { estimate: fixed, prior: 1.5 }
                """, "fixed.yaml"))
                .hasMessageStartingWith("matching model fixed.yaml has 5 problems:")
                .hasMessageContaining("comparisons[1].m: the probabilities sum to 1.1000; the levels cover every case, so they must sum to 1")
                .hasMessageContaining("comparisons[2].u: weights.estimate is fixed, so give 2 probabilities, one for each level (equal, different)")
                .hasMessageContaining("comparisons[3].m: weights.estimate is fixed, so give 4 probabilities, one for each level "
                        + "(equal, day and month transposed, year off by one, different)")
                .hasMessageContaining("comparisons[3].u: 'x' is not a number")
                .hasMessageContaining("weights.prior: 1.5 must be between 0 and 1 (exclusive)");
        assertThatThrownBy(() -> MatchingModelReader.read("comparisons: [", "broken.yaml")).hasMessageStartingWith("matching model broken.yaml is not valid YAML");
        assertThatThrownBy(() -> MatchingModelReader.read("- a", "list.yaml")).hasMessage("matching model list.yaml must be a YAML map with at least 'comparisons' and 'blocking'");
        assertThatThrownBy(() -> MatchingModelReader.load(directory.resolve("none.yaml"))).hasMessageStartingWith("no matching model file ");
    }

    /** Any text either reads as a model or is refused with our user error; anything else would be a bug. */
    @Test
    void mangledModelsReadOrAreRefusedCleanly() {
        String model = MatchingModelReader.builtInText();
        String alphabet = " :-[]{},#\n0123456789.abcdefghijklmnopqrstuvwxyz_()\"'";
        SplittableRandom random = new SplittableRandom(7);
        int read = 0;
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder(model);
            for (int edits = random.nextInt(1, 6); edits > 0; edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try {
                assertThat(MatchingModelReader.read(text.toString(), "mangled.yaml")).isNotNull();
                read++;
            } catch (TekilException e) {
                assertThat(e.getMessage()).startsWith("matching model mangled.yaml ");
            }
        }
        assertThat(read).as("edits in comments and blanks leave a model").isPositive();
    }

    @Test
    void theConfigurationReadsTheModelFileAndItsThresholdsYieldToTheKeys() throws Exception {
        Path file = directory.resolve("model.yaml");
        Files.writeString(file, MatchingModelReader.builtInText().replace("estimate: typical", "estimate: em").replace("link: 0.99999", "link: 0.9999"));
        Matcher model = TekilConfig.of(Map.of("matching.model", file.toString())).matcher();
        assertThat(model.weights()).isEqualTo(new Weights.EstimatedM());
        assertThat(model.linkThreshold()).isEqualTo(0.9999);
        assertThat(TekilConfig.of(Map.of("matching.model", file.toString(), "matching.link-threshold", "0.999999")).matcher().linkThreshold())
                .isEqualTo(0.999999);
        assertThatThrownBy(() -> TekilConfig.of(Map.of("matching.review-threshold", "0.999999")).matcher())
                .hasMessage("invalid matching thresholds (matching.link-threshold, matching.review-threshold, or the model's thresholds): "
                        + "need 0 < review <= link < 1, got review 0.999999 and link 0.99999");

        Files.writeString(file, "comparisons: []\nblocking: [{key: [nickname]}]\n");
        assertThatThrownBy(() -> TekilConfig.of(Map.of("matching.model", file.toString())))
                .hasMessageContaining("invalid value for matching.model (from the given settings): matching model " + file + " has 2 problems:")
                .hasMessageContaining("comparisons: give a list of the fields to compare")
                .hasMessageContaining("blocking[1].key[1]: unknown field 'nickname'");
    }
}
