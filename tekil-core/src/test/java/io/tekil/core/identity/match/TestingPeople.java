package io.tekil.core.identity.match;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A test population for matching: two records per person, a CRM row and a web sign-up, with the noise people
 * make (names typed without Turkish letters or with a doubled last letter, in capitals, day and month swapped
 * now and then, the phone left out half the time), drawn from few enough names that there are namesakes.
 * Deterministic for a seed.
 */
public final class TestingPeople {
    private static final String[] FIRST = {"Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Mehmet", "Mustafa", "Ahmet", "Ali",
        "Hüseyin", "Hasan", "İbrahim", "Işıl", "Çağrı", "Gökhan", "Özge", "Şule", "Ümit", "Burak"};
    private static final String[] LAST = {"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
        "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek"};
    private static final String[] CITY = {"İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Konya"};

    private TestingPeople() {}

    /** The records, and for each the index of the person it belongs to. */
    public record Population(List<PersonRecord> records, List<Integer> person) {
        public Population {
            records = List.copyOf(records);
            person = List.copyOf(person);
        }

        public boolean samePerson(int a, int b) {
            return person.get(a).equals(person.get(b));
        }
    }

    public static Population crmAndWeb(int people, long seed) {
        Random random = new Random(seed);
        List<PersonRecord> records = new ArrayList<>();
        List<Integer> person = new ArrayList<>();
        for (int p = 0; p < people; p++) {
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
            records.add(new PersonRecord("web-" + p).with(MatchField.FIRST_NAME, typedFirst).with(MatchField.LAST_NAME, last.toUpperCase(Locale.ROOT))
                    .with(MatchField.CITY, city).birthDate(typedBirth).with(MatchField.PHONE, random.nextBoolean() ? "+90 " + phone : null));
            person.add(p);
        }
        return new Population(records, person);
    }
}
