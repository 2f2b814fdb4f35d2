package io.tekil.bench;

import java.nio.ByteBuffer;
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
 * been running for a while does not pay (docs/benchmarks.md, "Fifteenth session"). {@link #get} copies a pool body and
 * stamps the copy; {@link #parts} instead gives the pool body's bytes, kept in direct memory, around the stamps, for a
 * gathering write that copies nothing in Java. The copies of about 90 KB per request (one to stamp, one into direct
 * memory for the socket) were 1.2% of the harness process's CPU samples, taken from the server it measures
 * (docs/benchmarks.md, "Eighteenth session").
 *
 * <p>A sequence is split into views with {@link #slice}, so the warm-up and the timed phase never share a messageId.
 */
final class StampedBodies extends AbstractList<byte[]> {
    private static final byte[] MESSAGE_ID = "\"messageId\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"");

    /** The pool's bodies, held once, in direct memory and read-only: {@link #parts} hands out views of them. */
    private final List<ByteBuffer> pool;
    private final int[][] stamps;
    private final long first;
    private final int size;

    private StampedBodies(List<ByteBuffer> pool, int[][] stamps, long first, int size) {
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
        List<ByteBuffer> direct = new ArrayList<>(pool.size());
        for (byte[] body : pool) {
            direct.add(ByteBuffer.allocateDirect(body.length).put(body).flip().asReadOnlyBuffer());
        }
        return new StampedBodies(List.copyOf(direct), stamps, 0, size);
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
        byte[] body = new byte[pool.get(template).limit()];
        pool.get(template).get(0, body);
        byte[] round = round(at);
        for (int offset : stamps[template]) {
            System.arraycopy(round, 0, body, offset, round.length);
        }
        return body;
    }

    /** How many bytes body {@code index} has. */
    int length(int index) {
        return pool.get((int) ((first + Objects.checkIndex(index, size)) % pool.size())).limit();
    }

    /**
     * Body {@code index} as the buffers that a gathering write sends in order: views of the pool body in direct memory,
     * and between them views of {@code stamp}, a direct buffer of at least eight bytes into which this writes the
     * round's digits. The caller keeps {@code stamp} to itself until the buffers are written.
     */
    ByteBuffer[] parts(int index, ByteBuffer stamp) {
        long at = first + Objects.checkIndex(index, size);
        int template = (int) (at % pool.size());
        stamp.put(0, round(at));
        ByteBuffer digits = stamp.slice(0, 8);
        ByteBuffer body = pool.get(template);
        int[] offsets = stamps[template];
        ByteBuffer[] parts = new ByteBuffer[2 * offsets.length + 1];
        int from = 0;
        for (int i = 0; i < offsets.length; i++) {
            parts[2 * i] = body.slice(from, offsets[i] - from);
            parts[2 * i + 1] = digits.duplicate();
            from = offsets[i] + 8;
        }
        parts[parts.length - 1] = body.slice(from, body.limit() - from);
        return parts;
    }

    /** The eight hex digits of the round of body {@code at} of the whole sequence (below 2^31: eight digits hold it). */
    private byte[] round(long at) {
        long round = at / pool.size();
        byte[] digits = new byte[8];
        for (int digit = 0; digit < 8; digit++) {
            digits[digit] = HEX[(int) (round >>> (28 - 4 * digit)) & 0xf];
        }
        return digits;
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
            bytes += length(i);
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
