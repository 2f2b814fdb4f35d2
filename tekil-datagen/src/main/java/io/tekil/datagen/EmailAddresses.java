package io.tekil.datagen;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * How people's e-mail addresses are spelled: a Turkish-flavoured local part made of the ASCII-folded names
 * ({@code ayse.yilmaz84@gmail.com}) at a popular provider, and the careless spellings the same address gets
 * in forms and CRM ({@code   Ayse.Yilmaz@Gmail.com }).
 */
final class EmailAddresses {
    private static final String[] DOMAINS = {"gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "icloud.com", "yandex.com"};
    private static final WeightedTable DOMAIN_WEIGHTS = new WeightedTable(45, 20, 10, 8, 7, 5);

    private EmailAddresses() {}

    /**
     * The address a person would choose. {@code bump} 0 is the natural choice; a higher bump adds digits, for
     * when the natural choice is taken by someone else. The choice depends only on the arguments.
     */
    static String candidate(PersonCore core, SplittableRandom random, int bump, long bumpSalt) {
        String first = TurkishText.asciiLower(core.firstName());
        String last = TurkishText.asciiLower(core.lastName());
        int year = LocalDate.ofEpochDay(core.birthEpochDay()).getYear();
        String yy = year % 100 < 10 ? "0" + year % 100 : Integer.toString(year % 100);
        String local = switch (random.nextInt(7)) {
            case 0 -> first + "." + last + yy;
            case 1 -> first + last;
            case 2 -> first + "_" + last + year;
            case 3 -> first.charAt(0) + "." + last;
            case 4 -> first + "." + last;
            case 5 -> first + last + (10 + random.nextInt(90));
            default -> last + "." + first;
        };
        String domain = DOMAINS[DOMAIN_WEIGHTS.sample(random)];
        if (bump > 0) {
            // up to three digits, as people pick; past 60 tries (very common names in populations of
            // hundreds of thousands) five, so the directory does not run out of addresses
            local += 1 + Math.floorMod(Dice.mix(bumpSalt, bump, 0), bump <= 60 ? 999 : 99_999);
        }
        return local + "@" + domain;
    }

    /**
     * A careless spelling of {@code email}: capitalized words and provider ({@code Ayse.Yilmaz@Gmail.com}) or all
     * capitals, often with spaces around it. Never equal to {@code email}.
     */
    static String careless(String email, SplittableRandom random) {
        String spelled = random.nextInt(4) == 0 ? email.toUpperCase(java.util.Locale.ROOT) : capitalizeWords(email);
        if (spelled.equals(email) || random.nextBoolean()) {
            spelled = "  " + spelled + " ";
        }
        return spelled;
    }

    private static String capitalizeWords(String email) {
        StringBuilder out = new StringBuilder(email.length());
        boolean start = true;
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            out.append(start && c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
            start = c == '.' || c == '@' || c == '_';
        }
        return out.toString();
    }
}
