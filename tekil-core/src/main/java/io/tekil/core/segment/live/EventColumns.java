package io.tekil.core.segment.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.segment.HistoryEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * One profile's held events in columns: per event three longs (the identity of its source and message id, its
 * epoch second, its nanosecond with the index of the key it was stored under) and two shared references (its
 * {@link HeldEvents.Kind} and its kept properties). About 32 bytes an event where a {@link HistoryEvent} with its
 * own {@code Instant}, message id and property map costs about 190; the maintainer's memory per profile is mostly
 * this. Events are turned back into {@link HistoryEvent}s only while a profile is checked ({@link #events}).
 *
 * <p>Two events are the same when their identities are equal ({@link HeldEvents#identity}); an event is held
 * once. Not thread-safe: the maintainer's lock guards it.
 */
final class EventColumns {
    private static final long[] NO_LONGS = new long[0];
    private static final Object[] NO_REFS = new Object[0];
    private static final String[] NO_KEYS = new String[0];
    private static final int LONGS = 3;
    private static final int REFS = 2;

    private long[] longs = NO_LONGS;
    private Object[] refs = NO_REFS;
    private String[] keys = NO_KEYS;
    private int size;

    int size() {
        return size;
    }

    /** Adds the event unless one with the same identity is held; whether it was added. */
    boolean addOnce(String key, long identity, HeldEvents.Kind kind, ObjectNode properties, long second, int nano) {
        if (indexOf(identity) >= 0) {
            return false;
        }
        add(key, identity, kind, properties, second, nano);
        return true;
    }

    /** Adds the event, replacing the one with the same identity if held (a copy with other properties kept). */
    void replace(String key, long identity, HeldEvents.Kind kind, ObjectNode properties, long second, int nano) {
        int index = indexOf(identity);
        if (index >= 0) {
            remove(index);
        }
        add(key, identity, kind, properties, second, nano);
    }

    /** Adds every event of {@code other} stored under one of {@code keys} (null: every key) not held already. */
    void addFrom(EventColumns other, Set<String> wanted) {
        for (int i = 0; i < other.size; i++) {
            String key = other.keyOf(i);
            if (wanted == null || wanted.contains(key)) {
                int at = i * LONGS;
                addOnce(key, other.longs[at], (HeldEvents.Kind) other.refs[i * REFS], (ObjectNode) other.refs[i * REFS + 1],
                        other.longs[at + 1], (int) (other.longs[at + 2] >>> 32));
            }
        }
    }

    /** The held events as a rule sees them; their message ids are not kept (explanations read events from storage). */
    HistoryEvent[] events() {
        HistoryEvent[] events = new HistoryEvent[size];
        for (int i = 0; i < size; i++) {
            HeldEvents.Kind kind = (HeldEvents.Kind) refs[i * REFS];
            Instant time = Instant.ofEpochSecond(longs[i * LONGS + 1], longs[i * LONGS + 2] >>> 32);
            events[i] = new HistoryEvent(HeldEvents.NO_MESSAGE_ID, kind.type(), kind.name(), kind.channel(), kind.source(), time,
                    (ObjectNode) refs[i * REFS + 1]);
        }
        return events;
    }

    /** Keeps only the events whose {@code keep} flag is set, in order ({@code keep} is indexed like {@link #events}). */
    void retain(boolean[] keep) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (keep[i]) {
                if (kept != i) {
                    System.arraycopy(longs, i * LONGS, longs, kept * LONGS, LONGS);
                    System.arraycopy(refs, i * REFS, refs, kept * REFS, REFS);
                }
                kept++;
            }
        }
        Arrays.fill(refs, kept * REFS, size * REFS, null);
        size = kept;
        if (size == 0) {
            longs = NO_LONGS;
            refs = NO_REFS;
            keys = NO_KEYS;
        } else if (longs.length > 2 * size * LONGS) { // most were let go: give the room back
            longs = Arrays.copyOf(longs, size * LONGS);
            refs = Arrays.copyOf(refs, size * REFS);
        }
    }

    private void add(String key, long identity, HeldEvents.Kind kind, ObjectNode properties, long second, int nano) {
        if (size * LONGS == longs.length) {
            int capacity = Math.max(2, size + (size >> 1) + 1);
            longs = Arrays.copyOf(longs, capacity * LONGS);
            refs = Arrays.copyOf(refs, capacity * REFS);
        }
        int at = size * LONGS;
        longs[at] = identity;
        longs[at + 1] = second;
        longs[at + 2] = ((long) nano << 32) | keyIndex(key);
        refs[size * REFS] = kind;
        refs[size * REFS + 1] = properties;
        size++;
    }

    private String keyOf(int index) {
        return keys[(int) longs[index * LONGS + 2]];
    }

    private int keyIndex(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        keys = Arrays.copyOf(keys, keys.length + 1);
        keys[keys.length - 1] = key;
        return keys.length - 1;
    }

    private int indexOf(long identity) {
        for (int i = 0; i < size; i++) {
            if (longs[i * LONGS] == identity) {
                return i;
            }
        }
        return -1;
    }

    /** Removes the event at {@code index}, moving the last one into its place (the order of events does not matter). */
    private void remove(int index) {
        int last = size - 1;
        System.arraycopy(longs, last * LONGS, longs, index * LONGS, LONGS);
        System.arraycopy(refs, last * REFS, refs, index * REFS, REFS);
        refs[last * REFS] = null;
        refs[last * REFS + 1] = null;
        size = last;
    }
}
