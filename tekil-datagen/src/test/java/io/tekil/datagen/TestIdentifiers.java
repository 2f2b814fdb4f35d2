package io.tekil.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestIdentifiers {
    @Test
    void permuteIsABijectionOfTheRange() {
        for (long limit : new long[] {1, 2, 10, 1_000, 100_000}) {
            Set<Long> seen = new HashSet<>();
            for (long value = 0; value < limit; value++) {
                long permuted = Dice.permute(value, limit, 0x5EED);
                assertThat(permuted).isBetween(0L, limit - 1);
                seen.add(permuted);
            }
            assertThat(seen).hasSize((int) limit);
        }
    }

    @Test
    void phonesAreWrittenInFiveFormats() {
        assertThat(PhoneFormat.INTERNATIONAL_SPACED.format("5321234567")).isEqualTo("+90 532 123 45 67");
        assertThat(PhoneFormat.TRUNK_GROUPED.format("5321234567")).isEqualTo("0532 123 4567");
        assertThat(PhoneFormat.BARE.format("5321234567")).isEqualTo("5321234567");
        assertThat(PhoneFormat.E164.format("5321234567")).isEqualTo("+905321234567");
        assertThat(PhoneFormat.TRUNK_PARENTHESES.format("5321234567")).isEqualTo("0 (532) 123 45 67");
    }

    @Test
    void carelessEmailSpellingsDifferOnlyInCaseAndSpaces() {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 500; i++) {
            String careless = EmailAddresses.careless("ayse.yilmaz84@gmail.com", random);
            assertThat(careless).isNotEqualTo("ayse.yilmaz84@gmail.com");
            assertThat(careless.strip().toLowerCase(java.util.Locale.ROOT)).isEqualTo("ayse.yilmaz84@gmail.com");
        }
    }

    @Test
    void emailAddressesAreUniqueAcrossPeople() {
        GeneratorConfig config = new GeneratorConfig(20_000, 30, 4, java.time.LocalDate.of(2026, 1, 31));
        PersonFactory factory = new PersonFactory(config, new Catalog());
        EmailDirectory directory = EmailDirectory.build(factory);
        Set<String> seen = new HashSet<>();
        int bumped = 0;
        for (int index = 0; index < config.people(); index++) {
            PersonCore core = factory.core(index);
            String primary = directory.primary(index, core);
            assertThat(primary).matches("[a-z0-9._]+@[a-z]+\\.com");
            assertThat(seen.add(primary)).as("duplicate %s", primary).isTrue();
            bumped += primary.equals(factory.emailCandidate(index, core, false, 0)) ? 0 : 1;
            String second = directory.second(index, core);
            if (second != null) {
                assertThat(seen.add(second)).as("duplicate %s", second).isTrue();
            }
        }
        assertThat(bumped).as("natural choices taken by someone earlier").isPositive();
    }
}
