package io.tekil.core.identity.match;

/**
 * Folds names and addresses for comparison: lower case without a locale's surprises, Turkish letters to their
 * ASCII base ({@code İ I ı → i}, {@code ş → s}, {@code ğ → g}, {@code ç → c}, {@code ö → o}, {@code ü → u},
 * circumflexed vowels to plain ones), other marks dropped, punctuation to spaces, runs of spaces to one. So
 * {@code "IŞIL  Doğan-Çelik"} and {@code "isil dogan celik"} fold to the same text, as people type them on
 * keyboards without Turkish letters.
 */
public final class TurkishFolding {
    private TurkishFolding() {}

    public static String fold(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        boolean space = true;
        for (int i = 0; i < text.length(); i++) {
            char c = fold(text.charAt(i));
            if (c == ' ') {
                if (!space) {
                    folded.append(' ');
                    space = true;
                }
            } else if (c != 0) {
                folded.append(c);
                space = false;
            }
        }
        int length = folded.length();
        return length > 0 && folded.charAt(length - 1) == ' ' ? folded.substring(0, length - 1) : folded.toString();
    }

    /** One character folded; 0 to drop it, a space for a separator. */
    private static char fold(char c) {
        switch (c) {
            case 'İ', 'I', 'ı', 'î', 'Î', 'í', 'ì' -> {
                return 'i';
            }
            case 'Ş', 'ş' -> {
                return 's';
            }
            case 'Ğ', 'ğ' -> {
                return 'g';
            }
            case 'Ç', 'ç' -> {
                return 'c';
            }
            case 'Ö', 'ö', 'ô' -> {
                return 'o';
            }
            case 'Ü', 'ü', 'û', 'Û' -> {
                return 'u';
            }
            case 'Â', 'â', 'á', 'à', 'ä' -> {
                return 'a';
            }
            case 'é', 'è', 'ê', 'ë' -> {
                return 'e';
            }
            case '\u0307' -> {
                return 0; // the dot that lower-casing İ leaves behind
            }
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    return Character.toLowerCase(c);
                }
                return Character.getType(c) == Character.NON_SPACING_MARK ? 0 : ' ';
            }
        }
    }
}
