package io.tekil.core.identity;

import java.util.function.Consumer;

/**
 * A map from identifiers to values that finds an identifier by its 128-bit fingerprint alone, never reading the
 * identifier it stored: open addressing with linear probing, at most half full, the two halves of each fingerprint
 * side by side in one array and the values in another at the same index. Insert-only (the identity graph never
 * forgets an identifier). Not thread-safe.
 *
 * <p>Why: a {@code HashMap} of identifiers reads, for one lookup, the table, its entry, the stored identifier, its
 * text and the text's bytes, each waiting on the one before; here a lookup reads the fingerprints and the value, which
 * do not depend on each other (docs/benchmarks.md, "Seventeenth session"). Two identifiers with the same fingerprint
 * would be taken for one: with the fingerprint keyed per process ({@link Identifier}), the chance for n identifiers
 * is about n²/2¹²⁹, below 10⁻²⁰ for a billion.
 *
 * <p>Memory: 20 bytes a slot (two longs and a reference), two to four slots per entry.
 */
final class FingerprintTable<V> {
    private static final int FIRST_CAPACITY = 1 << 10;
    /** Twice as many fingerprint halves must still fit an array. */
    private static final int MAX_CAPACITY = 1 << 29;

    /** Fingerprint halves of slot i at 2i and 2i + 1; a free slot has a null value. */
    private long[] fingerprints = new long[2 * FIRST_CAPACITY];
    private Object[] values = new Object[FIRST_CAPACITY];
    private int size;

    /** The value stored for {@code identifier}, or null. */
    @SuppressWarnings("unchecked")
    V get(Identifier identifier) {
        long first = identifier.fingerprintFirst();
        long second = identifier.fingerprintSecond();
        int mask = values.length - 1;
        for (int i = slot(first, mask); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null) {
                return null;
            }
            if (fingerprints[2 * i] == first && fingerprints[2 * i + 1] == second) {
                return (V) value;
            }
        }
    }

    /**
     * Stores {@code value} for an identifier not in the table.
     *
     * @throws IllegalStateException when the identifier is there already
     */
    void putNew(Identifier identifier, V value) {
        if (value == null) {
            throw new IllegalArgumentException("a value cannot be null");
        }
        if (2 * (size + 1) > values.length) {
            grow();
        }
        if (!insert(identifier.fingerprintFirst(), identifier.fingerprintSecond(), value)) {
            throw new IllegalStateException(String.format("the identifier %s is in the table already", identifier));
        }
        size++;
    }

    int size() {
        return size;
    }

    /** Every value, in no particular order. */
    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<? super V> action) {
        for (Object value : values) {
            if (value != null) {
                action.accept((V) value);
            }
        }
    }

    private boolean insert(long first, long second, Object value) {
        int mask = values.length - 1;
        for (int i = slot(first, mask); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                fingerprints[2 * i] = first;
                fingerprints[2 * i + 1] = second;
                values[i] = value;
                return true;
            }
            if (fingerprints[2 * i] == first && fingerprints[2 * i + 1] == second) {
                return false;
            }
        }
    }

    private void grow() {
        if (values.length >= MAX_CAPACITY) {
            throw new IllegalStateException(String.format("the table holds %,d identifiers, the most it can", size));
        }
        long[] oldFingerprints = fingerprints;
        Object[] oldValues = values;
        fingerprints = new long[2 * oldFingerprints.length];
        values = new Object[2 * oldValues.length];
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                insert(oldFingerprints[2 * i], oldFingerprints[2 * i + 1], oldValues[i]);
            }
        }
    }

    /** The fingerprint is a keyed pseudo-random value already: its low bits are as good as any. */
    private static int slot(long first, int mask) {
        return (int) first & mask;
    }
}
