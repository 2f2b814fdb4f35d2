package io.tekil.core.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629: shortest forms only, no surrogates, nothing above U+10FFFF). Jackson reads some
 * invalid sequences without complaint (an overlong {@code C0 80}, for one), but DuckDB refuses to store a text that
 * holds one, so a message stored with it would stop the loader; such a message is rejected on its own instead.
 */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {}

    /** Where the first byte of an invalid sequence is; -1 when all of {@code bytes} is valid UTF-8. */
    static int firstInvalid(byte[] bytes) {
        return firstInvalid(bytes, 0, bytes.length);
    }

    /**
     * Where the first byte of an invalid sequence in {@code bytes[from, to)} is, as an index into the whole array; -1
     * when all of it is valid UTF-8.
     */
    static int firstInvalid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (i + 4 * Long.BYTES <= to && (((long) LONGS.get(bytes, i) | (long) LONGS.get(bytes, i + 8)
                    | (long) LONGS.get(bytes, i + 16) | (long) LONGS.get(bytes, i + 24)) & HIGH_BITS) == 0) {
                i += 4 * Long.BYTES; // 32 ASCII bytes: most of a JSON text
                continue;
            }
            if (i + Long.BYTES <= to) {
                long high = (long) LONGS.get(bytes, i) & HIGH_BITS;
                if (high == 0) {
                    i += Long.BYTES; // eight ASCII bytes
                    continue;
                }
                i += Long.numberOfTrailingZeros(high) >>> 3; // to the first byte that is not ASCII
            }
            int lead = bytes[i] & 0xff;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                if (lead == 0xE0) {
                    secondMin = 0xA0; // shorter forms are overlong
                } else if (lead == 0xED) {
                    secondMax = 0x9F; // above are the surrogates
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                if (lead == 0xF0) {
                    secondMin = 0x90;
                } else if (lead == 0xF4) {
                    secondMax = 0x8F; // above is past U+10FFFF
                }
            } else {
                return i; // a continuation byte without a lead, an overlong lead (C0, C1), or F5 to FF
            }
            if (i + length > to) {
                return i;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < secondMin || second > secondMax) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xff;
                if (next < 0x80 || next > 0xBF) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
