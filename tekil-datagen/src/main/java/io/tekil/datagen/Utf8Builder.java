package io.tekil.datagen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that text is encoded into directly as UTF-8: the generator's only output path. Not
 * thread-safe; one per output file per chunk, reused after {@link #clear()}.
 *
 * <p>Strings are encoded by hand (no {@code String.getBytes}, no {@code CharsetEncoder}) and escaped for JSON
 * or quoted for CSV on the way in. Anything repeated (field names, catalogue entries) should be prepared once
 * with {@link #bytes}, {@link #jsonBytes} or {@link #csvBytes} and appended with {@link #append(byte[])}.
 */
final class Utf8Builder {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** The two hex digits of each byte value, lowercase then uppercase: a UUID is 16 lookups. */
    private static final byte[] HEX_PAIRS = new byte[512];
    private static final byte[] HEX_PAIRS_UPPER = new byte[512];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        for (int i = 0; i < 256; i++) {
            HEX_PAIRS[2 * i] = HEX[i >> 4];
            HEX_PAIRS[2 * i + 1] = HEX[i & 0xF];
            HEX_PAIRS_UPPER[2 * i] = HEX_UPPER[i >> 4];
            HEX_PAIRS_UPPER[2 * i + 1] = HEX_UPPER[i & 0xF];
        }
    }

    private byte[] bytes;
    private int length;

    Utf8Builder(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    int length() {
        return length;
    }

    /** The backing array; valid up to {@link #length()} until the next append. */
    byte[] array() {
        return bytes;
    }

    void clear() {
        length = 0;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** Writes everything appended so far to {@code channel}. */
    void writeTo(WritableByteChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            int needed = length + extra;
            if (needed < 0) {
                throw new IllegalStateException("a single output buffer would exceed 2 GB; generate fewer people per chunk");
            }
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length + (bytes.length >> 1)));
        }
    }

    Utf8Builder append(byte[] source) {
        ensure(source.length);
        System.arraycopy(source, 0, bytes, length, source.length);
        length += source.length;
        return this;
    }

    /** Appends {@code count} bytes of this builder starting at {@code from} (an earlier part of itself or not). */
    Utf8Builder appendFrom(Utf8Builder source, int from, int count) {
        ensure(count);
        System.arraycopy(source.bytes, from, bytes, length, count);
        length += count;
        return this;
    }

    Utf8Builder append(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    Utf8Builder append(char asciiChar) {
        return append((byte) asciiChar);
    }

    /** Appends text with no escaping. */
    Utf8Builder append(String text) {
        int n = text.length();
        ensure(n * 3);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                i = encode(text, i, c);
            }
        }
        return this;
    }

    /** Appends {@code text} as a JSON string, quotes included. */
    Utf8Builder appendJsonString(String text) {
        int n = text.length();
        ensure(n * 6 + 2);
        bytes[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                bytes[length++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                bytes[length++] = '\\';
                bytes[length++] = (byte) c;
            } else if (c < 0x20) {
                escapeControl(c);
            } else {
                i = encode(text, i, c);
            }
        }
        bytes[length++] = '"';
        return this;
    }

    private void escapeControl(char c) {
        bytes[length++] = '\\';
        switch (c) {
            case '\n' -> bytes[length++] = 'n';
            case '\r' -> bytes[length++] = 'r';
            case '\t' -> bytes[length++] = 't';
            case '\b' -> bytes[length++] = 'b';
            case '\f' -> bytes[length++] = 'f';
            default -> {
                bytes[length++] = 'u';
                bytes[length++] = '0';
                bytes[length++] = '0';
                bytes[length++] = HEX[c >> 4];
                bytes[length++] = HEX[c & 0xF];
            }
        }
    }

    /**
     * Appends {@code text} as one CSV field: quoted, with quotes doubled, when it holds the delimiter, a quote, a
     * line break, or leading or trailing spaces (which many readers would otherwise trim).
     */
    Utf8Builder appendCsvField(String text, char delimiter) {
        if (!needsQuotes(text, delimiter)) {
            return append(text);
        }
        ensure(text.length() * 3 + 2);
        bytes[length++] = '"';
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                bytes[length++] = '"';
                bytes[length++] = '"';
            } else if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                i = encode(text, i, c);
            }
        }
        bytes[length++] = '"';
        return this;
    }

    static boolean needsQuotes(String text, char delimiter) {
        int n = text.length();
        if (n > 0 && (text.charAt(0) == ' ' || text.charAt(n - 1) == ' ')) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** Encodes the non-ASCII char at {@code i} (space already ensured); returns the index of its last char. */
    private int encode(String text, int i, char c) {
        if (c < 0x800) {
            bytes[length++] = (byte) (0xC0 | (c >> 6));
            bytes[length++] = (byte) (0x80 | (c & 0x3F));
            return i;
        }
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, text.charAt(i + 1));
            bytes[length++] = (byte) (0xF0 | (cp >> 18));
            bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            bytes[length++] = (byte) (0x80 | (cp & 0x3F));
            return i + 1;
        }
        if (Character.isSurrogate(c)) {
            bytes[length++] = '?';
            return i;
        }
        bytes[length++] = (byte) (0xE0 | (c >> 12));
        bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        bytes[length++] = (byte) (0x80 | (c & 0x3F));
        return i;
    }

    /** Appends a decimal integer. */
    Utf8Builder appendLong(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return append(Long.toString(value));
            }
            append((byte) '-');
            value = -value;
        }
        ensure(20);
        int digits = digitCount(value);
        int end = length + digits;
        int at = end;
        while (value >= 100) {
            int pair = (int) (value % 100);
            value /= 100;
            bytes[--at] = DIGIT_PAIRS[2 * pair + 1];
            bytes[--at] = DIGIT_PAIRS[2 * pair];
        }
        if (value >= 10) {
            bytes[--at] = DIGIT_PAIRS[2 * (int) value + 1];
            bytes[--at] = DIGIT_PAIRS[2 * (int) value];
        } else {
            bytes[--at] = (byte) ('0' + value);
        }
        length = end;
        return this;
    }

    private static int digitCount(long value) {
        int digits = 1;
        for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
            digits++;
        }
        return digits;
    }

    /** Appends 0 to 99 as exactly two digits. */
    private Utf8Builder appendTwoDigits(int value) {
        ensure(2);
        bytes[length++] = DIGIT_PAIRS[2 * value];
        bytes[length++] = DIGIT_PAIRS[2 * value + 1];
        return this;
    }

    /**
     * Appends the time of day {@code HH:mm:ss}, or {@code HH:mm:ss.SSS} with {@code millis}, for
     * {@code 0 <= msOfDay < 86_400_000}.
     */
    Utf8Builder appendClock(int msOfDay, boolean millis) {
        ensure(12);
        int seconds = msOfDay / 1000;
        int hours = seconds / 3600;
        int minutes = seconds / 60 - hours * 60;
        int secs = seconds - (seconds / 60) * 60;
        byte[] b = bytes;
        int at = length;
        b[at] = DIGIT_PAIRS[2 * hours];
        b[at + 1] = DIGIT_PAIRS[2 * hours + 1];
        b[at + 2] = ':';
        b[at + 3] = DIGIT_PAIRS[2 * minutes];
        b[at + 4] = DIGIT_PAIRS[2 * minutes + 1];
        b[at + 5] = ':';
        b[at + 6] = DIGIT_PAIRS[2 * secs];
        b[at + 7] = DIGIT_PAIRS[2 * secs + 1];
        if (millis) {
            int ms = msOfDay - seconds * 1000;
            b[at + 8] = '.';
            b[at + 9] = (byte) ('0' + ms / 100);
            b[at + 10] = DIGIT_PAIRS[2 * (ms % 100)];
            b[at + 11] = DIGIT_PAIRS[2 * (ms % 100) + 1];
            length = at + 12;
        } else {
            length = at + 8;
        }
        return this;
    }

    /** Appends an amount in kuruş as lira with two decimals and {@code separator}: 124990 → {@code 1249,90}. */
    Utf8Builder appendMoney(long kurus, char separator) {
        if (kurus < 0) {
            append((byte) '-');
            kurus = -kurus;
        }
        appendLong(kurus / 100);
        append((byte) separator);
        return appendTwoDigits((int) (kurus % 100));
    }

    /** Appends a random (version 4) UUID made of {@code high} and {@code low}, lowercase: 36 bytes. */
    Utf8Builder appendUuid(long high, long low) {
        return appendUuid(high, low, HEX_PAIRS);
    }

    /** As {@link #appendUuid(long, long)} in uppercase, as iOS formats its identifierForVendor. */
    Utf8Builder appendUpperUuid(long high, long low) {
        return appendUuid(high, low, HEX_PAIRS_UPPER);
    }

    private Utf8Builder appendUuid(long high, long low, byte[] pairs) {
        high = (high & ~0xF000L) | 0x4000L;
        low = (low & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        ensure(36);
        hexBytes(high >>> 32, 4, pairs);
        bytes[length++] = '-';
        hexBytes(high >>> 16, 2, pairs);
        bytes[length++] = '-';
        hexBytes(high, 2, pairs);
        bytes[length++] = '-';
        hexBytes(low >>> 48, 2, pairs);
        bytes[length++] = '-';
        hexBytes(low, 6, pairs);
        return this;
    }

    /** The lowest {@code count} bytes of {@code value} as hex, most significant first (space ensured). */
    private void hexBytes(long value, int count, byte[] pairs) {
        byte[] b = bytes;
        int at = length;
        for (int shift = (count - 1) * 8; shift >= 0; shift -= 8) {
            int pair = 2 * ((int) (value >>> shift) & 0xFF);
            b[at++] = pairs[pair];
            b[at++] = pairs[pair + 1];
        }
        length = at;
    }

    /** Appends the lowest {@code count} hex digits of {@code value}, lowercase. */
    Utf8Builder appendHex(long value, int count) {
        ensure(count);
        hexDigits(value, count, HEX);
        return this;
    }

    private void hexDigits(long value, int count, byte[] hex) {
        for (int shift = (count - 1) * 4; shift >= 0; shift -= 4) {
            bytes[length++] = hex[(int) (value >>> shift) & 0xF];
        }
    }

    /** {@code text} as UTF-8. */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code text} as a quoted, escaped JSON string in UTF-8. */
    static byte[] jsonBytes(String text) {
        Utf8Builder builder = new Utf8Builder(text.length() + 8);
        builder.appendJsonString(text);
        return Arrays.copyOf(builder.bytes, builder.length);
    }

    /** {@code text} as one CSV field for {@code delimiter}, in UTF-8. */
    static byte[] csvBytes(String text, char delimiter) {
        Utf8Builder builder = new Utf8Builder(text.length() + 8);
        builder.appendCsvField(text, delimiter);
        return Arrays.copyOf(builder.bytes, builder.length);
    }

    /** A copy of what was appended. */
    byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }
}
