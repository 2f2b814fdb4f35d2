package io.tekil.core.ingest;

import java.time.Duration;
import java.time.Instant;

/**
 * The de-duplication memory: which (source, messageId) pairs were stored within the window.
 *
 * <p>Design: one open-addressing table with linear probing over a {@code long[]} holding each key's two halves side
 * by side, so a probe touches one cache line. The low 16 bits of a key's second half hold the UTC day it was
 * received on instead of its own bits (so keys are told apart by 112 bits: two of a billion messages collide with
 * probability about 10⁻¹⁶). A key of a day that lies wholly before {@code now - window} is expired: a lookup does not
 * find it, an insert may take its slot, and {@link #evictExpired} deletes it, a bounded number of slots a call, once
 * its day expires. So a lookup is one probe however many days the window holds (an earlier version kept a table per
 * day and probed every one: 454 ns with the eight days a 7-day window holds, against 66 ns with one;
 * {@code BenchmarkMessageKeyIndex}), and memory follows the keys of the window, 32 to 96 bytes each. The price:
 * growth rebuilds the whole table on the writer thread (the last doubling before a 7-day window fills, at 2 million
 * ids a day, took about 0.75 s), where tables per day copied at most a day. The
 * index is not the source of truth: it is rebuilt from the event store at start-up, so it survives restarts exactly
 * as far as the stored events do.
 *
 * <p>Not thread-safe: one writer (the ingestion committer) owns it.
 */
public final class MessageKeyIndex {
    private static final long SECONDS_PER_DAY = 86_400;
    /** The bits of a slot's second half that hold its day, {@code epochDay mod DAY_CYCLE + 1}: never 0, so no key looks empty. */
    private static final long DAY_BITS = 0xFFFF;
    private static final int DAY_CYCLE = 0xFFFF;
    private static final int MIN_CAPACITY = 1 << 10;
    /** Slots {@link #evictExpired} looks at per call while a sweep for expired keys is under way. */
    private static final int SWEEP_SLOTS = 1 << 13;

    private final long windowDays;
    /**
     * Key {@code i} at {@code 2i} (first half) and {@code 2i + 1} (second half with its day); a second half is never 0
     * (its day stamp is not), so 0 there marks an empty slot.
     */
    private long[] slots = new long[2 * MIN_CAPACITY];
    /** Slots holding a key, expired or not. */
    private int occupied;
    /** The latest day a key was added on: each key's day is read relative to it. */
    private long newestDay = Long.MIN_VALUE;
    /** Keys of earlier days are expired: {@code now - window} as the last {@link #evictExpired} had it. */
    private long oldestKept = Long.MIN_VALUE;
    /**
     * No key held is of an earlier day (once the sweep under way, if any, is done), so a sweep is needed only when
     * this day expires, not every day.
     */
    private long minDay = Long.MAX_VALUE;
    /** The sweep for expired keys: the next slot to look at, and how many slots are left to look at. */
    private int sweepAt;
    private long sweepLeft;
    /** What {@link #prefetch} read, kept so that the compiler keeps the reads. */
    private long prefetched;

