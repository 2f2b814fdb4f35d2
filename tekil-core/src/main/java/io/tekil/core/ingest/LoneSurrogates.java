package io.tekil.core.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Repairs {@code \u005Cud800}-style escapes of lone UTF-16 surrogates in a JSON message. Jackson accepts them, and
 * JavaScript's {@code JSON.stringify} writes them for a string cut in the middle of an emoji, but DuckDB's JSON
 * functions refuse the whole text, so one such stored message would make every segment query that reads message
 * properties fail. Each lone surrogate's escape is replaced in place by {@code \u005Cufffd} (the replacement
 * character, what a UTF-8 decoder makes of a broken sequence): six bytes for six, so every offset into the message
 * stays valid. Surrogate pairs, written as two escapes, are kept.
 */
final class LoneSurrogates {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final byte[] REPLACEMENT = {'f', 'f', 'f', 'd'};

    private LoneSurrogates() {}

    /** Repairs {@code json} in place; returns whether it changed anything. */
    static boolean repair(byte[] json) {
        if (!hasBackslash(json)) {
            return false; // nearly every message: no escape at all
        }
        boolean changed = false;
        int pendingHigh = -1; // where the \\u of an unpaired high surrogate's escape starts
        int i = 0;
        while (i < json.length) {
            if (json[i] != '\\' || i + 1 >= json.length) {
                i++;
                continue;
            }
            int unit = json[i + 1] == 'u' ? codeUnit(json, i + 2) : -1;
            if (unit >= 0xDC00 && unit <= 0xDFFF && pendingHigh >= 0 && pendingHigh == i - 6) {
                pendingHigh = -1; // the low half of a pair
            } else {
                if (pendingHigh >= 0) {
                    replace(json, pendingHigh);
                    changed = true;
                    pendingHigh = -1;
                }
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    pendingHigh = i;
                } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                    replace(json, i);
                    changed = true;
                }
            }
            i += unit >= 0 ? 6 : 2; // past the escape (an escaped backslash included, so its next byte is not read as one)
        }
        if (pendingHigh >= 0) {
            replace(json, pendingHigh);
            changed = true;
        }
        return changed;
    }

    /** The code unit of the four hex digits at {@code at}; -1 when they are not four hex digits. */
    private static int codeUnit(byte[] json, int at) {
        if (at + 4 > json.length) {
            return -1;
        }
        int unit = 0;
        for (int k = at; k < at + 4; k++) {
            int digit = Character.digit(json[k], 16);
            if (digit < 0) {
                return -1;
            }
            unit = unit << 4 | digit;
        }
        return unit;
    }

    private static void replace(byte[] json, int escape) {
        System.arraycopy(REPLACEMENT, 0, json, escape + 2, 4);
    }

    /** Whether {@code json} holds a backslash, eight bytes at a time. */
    static boolean hasBackslash(byte[] json) {
        int i = 0;
        for (; i + Long.BYTES <= json.length; i += Long.BYTES) {
            long word = (long) LONGS.get(json, i) ^ BACKSLASHES; // a backslash byte becomes zero
            if (((word - ONES) & ~word & HIGHS) != 0) {
                return true;
            }
        }
        for (; i < json.length; i++) {
            if (json[i] == '\\') {
                return true;
            }
        }
        return false;
    }
}
