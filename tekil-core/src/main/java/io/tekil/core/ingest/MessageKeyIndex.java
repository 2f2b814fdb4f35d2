package io.tekil.core.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The de-duplication memory: which (source, messageId) pairs were stored within the window.
 *
 * <p>Design: keys are 128-bit {@link MessageKey} fingerprints held in open-addressing tables of two
 * {@code long} arrays, one table per UTC day of receipt. A lookup probes every live day (at most window
 * days + 1); eviction drops whole days, so memory follows the window, about 32 bytes per remembered
 * message. The index is not the source of truth: it is rebuilt from the event store at start-up, so it
 * survives restarts exactly as far as the stored events do.
 *
 * <p>Not thread-safe: one writer (the ingestion committer) owns it.
 */
public final class MessageKeyIndex {
    private static final long SECONDS_PER_DAY = 86_400;

    private final long windowDays;
    private final TreeMap<Long, KeyTable> days = new TreeMap<>();

    public MessageKeyIndex(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(String.format("window must be positive, was %s", window));
        }
        this.windowDays = Math.max(1, (window.toSeconds() + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
    }

    public boolean contains(MessageKey key) {
        for (KeyTable table : days.values()) {
            if (table.contains(key.high(), key.low())) {
                return true;
            }
        }
        return false;
    }

    public void add(MessageKey key, Instant receivedAt) {
        long day = Math.floorDiv(receivedAt.getEpochSecond(), SECONDS_PER_DAY);
        days.computeIfAbsent(day, d -> new KeyTable()).add(key.high(), key.low());
    }

    /** Forgets the days that lie wholly before {@code now - window}. */
    public void evictExpired(Instant now) {
        long oldestKept = Math.floorDiv(now.getEpochSecond(), SECONDS_PER_DAY) - windowDays;
        for (Iterator<Map.Entry<Long, KeyTable>> it = days.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getKey() < oldestKept) {
                it.remove();
            }
        }
    }

    /** The earliest receipt time that must be loaded to rebuild this index at {@code now}. */
    public Instant rebuildFrom(Instant now) {
        long oldestKept = Math.floorDiv(now.getEpochSecond(), SECONDS_PER_DAY) - windowDays;
        return Instant.ofEpochSecond(oldestKept * SECONDS_PER_DAY);
    }

    public long size() {
        long size = 0;
        for (KeyTable table : days.values()) {
            size += table.size;
        }
        return size;
    }

    /**
     * Open addressing with linear probing over one {@code long[]} holding each key's two halves side by side,
     * so a probe touches one cache line. (0, 0) marks an empty slot, so a real (0, 0) key is stored as (0, 1).
     */
    private static final class KeyTable {
        private long[] slots = new long[2 << 10];
        private int size;

        boolean contains(long high, long low) {
            if (high == 0 && low == 0) {
                low = 1;
            }
            int mask = slots.length / 2 - 1;
            for (int slot = (int) high & mask; ; slot = (slot + 1) & mask) {
                long slotHigh = slots[2 * slot];
                long slotLow = slots[2 * slot + 1];
                if (slotHigh == high && slotLow == low) {
                    return true;
                }
                if (slotHigh == 0 && slotLow == 0) {
                    return false;
                }
            }
        }

        void add(long high, long low) {
            if (high == 0 && low == 0) {
                low = 1;
            }
            if ((size + 1) * 4L > slots.length) {
                grow();
            }
            if (insert(slots, high, low)) {
                size++;
            }
        }

        private void grow() {
            long[] bigger = new long[slots.length * 2];
            for (int i = 0; i < slots.length; i += 2) {
                if (slots[i] != 0 || slots[i + 1] != 0) {
                    insert(bigger, slots[i], slots[i + 1]);
                }
            }
            slots = bigger;
        }

        private static boolean insert(long[] slots, long high, long low) {
            int mask = slots.length / 2 - 1;
            for (int slot = (int) high & mask; ; slot = (slot + 1) & mask) {
                if (slots[2 * slot] == high && slots[2 * slot + 1] == low) {
                    return false;
                }
                if (slots[2 * slot] == 0 && slots[2 * slot + 1] == 0) {
                    slots[2 * slot] = high;
                    slots[2 * slot + 1] = low;
                    return true;
                }
            }
        }
    }
}
