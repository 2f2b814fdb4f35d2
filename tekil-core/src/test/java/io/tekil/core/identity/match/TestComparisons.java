package io.tekil.core.identity.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Each comparison kind on its own, with Turkish data: the level it gives, and missing values as no evidence. */
class TestComparisons {
    @Test
    void namesAreComparedByJaroWinklerAfterTurkishFolding() {
        Comparison.Similarity names = new Comparison.Similarity(MatchField.FIRST_NAME, 0.92, 0.8);
        assertThat(names.level(person(MatchField.FIRST_NAME, "Ayşe"), person(MatchField.FIRST_NAME, "AYSE"))).as("folded equal").isZero();
        assertThat(names.level(person(MatchField.FIRST_NAME, "Gülşen"), person(MatchField.FIRST_NAME, "Gulsem"))).isEqualTo(1);
        assertThat(names.level(person(MatchField.FIRST_NAME, "Mehmet"), person(MatchField.FIRST_NAME, "Mehtap"))).isEqualTo(2);
        assertThat(names.level(person(MatchField.FIRST_NAME, "Zeynep"), person(MatchField.FIRST_NAME, "Ahmet"))).isEqualTo(3);
        assertThat(names.level(person(MatchField.FIRST_NAME, "Zeynep"), new PersonRecord("x"))).isEqualTo(Comparison.MISSING);
        assertThat(names.levels()).hasSize(names.typicalM().length);
    }

    @Test
    void birthDatesAreEqualTransposedOrOneYearOff() {
        Comparison.BirthDate dates = new Comparison.BirthDate();
        PersonRecord may = new PersonRecord("a").birthDate(LocalDate.of(1984, 5, 12));
        assertThat(dates.level(may, new PersonRecord("b").birthDate(LocalDate.of(1984, 5, 12)))).isZero();
        assertThat(dates.level(may, new PersonRecord("b").birthDate(LocalDate.of(1984, 12, 5)))).isEqualTo(1);
        assertThat(dates.level(may, new PersonRecord("b").birthDate(LocalDate.of(1985, 5, 12)))).isEqualTo(2);
        assertThat(dates.level(may, new PersonRecord("b").birthDate(LocalDate.of(1990, 1, 3)))).isEqualTo(3);
        assertThat(dates.level(may, new PersonRecord("b"))).isEqualTo(Comparison.MISSING);
    }

    @Test
    void postcodesAndCitiesAreEqualOrNot() {
        Comparison.Exact postcode = new Comparison.Exact(MatchField.POSTCODE);
        assertThat(postcode.level(person(MatchField.POSTCODE, "35220"), person(MatchField.POSTCODE, " 35220 "))).isZero();
        assertThat(postcode.level(person(MatchField.POSTCODE, "35220"), person(MatchField.POSTCODE, "35210"))).isEqualTo(1);
        Comparison.Exact city = new Comparison.Exact(MatchField.CITY);
        assertThat(city.level(person(MatchField.CITY, "İZMİR"), person(MatchField.CITY, "izmir"))).as("folded").isZero();
        assertThat(city.level(person(MatchField.CITY, "İzmir"), new PersonRecord("x"))).isEqualTo(Comparison.MISSING);
    }

    @Test
    void addressesShareWordsWhateverTheirOrderAndRepeats() {
        Comparison.Tokens address = new Comparison.Tokens(MatchField.ADDRESS, 0.7, 0.3);
        PersonRecord home = person(MatchField.ADDRESS, "Atatürk Mah. Atatürk Cad. No 12 Karşıyaka");
        assertThat(address.level(home, person(MatchField.ADDRESS, "Karşıyaka Atatürk Cad. Atatürk Mah. No 12"))).as("same words").isZero();
        assertThat(address.level(home, person(MatchField.ADDRESS, "Atatürk Mah. Atatürk Cad. No 14 Karşıyaka"))).isEqualTo(1);
        assertThat(address.level(home, person(MatchField.ADDRESS, "Atatürk Cad. No 3 Bornova"))).isEqualTo(2);
        assertThat(address.level(home, person(MatchField.ADDRESS, "Cumhuriyet Bulvarı 8 Alsancak"))).isEqualTo(3);
        assertThat(address.level(home, new PersonRecord("x"))).isEqualTo(Comparison.MISSING);
    }

    @Test
    void phonesAgreeOnTheirLastDigitsWithOrWithoutTheCountryCode() {
        Comparison.Suffix phone = new Comparison.Suffix(MatchField.PHONE, 7);
        assertThat(phone.level(person(MatchField.PHONE, "+90 532 123 45 67"), person(MatchField.PHONE, "0532 1234567"))).isZero();
        assertThat(phone.level(person(MatchField.PHONE, "+90 532 123 45 67"), person(MatchField.PHONE, "0532 123 45 68"))).isEqualTo(1);
        assertThat(phone.level(person(MatchField.PHONE, "4567"), person(MatchField.PHONE, "0532 123 45 67"))).as("too short to tell")
                .isEqualTo(Comparison.MISSING);
        assertThatThrownBy(() -> new Comparison.Suffix(MatchField.PHONE, 0)).hasMessageContaining("at least 1");
    }

    private static PersonRecord person(MatchField field, String value) {
        return new PersonRecord("r").with(field, value);
    }
}
