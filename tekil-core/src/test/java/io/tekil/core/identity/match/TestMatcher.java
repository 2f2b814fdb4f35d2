package io.tekil.core.identity.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestMatcher {
    private static final String[] FIRST = {"Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Mehmet", "Mustafa", "Ahmet", "Ali",
        "Hüseyin", "Hasan", "İbrahim", "Işıl", "Çağrı", "Gökhan", "Özge", "Şule", "Ümit", "Burak"};
    private static final String[] LAST = {"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
        "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek"};
    private static final String[] CITY = {"İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Konya"};

    /** Two records per person (a CRM row and a web sign-up), with the noise people make, plus namesakes. */
    @Test
    void linksTheRecordsOfOnePersonDespiteTyposAndKeepsNamesakesApart() {
        for (Matcher matcher : List.of(Matcher.defaults(), Matcher.defaults().withEstimatedM(true))) {
            linksTheRecordsOfOnePerson(matcher);
        }
    }

    private static void linksTheRecordsOfOnePerson(Matcher matcher) {
        Random random = new Random(11);
        List<PersonRecord> records = new ArrayList<>();
        List<Integer> person = new ArrayList<>();
        for (int p = 0; p < 3_000; p++) {
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            String city = CITY[random.nextInt(CITY.length)];
            LocalDate born = LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28));
            String phone = "5" + (300_000_000 + random.nextInt(99_999_999));
            records.add(new PersonRecord("crm-" + p).with(MatchField.FIRST_NAME, first).with(MatchField.LAST_NAME, last)
                    .with(MatchField.CITY, city).birthDate(born).with(MatchField.PHONE, "0" + phone));
            person.add(p);
            String typedFirst = switch (random.nextInt(4)) {
                case 0 -> TurkishFolding.fold(first); // typed without Turkish letters
                case 1 -> first.substring(0, first.length() - 1) + first.charAt(first.length() - 1) + first.charAt(first.length() - 1);
                default -> first;
            };
            LocalDate typedBirth = random.nextInt(10) == 0 && born.getDayOfMonth() <= 12 ? LocalDate.of(born.getYear(), born.getDayOfMonth(), born.getMonthValue()) : born;
            records.add(new PersonRecord("web-" + p).with(MatchField.FIRST_NAME, typedFirst).with(MatchField.LAST_NAME, last.toUpperCase(java.util.Locale.ROOT))
                    .with(MatchField.CITY, city).birthDate(typedBirth).with(MatchField.PHONE, random.nextBoolean() ? "+90 " + phone : null));
            person.add(p);
        }
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

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new Comparison.Similarity(MatchField.FIRST_NAME, 0.8, 0.9)).hasMessageContaining("need 0 < low < high < 1");
        assertThatThrownBy(() -> new Matcher(Matcher.DEFAULT_COMPARISONS, BlockingRule.DEFAULTS, 0.5, 0.9, 10))
                .hasMessageContaining("need 0 < review <= link < 1");
        assertThatThrownBy(() -> new PersonRecord("x").with(MatchField.BIRTH_DATE, "1990-01-01")).hasMessageContaining("use birthDate");
    }
}
