package io.tekil.core.segment.live;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A set of a few strings in one array, searched linearly: a profile's memberships, about 40 bytes where a
 * {@code HashSet} of three costs about 290. Not for large sets. Not thread-safe.
 */
final class SmallSet extends AbstractSet<String> {
    private static final String[] NONE = new String[0];

    private String[] items = NONE;
    private int size;

    @Override
    public boolean contains(Object item) {
        return indexOf(item) >= 0;
    }

    @Override
    public boolean add(String item) {
        if (indexOf(item) >= 0) {
            return false;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.max(2, size + (size >> 1) + 1));
        }
        items[size++] = item;
        return true;
    }

    @Override
    public boolean remove(Object item) {
        int index = indexOf(item);
        if (index < 0) {
            return false;
        }
        items[index] = items[--size];
        items[size] = null;
        return true;
    }

    private int indexOf(Object item) {
        for (int i = 0; i < size; i++) {
            if (items[i].equals(item)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public String next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return items[next++];
            }
        };
    }
}
