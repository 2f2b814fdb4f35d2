package io.tekil.datagen;

import java.util.SplittableRandom;

/** The ways a Turkish mobile number is written in the exports; each record picks one. */
enum PhoneFormat {
    /** {@code +90 532 123 45 67} */
    INTERNATIONAL_SPACED,
    /** {@code 0532 123 4567} */
    TRUNK_GROUPED,
    /** {@code 5321234567} */
    BARE,
    /** {@code +905321234567} */
    E164,
    /** {@code 0 (532) 123 45 67} */
    TRUNK_PARENTHESES;

    private static final PhoneFormat[] ALL = values();

    /** {@code national} is the ten digits after the country code, e.g. {@code 5321234567}. */
    String format(String national) {
        if (national.length() != 10) {
            throw new IllegalArgumentException(String.format("a Turkish mobile number has 10 digits, got '%s'", national));
        }
        String area = national.substring(0, 3);
        String first = national.substring(3, 6);
        return switch (this) {
            case INTERNATIONAL_SPACED -> "+90 " + area + " " + first + " " + national.substring(6, 8) + " " + national.substring(8);
            case TRUNK_GROUPED -> "0" + area + " " + first + " " + national.substring(6);
            case BARE -> national;
            case E164 -> "+90" + national;
            case TRUNK_PARENTHESES -> "0 (" + area + ") " + first + " " + national.substring(6, 8) + " " + national.substring(8);
        };
    }

    static PhoneFormat sample(SplittableRandom random) {
        return ALL[random.nextInt(ALL.length)];
    }
}
