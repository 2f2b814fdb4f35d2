package io.tekil.core.segment.live;

import java.util.AbstractSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A set of strings in one open-addressed table (linear probing, deletion by shifting back, so no tombstones): a
 * segment's members, about 8 bytes a member where a {@code HashSet} costs about 40. Not thread-safe.
 */
final class CompactSet extends AbstractSet<String> {
    private static final String[] EMPTY = new String[0];

    private String[] table = EMPTY; // length a power of two, at most 2/3 full
    private int size;
    private int changes;

    @Override
    public boolean contains(Object item) {
        return item instanceof String text && size > 0 && table[slotOf(text)] != null;
    }

    @Override
    public boolean add(String item) {
        if ((size + 1) * 3 > table.length * 2) {
            resize(Math.max(4, table.length * 2));
        }
        int slot = slotOf(item);
        if (table[slot] != null) {
            return false;
        }
        table[slot] = item;
        size++;
        changes++;
        return true;
    }

    @Override
    public boolean remove(Object item) {
        if (!(item instanceof String text) || size == 0) {
            return false;
        }
        int slot = slotOf(text);
        if (table[slot] == null) {
            return false;
        }
        int mask = table.length - 1;
        // shift later entries of the same run back, so every entry stays reachable from its home slot
        int hole = slot;
        for (int next = (hole + 1) & mask; table[next] != null; next = (next + 1) & mask) {
            int home = home(table[next], mask);
            boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
            if (movable) {
                table[hole] = table[next];
                hole = next;
            }
        }
        table[hole] = null;
        size--;
        changes++;
        if (size == 0) {
            table = EMPTY;
        }
        return true;
    }

    /** The slot holding {@code item}, or the empty slot where it would go. */
    private int slotOf(String item) {
        int mask = table.length - 1;
        int slot = home(item, mask);
        while (table[slot] != null && !table[slot].equals(item)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int home(String item, int mask) {
        int hash = item.hashCode() * 0x9E3779B9;
        return (hash ^ (hash >>> 16)) & mask;
    }

    private void resize(int capacity) {
        String[] old = table;
        table = new String[capacity];
        for (String item : old) {
            if (item != null) {
                table[slotOf(item)] = item;
            }
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        table = EMPTY;
        size = 0;
        changes++;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private final int expected = changes;
            private int next = advance(0);

            private int advance(int from) {
                int slot = from;
                while (slot < table.length && table[slot] == null) {
                    slot++;
                }
                return slot;
            }

            @Override
            public boolean hasNext() {
                return next < table.length;
            }

            @Override
            public String next() {
                if (changes != expected) {
                    throw new ConcurrentModificationException();
                }
                if (next >= table.length) {
                    throw new NoSuchElementException();
                }
                String item = table[next];
                next = advance(next + 1);
                return item;
            }
        };
    }
}
