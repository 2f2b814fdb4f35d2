package io.tekil.core.segment.live;

import java.time.Instant;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * One profile's next time-change moment per segment, in parallel arrays searched linearly: 16 bytes a segment
 * where a {@code HashMap} entry with its {@code Instant} costs about 56. Not thread-safe.
 */
final class Candidates {
    private static final String[] NO_SEGMENTS = new String[0];
    private static final long[] NO_SECONDS = new long[0];
    private static final int[] NO_NANOS = new int[0];

    private String[] segments = NO_SEGMENTS;
    private long[] seconds = NO_SECONDS;
    private int[] nanos = NO_NANOS;
    private int size;

    void put(String segment, Instant at) {
        int index = indexOf(segment);
        if (index < 0) {
            if (size == segments.length) {
                int capacity = Math.max(2, size + (size >> 1) + 1);
                segments = Arrays.copyOf(segments, capacity);
                seconds = Arrays.copyOf(seconds, capacity);
                nanos = Arrays.copyOf(nanos, capacity);
            }
            index = size++;
            segments[index] = segment;
        }
        seconds[index] = at.getEpochSecond();
        nanos[index] = at.getNano();
    }

    void remove(String segment) {
        int index = indexOf(segment);
        if (index >= 0) {
            size--;
            segments[index] = segments[size];
            seconds[index] = seconds[size];
            nanos[index] = nanos[size];
            segments[size] = null;
        }
    }

    /** The earliest moment of any segment; null when none waits. */
    Instant earliest() {
        int first = -1;
        for (int i = 0; i < size; i++) {
            if (first < 0 || seconds[i] < seconds[first] || (seconds[i] == seconds[first] && nanos[i] < nanos[first])) {
                first = i;
            }
        }
        return first < 0 ? null : Instant.ofEpochSecond(seconds[first], nanos[first]);
    }

    void forEach(BiConsumer<String, Instant> action) {
        for (int i = 0; i < size; i++) {
            action.accept(segments[i], Instant.ofEpochSecond(seconds[i], nanos[i]));
        }
    }

    private int indexOf(String segment) {
        for (int i = 0; i < size; i++) {
            if (segments[i].equals(segment)) {
                return i;
            }
        }
        return -1;
    }
}
