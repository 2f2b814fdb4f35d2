package io.tekil.datagen;

import java.util.SplittableRandom;

/** Turkish spelling helpers: ASCII folding for e-mail addresses and URLs, and the typos people make in names. */
final class TurkishText {
    private static final String TURKISH_LETTERS = "çÇğĞıİöÖşŞüÜ";
    private static final String ASCII_LETTERS = "cCgGiIoOsSuU";

    private TurkishText() {}

    /** Lowercase ASCII: Turkish letters folded ({@code Işıl Öztürk} → {@code isilozturk}), everything else dropped. */
    static String asciiLower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = fold(text.charAt(i));
            if (c >= 'A' && c <= 'Z') {
                out.append((char) (c + ('a' - 'A')));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A URL path segment: folded lowercase words joined by hyphens ({@code Ev & Yaşam} → {@code ev-yasam}). */
    static String slug(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean hyphen = false;
        for (int i = 0; i < text.length(); i++) {
            char c = fold(text.charAt(i));
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (hyphen && out.length() > 0) {
                    out.append('-');
                }
                out.append(c);
                hyphen = false;
            } else {
                hyphen = true;
            }
        }
        return out.toString();
    }

    /** The ASCII letter a Turkish letter is written as on a keyboard without it; other chars unchanged. */
    static char fold(char c) {
        int at = TURKISH_LETTERS.indexOf(c);
        return at < 0 ? c : ASCII_LETTERS.charAt(at);
    }

    /**
     * The name with one mistake a clerk or a customer makes: a Turkish letter typed as ASCII ({@code Ayşe} →
     * {@code Ayse}), {@code i} typed as {@code ı} or back, two neighbouring letters swapped, or one letter
     * dropped. Always differs from {@code name} for names of two letters or more.
     */
    static String typo(String name, SplittableRandom random) {
        for (int attempt = 0; attempt < 8; attempt++) {
            String candidate = switch (random.nextInt(4)) {
                case 0 -> foldOne(name, random);
                case 1 -> swapDotlessI(name, random);
                case 2 -> swapNeighbours(name, random);
                default -> dropOne(name, random);
            };
            if (!candidate.equals(name) && !candidate.isEmpty()) {
                return candidate;
            }
        }
        return name.length() > 1 ? name.substring(0, name.length() - 1) : name + name;
    }

    private static String foldOne(String name, SplittableRandom random) {
        int start = random.nextInt(name.length());
        for (int k = 0; k < name.length(); k++) {
            int i = (start + k) % name.length();
            char folded = fold(name.charAt(i));
            if (folded != name.charAt(i)) {
                return name.substring(0, i) + folded + name.substring(i + 1);
            }
        }
        return name;
    }

    private static String swapDotlessI(String name, SplittableRandom random) {
        int start = random.nextInt(name.length());
        for (int k = 0; k < name.length(); k++) {
            int i = (start + k) % name.length();
            char c = name.charAt(i);
            char swapped = switch (c) {
                case 'i' -> 'ı';
                case 'ı' -> 'i';
                case 'I' -> 'İ';
                case 'İ' -> 'I';
                default -> c;
            };
            if (swapped != c) {
                return name.substring(0, i) + swapped + name.substring(i + 1);
            }
        }
        return name;
    }

    private static String swapNeighbours(String name, SplittableRandom random) {
        if (name.length() < 3) {
            return name;
        }
        int i = 1 + random.nextInt(name.length() - 2); // keep the capital first letter in place
        char[] chars = name.toCharArray();
        char held = chars[i];
        chars[i] = chars[i + 1];
        chars[i + 1] = held;
        return new String(chars);
    }

    private static String dropOne(String name, SplittableRandom random) {
        if (name.length() < 3) {
            return name;
        }
        int i = 1 + random.nextInt(name.length() - 1);
        return name.substring(0, i) + name.substring(i + 1);
    }
}
