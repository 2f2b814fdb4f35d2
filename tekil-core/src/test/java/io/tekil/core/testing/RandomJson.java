package io.tekil.core.testing;

import java.util.SplittableRandom;

/** Pieces the property tests build random JSON texts from. */
public final class RandomJson {
    private RandomJson() {}

    /** Nothing, a space, or line breaks and a tab: JSON allows whitespace around every structural character. */
    public static String whitespace(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n\t ";
            case 2 -> "\r\n";
            default -> "";
        };
    }

    public static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
