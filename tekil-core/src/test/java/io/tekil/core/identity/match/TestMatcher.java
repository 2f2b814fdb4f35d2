package io.tekil.core.identity.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestMatcher {
    /** Two records per person (a CRM row and a web sign-up), with the noise people make, plus namesakes. */
    @Test
    void linksTheRecordsOfOnePersonDespiteTyposAndKeepsNamesakesApart() {
        for (Matcher matcher : List.of(Matcher.defaults(), Matcher.defaults().withWeights(new Weights.EstimatedM()))) {
            linksTheRecordsOfOnePerson(matcher);
        }
    }

    private static void linksTheRecordsOfOnePerson(Matcher matcher) {
        TestingPeople.Population population = TestingPeople.crmAndWeb(3_000, 11);
        List<PersonRecord> records = population.records();
        List<Integer> person = population.person();
        Matcher.Result result = matcher.run(records, 5);

        int truePositives = 0;
        Set<Integer> linkedPeople = new HashSet<>();
        for (Matcher.ScoredPair pair : result.links()) {
            if (person.get(pair.a()).equals(person.get(pair.b()))) {
                truePositives++;
                linkedPeople.add(person.get(pair.a()));
            }
        }
        double precision = truePositives / (double) result.links().size();
        if (Boolean.getBoolean("debugMatcher")) {
            MatchModel model = result.model();
            for (int c = 0; c < model.comparisons().size(); c++) {
                StringBuilder line = new StringBuilder(model.comparisons().get(c).field().id());
                for (int l = 0; l < model.comparisons().get(c).levels().size(); l++) {
                    line.append(String.format(" [m %.4f u %.5f w %.1f]", model.m(c, l), model.u(c, l), model.weight(c, l)));
                }
                System.out.println(line);
            }
            System.out.println("prior " + model.prior() + " candidates " + result.candidatePairs() + " links " + result.links().size() + " tp " + truePositives);
            result.links().stream().filter(pair -> !person.get(pair.a()).equals(person.get(pair.b()))).limit(5)
                    .forEach(pair -> System.out.println(records.get(pair.a()) + " ~ " + records.get(pair.b()) + " " + pair.explanation().describe()));
        }
        double recall = linkedPeople.size() / 3_000.0;
        assertThat(precision).as("precision of automatic links").isGreaterThanOrEqualTo(0.99);
        assertThat(recall).as("people whose two records linked").isGreaterThanOrEqualTo(0.9);
        assertThat(result.model().prior()).isBetween(0.0, 1.0);
        assertThat(result.model().weight(2, 0)).as("equal birth dates are strong evidence").isGreaterThan(5);
        assertThat(result.model().weight(2, 3)).as("different birth dates are evidence against").isLessThan(0);
    }

    @Test
    void everyDecisionExplainsItselfFieldByField() {
        List<Comparison> comparisons = List.of(new Comparison.Similarity(MatchField.FIRST_NAME, 0.94, 0.85), new Comparison.BirthDate(),
                new Comparison.Exact(MatchField.CITY));
        double[][] m = {{0.9, 0.05, 0.03, 0.02}, {0.9, 0.04, 0.03, 0.03}, {0.9, 0.1}};
        double[][] u = {{0.05, 0.05, 0.1, 0.8}, {0.0001, 0.0001, 0.0002, 0.9996}, {0.2, 0.8}};
        MatchModel model = new MatchModel(comparisons, m, u, 0.01);
        PersonRecord crm = new PersonRecord("c").with(MatchField.FIRST_NAME, "Işıl").birthDate(LocalDate.of(1990, 5, 12));
        PersonRecord web = new PersonRecord("w").with(MatchField.FIRST_NAME, "ISIL").birthDate(LocalDate.of(1990, 12, 5)).with(MatchField.CITY, "İzmir");

        Explanation explanation = model.explain(crm, web);
        assertThat(explanation.fields()).extracting(Explanation.Evidence::level).containsExactly("equal", "day and month transposed", "missing");
        assertThat(explanation.fields().get(0).weight()).isCloseTo(Math.log(0.9 / 0.05) / Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(explanation.fields().get(2).weight()).isZero();
        assertThat(explanation.weight()).isCloseTo(explanation.fields().stream().mapToDouble(Explanation.Evidence::weight).sum(),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(explanation.describe()).startsWith("score ").contains("first_name equal +4.2").contains("city missing +0.0");

        // a rare name agreeing is stronger evidence than the average name, a common one weaker
        MatchModel adjusted = model.withTermFrequencies(java.util.Map.of(MatchField.FIRST_NAME, java.util.Map.of("isil", 0.001, "mehmet", 0.2)));
        assertThat(adjusted.explain(crm, web).fields().get(0).weight()).isCloseTo(Math.log(0.9 / 0.001) / Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
        PersonRecord mehmet = new PersonRecord("m").with(MatchField.FIRST_NAME, "Mehmet");
        assertThat(adjusted.explain(mehmet, mehmet).fields().get(0).weight()).isLessThan(model.explain(mehmet, mehmet).fields().get(0).weight());
    }

    /** Weights set in configuration are the weights of every decision: no estimation, no term-frequency adjustment. */
    @Test
    void fixedWeightsDecideWithExactlyThoseWeights() {
        List<Comparison> comparisons = List.of(new Comparison.Similarity(MatchField.FIRST_NAME, 0.94, 0.85), new Comparison.BirthDate());
        List<List<Double>> m = List.of(List.of(0.8, 0.1, 0.05, 0.05), List.of(0.96, 0.02, 0.01, 0.01));
        List<List<Double>> u = List.of(List.of(0.05, 0.05, 0.1, 0.8), List.of(0.00375, 0.01, 0.01, 0.97625));
        Matcher matcher = new Matcher(comparisons, List.of(new BlockingRule("first_name", List.of(new BlockingRule.Part.Whole(MatchField.FIRST_NAME)))),
                new Weights.Fixed(m, u, OptionalDouble.of(0.01)), 0.95, 0.5, 100);
        List<PersonRecord> records = List.of(
                new PersonRecord("a").with(MatchField.FIRST_NAME, "Işıl").birthDate(LocalDate.of(1990, 5, 12)),
                new PersonRecord("b").with(MatchField.FIRST_NAME, "ISIL").birthDate(LocalDate.of(1990, 5, 12)),
                new PersonRecord("c").with(MatchField.FIRST_NAME, "Isil").birthDate(LocalDate.of(1971, 1, 3)));

        Matcher.Result result = matcher.run(records, 1);
        assertThat(result.model().prior()).isEqualTo(0.01);
        assertThat(result.links()).extracting(Matcher.ScoredPair::a, Matcher.ScoredPair::b).containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1));
        Explanation link = result.links().getFirst().explanation();
        assertThat(link.fields().get(0).weight()).as("log2(0.8 / 0.05), though Işıl is the only first name").isCloseTo(4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(link.fields().get(1).weight()).as("log2(0.96 / 0.00375)").isCloseTo(8, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(link.describe()).contains("first_name equal +4.0, birth_date equal +8.0");
        assertThat(link.probability()).isCloseTo(1 / (1 + Math.pow(2, -(12 + Math.log(0.01 / 0.99) / Math.log(2)))), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(result.reviews()).isEmpty();

        Matcher fitted = matcher.withWeights(new Weights.Fixed(m, u, OptionalDouble.empty()));
        MatchModel model = fitted.run(records, 1).model();
        assertThat(model.prior()).as("fitted to the candidate pairs").isBetween(0.0, 1.0).isNotEqualTo(0.01);
        assertThat(model.m(0, 0)).isEqualTo(0.8);
        assertThat(model.u(1, 3)).isEqualTo(0.97625);
    }

    @Test
    void blockingKeysAreMadeOfTheirParts() {
        PersonRecord ayse = new PersonRecord("a").with(MatchField.FIRST_NAME, "Ayşe").with(MatchField.LAST_NAME, "Yılmaz").with(MatchField.CITY, "İzmir")
                .with(MatchField.PHONE, "+90 532 123 45 67").birthDate(LocalDate.of(1984, 5, 12));
        assertThat(BlockingRule.DEFAULTS).extracting(rule -> rule.key(ayse))
                .containsExactly("yilmaz|1984", "ayse|1984-05-12", "1234567", "yilmaz|a|izmir", null);
        assertThat(BlockingRule.DEFAULTS.get(3).fields()).containsExactlyInAnyOrder(MatchField.LAST_NAME, MatchField.FIRST_NAME, MatchField.CITY);
        assertThat(new BlockingRule("x", List.of(new BlockingRule.Part.Last(MatchField.PHONE, 7))).key(new PersonRecord("p").with(MatchField.PHONE, "12 34")))
                .as("too short for the part").isNull();

        for (BlockingRule rule : BlockingRule.DEFAULTS) {
            for (BlockingRule.Part part : rule.parts()) {
                assertThat(BlockingRule.Part.parse(part.text())).isEqualTo(part);
            }
        }
        assertThat(BlockingRule.Part.parse("first_name.first(3)")).isEqualTo(new BlockingRule.Part.First(MatchField.FIRST_NAME, 3));
        assertThatThrownBy(() -> BlockingRule.Part.parse("surname")).hasMessage("unknown field 'surname'; use one of "
                + "[first_name, last_name, birth_date, city, address, postcode, phone, email]");
        assertThatThrownBy(() -> BlockingRule.Part.parse("city.year")).hasMessage("'city.year': only birth_date has a year");
        assertThatThrownBy(() -> BlockingRule.Part.parse("birth_date.last(4)")).hasMessageContaining("birth_date is a date; block on birth_date or birth_date.year");
        assertThatThrownBy(() -> BlockingRule.Part.parse("phone.last(0)")).hasMessage("phone: take at least 1 character, not 0");
        assertThatThrownBy(() -> BlockingRule.Part.parse("phone[-7]")).hasMessageContaining("is not a key part; write a field (last_name)");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new Comparison.Similarity(MatchField.FIRST_NAME, 0.8, 0.9)).hasMessageContaining("need 0 < low < high < 1");
        assertThatThrownBy(() -> new Matcher(Matcher.DEFAULT_COMPARISONS, BlockingRule.DEFAULTS, new Weights.Typical(), 0.5, 0.9, 10))
                .hasMessageContaining("need 0 < review <= link < 1");
        assertThatThrownBy(() -> new PersonRecord("x").with(MatchField.BIRTH_DATE, "1990-01-01")).hasMessageContaining("use birthDate");
        List<Comparison> two = List.of(new Comparison.Exact(MatchField.CITY), new Comparison.BirthDate());
        assertThatThrownBy(() -> new Matcher(List.of(new Comparison.Exact(MatchField.CITY), new Comparison.Exact(MatchField.CITY)), BlockingRule.DEFAULTS,
                new Weights.Typical(), 0.99, 0.9, 10)).hasMessage("city is compared twice; an explanation gives each field once, so compare it once");
        assertThatThrownBy(() -> new Matcher(two, List.of(), new Weights.Typical(), 0.99, 0.9, 10)).hasMessage("need 1 to 31 blocking rules, got 0");
        assertThatThrownBy(() -> new Matcher(two, BlockingRule.DEFAULTS, new Weights.Fixed(List.of(List.of(0.9, 0.1), List.of(0.9, 0.1)),
                List.of(List.of(0.2, 0.8), List.of(0.1, 0.9)), OptionalDouble.empty()), 0.99, 0.9, 10))
                .hasMessage("birth_date has 4 levels (equal, day and month transposed, year off by one, different); m and u must give each a probability");
        assertThatThrownBy(() -> new Weights.Fixed(List.of(List.of(0.9, 0.2)), List.of(List.of(0.2, 0.8)), OptionalDouble.empty()))
                .hasMessage("m of comparison 1: the probabilities sum to 1.1000; the levels cover every case, so they must sum to 1");
        assertThatThrownBy(() -> new Weights.Fixed(List.of(List.of(1.0, 0.0)), List.of(List.of(0.2, 0.8)), OptionalDouble.empty()))
                .hasMessageStartingWith("m of comparison 1: level 1 has probability 1.0; each must be between 0 and 1 (exclusive)");
        assertThatThrownBy(() -> new Weights.Fixed(List.of(List.of(0.9, 0.1)), List.of(List.of(0.2, 0.8)), OptionalDouble.of(1)))
                .hasMessage("the prior must be between 0 and 1 (exclusive), was 1.0");
    }
}
