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
     * A byte string looked for in JSON texts before parsing for a field: a message without the bytes
     * {@code "traits"} has no traits to read. The search skips ahead by the last byte of each window
     * (Horspool), so it reads about one byte in five of a typical message instead of every one: it runs on the
     * identity thread for every event, where a plain byte loop was the largest cost while the JIT had not yet
     * compiled it fully (the first seconds of traffic after a start).
     */
    public static final class Needle {
        private final byte[] bytes;
        private final int[] shift = new int[256];

        private Needle(byte[] bytes) {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("an empty needle is in every text");
            }
            this.bytes = bytes.clone();
            Arrays.fill(shift, bytes.length);
            for (int i = 0; i < bytes.length - 1; i++) {
                shift[bytes[i] & 0xff] = bytes.length - 1 - i;
            }
        }

        /** Whether {@code utf8} holds this needle anywhere. */
        public boolean foundIn(byte[] utf8) {
            int last = bytes.length - 1;
            byte lastByte = bytes[last];
            int i = 0;
            while (i <= utf8.length - bytes.length) {
                byte at = utf8[i + last];
                if (at == lastByte) {
                    // compared here, from the end, rather than with Arrays.equals: in JSON the last byte (often a quote)
                    // matches every few bytes, and the call costs more than the one or two bytes that tell the rest apart
                    int j = last - 1;
                    while (j >= 0 && utf8[i + j] == bytes[j]) {
                        j--;
                    }
                    if (j < 0) {
                        return true;
                    }
                }
                i += shift[at & 0xff];
            }
            return false;
        }
    }

    /** A needle of the UTF-8 bytes of {@code text}. */
    public static Needle needle(String text) {
        return new Needle(text.getBytes(StandardCharsets.UTF_8));
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
