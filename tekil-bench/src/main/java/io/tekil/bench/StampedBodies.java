package io.tekil.bench;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Request bodies for runs of any length from a fixed pool: body {@code i} is pool body {@code i % pool} with the first
 * eight hex digits of each of its messageIds replaced by {@code i / pool} (the round), so every messageId of the whole
 * sequence is distinct while memory holds only the pool. The rest of each messageId (24 random hex digits) is distinct
 * across the pool, which the constructor checks.
 *
 * <p>Holding every body of a run made the load harness's heap several gigabytes (6 million events are 5.5 GB of JSON),
 * and the garbage collector kept growing the young generation into pages the process had never touched during the
 * timed phase: the kernel zeroing those pages was up to a sixth of the process's CPU samples, a cost a server that has
 * been running for a while does not pay (docs/benchmarks.md, "Fifteenth session"). Each {@link #get} copies a pool body
 * (about 90 KB: some microseconds of the load client's CPU per request, under 0.1 µs per event, and as much garbage as
 * the server makes of each body).
 *
 * <p>A sequence is split into views with {@link #slice}, so the warm-up and the timed phase never share a messageId.
 */
final class StampedBodies extends AbstractList<byte[]> {
    private static final byte[] MESSAGE_ID = "\"messageId\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"");

    private final List<byte[]> pool;
    private final int[][] stamps;
    private final long first;
    private final int size;

    private StampedBodies(List<byte[]> pool, int[][] stamps, long first, int size) {
        this.pool = pool;
        this.stamps = stamps;
        this.first = first;
        this.size = size;
    }

    /**
     * The whole sequence over {@code pool}, {@code size} bodies long.
     *
     * @throws IllegalArgumentException when a pool body has no messageId written as {@code "messageId":"}, one that
     *     is not a lower-case UUID, or two share the digits that are not stamped
     */
    static StampedBodies of(List<byte[]> pool, int size) {
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("the pool is empty");
        }
        int[][] stamps = new int[pool.size()][];
        Set<String> rests = new HashSet<>();
        for (int b = 0; b < pool.size(); b++) {
            byte[] body = pool.get(b);
            List<Integer> offsets = new ArrayList<>();
            for (int at = indexOf(body, MESSAGE_ID, 0); at >= 0; at = indexOf(body, MESSAGE_ID, at + 1)) {
                int id = at + MESSAGE_ID.length;
                String uuid = new String(body, id, Math.min(37, body.length - id), StandardCharsets.US_ASCII);
                if (!UUID.matcher(uuid).matches()) {
                    throw new IllegalArgumentException("pool body " + b + " has a messageId that is not a lower-case UUID: " + uuid);
                }
                if (!rests.add(uuid.substring(8, 36))) {
                    throw new IllegalArgumentException("two messageIds of the pool end in " + uuid.substring(8, 36));
                }
                offsets.add(id);
            }
            if (offsets.isEmpty()) {
                // sent again unstamped, its messages would be dropped as duplicates
                throw new IllegalArgumentException("pool body " + b + " has no messageId written as \"messageId\":\"...\"");
            }
            stamps[b] = offsets.stream().mapToInt(Integer::intValue).toArray();
        }
        return new StampedBodies(List.copyOf(pool), stamps, 0, size);
    }

    /** The bodies {@code from} to {@code from + length - 1} of this sequence. */
    StampedBodies slice(int from, int length) {
        Objects.checkFromIndexSize(from, length, size);
        return new StampedBodies(pool, stamps, first + from, length);
    }

    /** Body {@code index}: a new array, stamped. */
    @Override
    public byte[] get(int index) {
        long at = first + Objects.checkIndex(index, size);
        int template = (int) (at % pool.size());
        long round = at / pool.size(); // below 2^31: eight hex digits hold it
        byte[] body = pool.get(template).clone();
        for (int offset : stamps[template]) {
            for (int digit = 0; digit < 8; digit++) {
                body[offset + digit] = HEX[(int) (round >>> (28 - 4 * digit)) & 0xf];
            }
        }
        return body;
    }

    @Override
    public int size() {
        return size;
    }

    /** How many distinct bodies the pool holds; the sequence repeats them after that many. */
    int distinct() {
        return pool.size();
    }

    /** The bytes of all these bodies, without making them. */
    long bytes() {
        long bytes = 0;
        for (int i = 0; i < size; i++) {
            bytes += pool.get((int) ((first + i) % pool.size())).length;
        }
        return bytes;
    }

    private static int indexOf(byte[] body, byte[] what, int from) {
        for (int i = from; i <= body.length - what.length; i++) {
            if (Arrays.equals(body, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }
}
