package io.tekil.core.collect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * SipHash with its 128-bit tag (Aumasson and Bernstein, "SipHash: a fast short-input PRF"), under a 128-bit key, with
 * a chosen number of compression and finalization rounds: 2 and 4 in the reference, 1 and 3 in the faster variant
 * that Python's and Rust's hash tables use against hash flooding (with 64-bit tags) and Rust's compiler for its
 * 128-bit fingerprints.
 *
 * <p>Why: a table that trusts a fingerprint instead of comparing the values it stands for is only safe when nobody
 * can make two values collide. An unkeyed hash (MurmurHash3, CityHash) has collisions that can be found independently
 * of its seed; SipHash is a keyed pseudo-random function, so without the key nobody can aim for a collision, and by
 * chance two of n values collide with probability about n²/2¹²⁹ (below 10⁻²⁰ for a billion). Keep the key in
 * memory: {@link #random} draws one per call.
 *
 * <p>Thread-safe and immutable.
 */
public final class SipHash {
    private static final VarHandle LITTLE_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Never in UTF-8, so it marks the other encoding {@link #text} falls back to. */
    private static final byte NOT_UTF8 = (byte) 0xff;

    private final long k0;
    private final long k1;
    private final int compressionRounds;
    private final int finalizationRounds;

    /** The tag: its first eight bytes and its last eight, each read little-endian as the reference code writes them. */
    public record Tag(long first, long second) {}

    /**
     * A hash under the key whose first eight bytes, read little-endian, are {@code k0} and the last eight {@code k1}.
     *
     * @throws IllegalArgumentException when a number of rounds is below 1
     */
    public SipHash(long k0, long k1, int compressionRounds, int finalizationRounds) {
        if (compressionRounds < 1 || finalizationRounds < 1) {
            throw new IllegalArgumentException(String.format("SipHash needs at least one round of each kind, not %d and %d",
                    compressionRounds, finalizationRounds));
        }
        this.k0 = k0;
        this.k1 = k1;
        this.compressionRounds = compressionRounds;
        this.finalizationRounds = finalizationRounds;
    }

    /** A hash with these rounds under a key drawn from {@link SecureRandom}. */
    public static SipHash random(int compressionRounds, int finalizationRounds) {
        SecureRandom random = new SecureRandom();
        return new SipHash(random.nextLong(), random.nextLong(), compressionRounds, finalizationRounds);
    }

    /**
     * A hash with the same rounds under a key of its own, the tag of {@code context}: hashes for different contexts
     * are independent, so values hashed under different ones never need telling apart by their text.
     */
    public SipHash derive(String context) {
        Tag key = text(context);
        return new SipHash(key.first(), key.second(), compressionRounds, finalizationRounds);
    }

    /**
     * The tag of {@code text}'s UTF-8 encoding. A text with a lone surrogate, which UTF-8 cannot encode, is hashed as a
     * byte UTF-8 never has followed by its UTF-16, so different texts never give the same bytes.
     */
    public Tag text(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (hasQuestionMark(utf8) && hasLoneSurrogate(text)) { // String.getBytes writes a lone surrogate as '?'
            byte[] marked = new byte[1 + 2 * text.length()]; // by hand: String.getBytes would replace the surrogate here too
            marked[0] = NOT_UTF8;
            for (int i = 0; i < text.length(); i++) {
                marked[1 + 2 * i] = (byte) (text.charAt(i) >>> 8);
                marked[2 + 2 * i] = (byte) text.charAt(i);
            }
            return bytes(marked);
        }
        return bytes(utf8);
    }

    /** The tag of {@code data}. */
    public Tag bytes(byte[] data) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL ^ 0xee; // 0xee: the 128-bit variant
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int words = data.length >>> 3;
        long lastWord = (long) data.length << 56;
        for (int i = data.length - 1; i >= words << 3; i--) {
            lastWord |= (data[i] & 0xffL) << ((i & 7) << 3);
        }
        for (int w = 0; w <= words; w++) {
            long m = w < words ? (long) LITTLE_ENDIAN_LONGS.get(data, w << 3) : lastWord;
            v3 ^= m;
            for (int r = 0; r < compressionRounds; r++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13);
                v1 ^= v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16);
                v3 ^= v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21);
                v3 ^= v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17);
                v1 ^= v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        long first = 0;
        for (int half = 0; half < 2; half++) { // the same rounds as above; a shared method would cost a third more (no tuple returns)
            if (half == 0) {
                v2 ^= 0xee;
            } else {
                first = v0 ^ v1 ^ v2 ^ v3;
                v1 ^= 0xdd;
            }
            for (int r = 0; r < finalizationRounds; r++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13);
                v1 ^= v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16);
                v3 ^= v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21);
                v3 ^= v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17);
                v1 ^= v2;
                v2 = Long.rotateLeft(v2, 32);
            }
        }
        return new Tag(first, v0 ^ v1 ^ v2 ^ v3);
    }

    private static boolean hasQuestionMark(byte[] utf8) {
        for (byte b : utf8) {
            if (b == '?') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
