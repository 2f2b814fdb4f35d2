package io.tekil.core.event;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text held as its UTF-8 bytes, exactly as received, so that a message crosses parsing, the ingest log and
 * storage without being decoded to UTF-16 and encoded back (which, for Turkish text, was the largest CPU cost
 * of ingestion).
 *
 * <p>The array is shared, not copied: whoever creates a {@code JsonText} hands the array over and must not
 * change it afterwards, and readers of {@link #utf8()} must not change it either.
 */
public record JsonText(byte[] utf8) {
    public JsonText {
        requireNonNull(utf8, "utf8 is null");
    }

    public static JsonText of(String text) {
        return new JsonText(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code utf8} holds {@code needle} anywhere: a quick test before parsing for a field (a message without
     * the bytes {@code "traits"} has no traits to read).
     */
    public static boolean mentions(byte[] utf8, byte[] needle) {
        outer:
        for (int i = 0; i <= utf8.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (utf8[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    public int byteLength() {
        return utf8.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonText text && Arrays.equals(utf8, text.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    /** The JSON text itself. */
    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
