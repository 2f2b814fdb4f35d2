package io.tekil.core.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A 128-bit fingerprint of (source, messageId), the unit of de-duplication. At 128 bits two different
 * messages collide with probability about n²/2¹²⁹: for a billion stored messages, below 10⁻²¹.
 */
public record MessageKey(long high, long low) {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final VarHandle LITTLE_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public static MessageKey of(String source, String messageId) {
        byte[] sourceBytes = source.getBytes(StandardCharsets.UTF_8);
        byte[] idBytes = messageId.getBytes(StandardCharsets.UTF_8);
        byte[] joined = new byte[sourceBytes.length + 1 + idBytes.length];
        System.arraycopy(sourceBytes, 0, joined, 0, sourceBytes.length);
        System.arraycopy(idBytes, 0, joined, sourceBytes.length + 1, idBytes.length);
        return hash(joined);
    }

    /** MurmurHash3 x64 128 with seed 0. */
    public static MessageKey hash(byte[] data) {
        long h1 = 0;
        long h2 = 0;
        int blocks = data.length / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = littleEndianLong(data, i * 16);
            long k2 = littleEndianLong(data, i * 16 + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        long k1 = 0;
        long k2 = 0;
        int tail = blocks * 16;
        for (int i = data.length - tail - 1; i >= 0; i--) {
            long b = data[tail + i] & 0xffL;
            if (i >= 8) {
                k2 |= b << ((i - 8) * 8);
            } else {
                k1 |= b << (i * 8);
            }
        }
        h2 ^= mixK2(k2);
        h1 ^= mixK1(k1);
        h1 ^= data.length;
        h2 ^= data.length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        return new MessageKey(h1, h2);
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long littleEndianLong(byte[] data, int offset) {
        return (long) LITTLE_ENDIAN_LONGS.get(data, offset);
    }
}
