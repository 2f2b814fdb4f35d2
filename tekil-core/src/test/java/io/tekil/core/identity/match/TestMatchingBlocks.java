package io.tekil.core.identity.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestMatchingBlocks {
    @Test
    void turkishLettersFoldToWhatPeopleTypeWithoutThem() {
        assertThat(TurkishFolding.fold("IŞIL  Doğan-Çelik")).isEqualTo("isil dogan celik");
        assertThat(TurkishFolding.fold("İbrahim ÖZTÜRK")).isEqualTo("ibrahim ozturk");
        assertThat(TurkishFolding.fold("Çağrı Gülşen")).isEqualTo(TurkishFolding.fold("cagri gulsen"));
        assertThat(TurkishFolding.fold("i̇nce")).as("the combining dot of a lower-cased İ").isEqualTo("ince");
        assertThat(TurkishFolding.fold("  Kadıköy / Moda, No:5  ")).isEqualTo("kadikoy moda no 5");
        assertThat(TurkishFolding.fold("")).isEmpty();
    }

    @Test
    void jaroWinklerMatchesItsPublishedValues() {
        assertThat(JaroWinkler.similarity("martha", "marhta")).isCloseTo(0.961, within(0.001));
        assertThat(JaroWinkler.similarity("dwayne", "duane")).isCloseTo(0.840, within(0.001));
        assertThat(JaroWinkler.similarity("dixon", "dicksonx")).isCloseTo(0.813, within(0.001));
        assertThat(JaroWinkler.similarity("abc", "xyz")).isZero();
        assertThat(JaroWinkler.similarity("", "")).isZero();
        assertThat(JaroWinkler.similarity("sila", "sila")).isEqualTo(1.0);
    }

    @Test
    void typosInTurkishNamesStaySimilar() {
        double typo = JaroWinkler.similarity(TurkishFolding.fold("Slıa"), TurkishFolding.fold("Sıla"));
        double other = JaroWinkler.similarity(TurkishFolding.fold("Sıla"), TurkishFolding.fold("Mehmet"));
        assertThat(typo).isGreaterThan(0.85);
        assertThat(other).isLessThan(0.6);
        assertThat(JaroWinkler.similarity(TurkishFolding.fold("Öztürk"), TurkishFolding.fold("OZTURK"))).isEqualTo(1.0);
    }

    @Test
    void similarityIsSymmetricAndBounded() {
        SplittableRandom random = new SplittableRandom(3);
        String letters = "aeiıoöuübcçdfgğhjklmnprsştvyz";
        for (int n = 0; n < 2_000; n++) {
            String a = word(random, letters);
            String b = word(random, letters);
            double ab = JaroWinkler.similarity(a, b);
            assertThat(ab).isBetween(0.0, 1.0).isCloseTo(JaroWinkler.similarity(b, a), within(1e-12));
        }
    }

    @Test
    void birthDatesCompareTheWayFormsGoWrong() {
        LocalDate date = LocalDate.of(1984, 5, 12);
        assertThat(BirthDates.compare(date, LocalDate.of(1984, 5, 12))).isEqualTo(BirthDates.EXACT);
        assertThat(BirthDates.compare(date, LocalDate.of(1984, 12, 5))).isEqualTo(BirthDates.TRANSPOSED);
        assertThat(BirthDates.compare(date, LocalDate.of(1985, 5, 12))).isEqualTo(BirthDates.YEAR_OFF_BY_ONE);
        assertThat(BirthDates.compare(date, LocalDate.of(1990, 1, 1))).isEqualTo(BirthDates.DIFFERENT);
    }

    private static String word(SplittableRandom random, String letters) {
        StringBuilder word = new StringBuilder();
        for (int i = random.nextInt(0, 9); i > 0; i--) {
            word.append(letters.charAt(random.nextInt(letters.length())));
        }
        return word.toString();
    }
}
