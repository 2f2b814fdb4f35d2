package io.tekil.importer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n} or {@code \r\n}) with their numbers, skipping a leading UTF-8 byte
 * order mark. A line longer than {@code maxLineBytes} is returned truncated and flagged, so one huge line cannot
 * exhaust memory and is rejected rather than read.
 */
final class LineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long lineNumber;
    private byte[] line = new byte[1024];
    private int length;
    private boolean truncated;
    private boolean first = true;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        truncated = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return false;
                    }
                    break;
                }
                if (first) {
                    first = false;
                    if (limit >= 3 && (buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB && (buffer[2] & 0xff) == 0xBF) {
                        position = 3;
                    }
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            append(start, position - start);
            if (position < limit) {
                position++; // the newline
                break;
            }
        }
        if (length > 0 && line[length - 1] == '\r' && !truncated) {
            length--;
        }
        lineNumber++;
        return true;
    }

    private void append(int start, int count) {
        int room = maxLineBytes - length;
        if (count > room) {
            truncated = true;
            count = Math.max(0, room);
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(length + count, Math.min(maxLineBytes, line.length * 2)));
        }
        System.arraycopy(buffer, start, line, length, count);
        length += count;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** The current line's bytes, valid until the next call of {@link #next}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    boolean truncated() {
        return truncated;
    }

    boolean isBlank() {
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