    public MessageKeyIndex(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(String.format("window must be positive, was %s", window));
        }
        this.windowDays = Math.max(1, (window.toSeconds() + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
    }

    public boolean contains(MessageKey key) {
        int slot = find(key.high(), key.low() & ~DAY_BITS);
        return slot >= 0 && !expired(slots[2 * slot + 1]);
    }

    /**
     * Adds the key unless it is held (received within the window). Returns whether it was added; {@link #remove}
     * takes an added key back. One walk of the key's run (a second, in cache, when it is added), where {@link #contains}
     * and then {@link #add} after the commit walked it twice from a cold cache. A receipt already expired (more than
     * the window before the last {@link #evictExpired}'s {@code now}) means the clock went back: the window then counts
     * from this receipt, so a message given twice in one group is still caught.
     */
    public boolean addIfAbsent(MessageKey key, Instant receivedAt) {
        long day = receiptDay(receivedAt);
        if (day < oldestKept) { // a receipt already expired: the clock went back more than the window
            oldestKept = day - windowDays;
        }
        long high = key.high();
        long low = key.low() & ~DAY_BITS;
        int slot = find(high, low);
        if (slot < 0) {
            insert(high, low | stamp(day));
        } else if (expired(slots[2 * slot + 1])) {
            slots[2 * slot + 1] = low | stamp(day);
        } else {
            return false;
        }
        return true;
    }

    /**
     * Reads the first half of the key's home slot (what its lookup reads first), changing nothing the index answers, so
     * that its cache line is on its way from memory: a table of millions of keys is mostly in no cache, and a lookup
     * waits for memory. A caller about to look up many keys calls this for each of them first; their reads then
     * overlap, where lookups one after another, each with work between them, wait one after another (the group
     * committer's lookups were the largest item on its thread; docs/benchmarks.md, "Sixteenth session").
     */
    public void prefetch(MessageKey key) {
        prefetched += slots[2 * ((int) key.high() & (capacity() - 1))];
    }

    /** Forgets the key, as if it had never been added (for a group that could not be stored after all). */
    public void remove(MessageKey key) {
        int slot = find(key.high(), key.low() & ~DAY_BITS);
        if (slot >= 0) {
            delete(slot);
        }
    }

    public void add(MessageKey key, Instant receivedAt) {
        long day = receiptDay(receivedAt);
        long high = key.high();
        long low = key.low() & ~DAY_BITS;
        int slot = find(high, low);
        if (slot >= 0) { // again: kept until the later of its days expires
            long stored = slots[2 * slot + 1];
            if (expired(stored) || day > dayOf(stored)) {
                slots[2 * slot + 1] = low | stamp(day);
            }
            return;
        }
        insert(high, low | stamp(day));
    }

    /**
     * The UTC day of a receipt, which becomes the newest day held when it is later, and the oldest when it is earlier
     * (a sweep may then start sooner than needed when the key is not added after all, which is harmless).
     */
    private long receiptDay(Instant receivedAt) {
        long day = Math.floorDiv(receivedAt.getEpochSecond(), SECONDS_PER_DAY);
        newestDay = Math.max(newestDay, day);
        minDay = Math.min(minDay, day);
        return day;
    }

    /**
     * Puts a key that is not in the table into the first empty or expired slot of its run (the run {@link #find} just
     * walked, so its cache lines are at hand), growing the table first when it is half full.
     */
    private void insert(long high, long second) {
        if ((occupied + 1) * 2L > capacity()) {
            rebuild();
        }
        int mask = capacity() - 1;
        for (int at = (int) high & mask; ; at = (at + 1) & mask) {
            long held = slots[2 * at + 1];
            if (held == 0) {
                occupied++;
            } else if (!expired(held)) {
                continue;
            } // else: an expired key's slot, taken over
            slots[2 * at] = high;
            slots[2 * at + 1] = second;
            return;
        }
    }

    /**
     * Forgets the days that lie wholly before {@code now - window}: a lookup no longer finds their keys, and their
     * slots are freed by a sweep of the table that goes on a bounded number of slots each call.
     */
    public void evictExpired(Instant now) {
        // from now, not only ever later: after a clock stepped ahead and back, the keys not swept yet count again
        oldestKept = Math.floorDiv(now.getEpochSecond(), SECONDS_PER_DAY) - windowDays;
        if (sweepLeft == 0 && minDay < oldestKept) {
            sweepLeft = capacity(); // keys expired: look at every slot once (a day expiring during it starts another)
            minDay = Long.MAX_VALUE; // the sweep finds the oldest day kept
        }
        if (sweepLeft > 0) {
            sweep(SWEEP_SLOTS);
        }
    }

    /** The earliest receipt time that must be loaded to rebuild this index at {@code now}. */
    public Instant rebuildFrom(Instant now) {
        long oldest = Math.floorDiv(now.getEpochSecond(), SECONDS_PER_DAY) - windowDays;
        return Instant.ofEpochSecond(oldest * SECONDS_PER_DAY);
    }

    /** Keys held, expired ones not yet swept included. */
    public long size() {
        return occupied;
    }

    private int capacity() {
        return slots.length / 2;
    }

    /** The slot of the key, expired or not, or -1. */
    private int find(long high, long low) {
        int mask = capacity() - 1;
        for (int at = (int) high & mask; ; at = (at + 1) & mask) {
            long first = slots[2 * at];
            long second = slots[2 * at + 1];
            if (second == 0) {
                return -1;
            }
            if (first == high && (second & ~DAY_BITS) == low) {
                return at;
            }
        }
    }

    private static long stamp(long day) {
        return Math.floorMod(day, DAY_CYCLE) + 1;
    }

    /** The day of a stored second half: the one with its stamp at or before the newest day. */
    private long dayOf(long second) {
        return newestDay - Math.floorMod(stamp(newestDay) - (second & DAY_BITS), DAY_CYCLE);
    }

    private boolean expired(long second) {
        return dayOf(second) < oldestKept;
    }

    /** Looks at up to {@code count} slots of the sweep under way, deleting the expired keys it finds. */
    private void sweep(int count) {
        int mask = capacity() - 1;
        for (int seen = 0; seen < count && sweepLeft > 0; seen++) {
            int at = sweepAt & mask;
            long second = slots[2 * at + 1];
            if (second != 0 && expired(second)) {
                delete(at); // a later key may move into this slot: look at it again
            } else {
                if (second != 0) {
                    minDay = Math.min(minDay, dayOf(second));
                }
                sweepAt = (at + 1) & mask;
                sweepLeft--;
            }
        }
    }

    /**
     * Empties slot {@code hole}, moving back each later key of its run whose probe would otherwise pass the new empty
     * slot before reaching it (backward-shift deletion: no tombstones, so lookups stay as short as the load allows).
     */
    private void delete(int hole) {
        int mask = capacity() - 1;
        for (int at = (hole + 1) & mask; ; at = (at + 1) & mask) {
            long first = slots[2 * at];
            long second = slots[2 * at + 1];
            if (second == 0) {
                break;
            }
            int home = (int) first & mask;
            if (((at - home) & mask) >= ((at - hole) & mask)) { // its home is not after the hole: it may move there
                slots[2 * hole] = first;
                slots[2 * hole + 1] = second;
                hole = at;
            }
        }
        slots[2 * hole] = 0;
        slots[2 * hole + 1] = 0;
        occupied--;
    }

    /**
     * A new table of the keys that are not expired, filled to between a sixth and a third: twice the size when
     * most keys are live, smaller when most expired.
     */
    private void rebuild() {
        long[] old = slots;
        int live = 0;
        minDay = Long.MAX_VALUE;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i + 1] != 0 && !expired(old[i + 1])) {
                live++;
                minDay = Math.min(minDay, dayOf(old[i + 1]));
            }
        }
        int capacity = MIN_CAPACITY;
        while (capacity < 3L * (live + 1)) {
            capacity *= 2;
        }
        slots = new long[2 * capacity];
        occupied = 0;
        int mask = capacity - 1;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i + 1] != 0 && !expired(old[i + 1])) {
                int at = (int) old[i] & mask;
                while (slots[2 * at + 1] != 0) {
                    at = (at + 1) & mask;
                }
                slots[2 * at] = old[i];
                slots[2 * at + 1] = old[i + 1];
                occupied++;
            }
        }
        sweepAt = 0;
        sweepLeft = 0; // nothing expired is left
    }
}
