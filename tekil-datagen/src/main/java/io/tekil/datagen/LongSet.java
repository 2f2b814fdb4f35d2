package io.tekil.datagen;

/** An open-addressing set of longs with linear probing; grows at half full. Not thread-safe. */
final class LongSet {
    private static final long EMPTY = 0;
    private long[] slots = new long[1 << 10];
    private boolean containsZero;
    private int size;

    /** Adds {@code value}; false if it was already there. */
    boolean add(long value) {
        if (value == EMPTY) {
            boolean added = !containsZero;
            containsZero = true;
            return added;
        }
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = spread(value) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == value) {
                return false;
            }
            if (slots[i] == EMPTY) {
                slots[i] = value;
                size++;
                return true;
            }
        }
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long value : old) {
            if (value != EMPTY) {
                int i = spread(value) & mask;
                while (slots[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                slots[i] = value;
            }
        }
    }

    private static int spread(long value) {
        long z = value * 0x9E37_79B9_7F4A_7C15L;
        return (int) (z ^ (z >>> 32));
    }
}
