package io.tekil.store.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest log: where an accepted group of events becomes durable before DuckDB has it.
 *
 * <p>Why: a DuckDB commit may run a checkpoint (re-compressing and writing table data) that blocks every
 * commit for hundreds of milliseconds. Acknowledging tracking requests only after such commits would make ack
 * latency as bad as the worst checkpoint. So an append writes the group to this log and {@code fdatasync}s
 * it, which is cheap and steady; {@link LogLoader} moves it into DuckDB in large transactions in the
 * background, recording in the same transaction the highest loaded sequence number.
 *
 * <p>Format: segment files {@code <first sequence, 20 digits>-<salt, 16 hex digits>.seg} of records
 * {@code [int payload length][int CRC32C of salt, sequence and payload][long sequence XOR salt][payload]}, sequences
 * consecutive from 1; the salt is random for each segment. (Segments named {@code <first>.seg}, written before
 * salts, have checksums of sequence and payload, and the sequence as it is.) A segment rolls over past {@value #SEGMENT_BYTES} bytes. Once
 * DuckDB holds all of its records it is kept as a spare ({@code <old first>.spare}, up to {@value #SPARES} of
 * them) or deleted; a new segment is a spare renamed and written over from its start. Writing over a file's
 * blocks takes about half the CPU and half the {@code fdatasync} time of extending a new file, which must also
 * journal its growth (docs/benchmarks.md, "Twelfth session"). So a segment may hold, after its last record,
 * records of its earlier use: their checksums are of another salt, so none of them, and none that a client
 * forged inside a message, passes for a record of the segment.
 *
 * <p>Recovery: {@link #open} checks every record. A segment's records end at the first record that is short,
 * fails its checksum or does not carry the next sequence. In the newest segment, what follows is a write torn
 * by a crash, which was never acknowledged, or records of the spare's earlier use: it is cut off, unless an
 * intact record of a later sequence follows, which means corruption. An older segment must be followed by one
 * that starts where its records end, unless DuckDB holds everything in between. Any other gap is corruption and
 * stops start-up with a message, rather than silently losing acknowledged events.
 *
 * <p>Thread-safety: appends and the bookkeeping of deletions are synchronized (a loaded segment is renamed or deleted
 * outside the lock); one writer is expected.
 */
final class IngestLog implements AutoCloseable {
    static final String DIRECTORY = "ingest-log";
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    /** Loaded segments kept to be written over: as much disk as two segments take, for cheaper appends. */
    static final int SPARES = 2;
    private static final int HEADER_BYTES = 16;
    private static final int MAX_RECORD_BYTES = 1 << 30;
    private static final Logger LOG = LoggerFactory.getLogger(IngestLog.class);

    private final Path directory;
    /** First sequence of each segment file that is not being written, to its path. */
    private final TreeMap<Long, Path> closedSegments = new TreeMap<>();
    /** Loaded segments to be written over by the next ones. */
    private final ArrayDeque<Path> spares = new ArrayDeque<>();
    private long reusedSpares;
    /** Segments being renamed to spares outside the lock. */
    private int becomingSpares;
    private static final java.security.SecureRandom SALTS = new java.security.SecureRandom();
    private static final java.util.regex.Pattern SEGMENT_NAME = java.util.regex.Pattern.compile("(\\d{20})(?:-([0-9a-f]{16}))?\\.seg");
    /** How many bytes the search for a later record may checksum, so that crafted data cannot make recovery crawl. */
    private static final long LATER_RECORD_BUDGET = 1L << 30;

    private FileChannel current;
    private Path currentPath;
    private Long currentSalt; // boxed once a segment for the checksums, which take a segment's salt or none
    private long currentFirst;
    private long currentBytes;
    private long lastSequence;
    private boolean failed;
    /** Each record's header, direct like the payloads the store encodes, so the channel writes both without copying. */
    private final ByteBuffer header = ByteBuffer.allocateDirect(HEADER_BYTES);

    record Entry(long sequence, byte[] payload) {}

    /** Where an appended record's payload lies, so the loader can read it back (from the page cache), and its number of events. */
    record Appended(long sequence, Path segment, long position, int length, int events) {}

    private final long segmentBytes;

    private IngestLog(Path directory, long lastSequence, long segmentBytes) {
        this.directory = directory;
        this.lastSequence = lastSequence;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens the log in {@code directory}, passing every intact record after {@code loadedSequence} to
     * {@code replay} in order.
     *
     * @throws IllegalStateException when records are corrupt or missing anywhere but at the torn end
     */
    static IngestLog open(Path directory, long loadedSequence, Consumer<Entry> replay) {
        return open(directory, loadedSequence, replay, SEGMENT_BYTES);
    }

    /** {@link #open(Path, long, Consumer)} with segments that roll over past {@code segmentBytes} (tests use small ones). */
    static IngestLog open(Path directory, long loadedSequence, Consumer<Entry> replay, long segmentBytes) {
        try {
            Files.createDirectories(directory);
            List<Path> segments;
            List<Path> spares;
            try (Stream<Path> files = Files.list(directory)) {
                List<Path> all = files.sorted().toList();
                segments = all.stream().filter(f -> SEGMENT_NAME.matcher(f.getFileName().toString()).matches()).toList();
                spares = all.stream().filter(f -> f.getFileName().toString().matches("\\d{20}\\.spare")).toList();
            }
            IngestLog log = new IngestLog(directory, loadedSequence, segmentBytes);
            for (Path spare : spares) {
                if (log.spares.size() < SPARES) {
                    log.spares.add(spare);
                } else {
                    Files.deleteIfExists(spare);
                }
            }
            long expected = -1;
            Scan previous = null;
            for (int i = 0; i < segments.size(); i++) {
                Path segment = segments.get(i);
                long first = Long.parseLong(segment.getFileName().toString().substring(0, 20));
                // a gap is fine where DuckDB holds every record of it (a deleted segment that came back after a crash)
                if (first != expected && first - 1 > loadedSequence) {
                    if (previous != null && previous.problem() != null) {
                        throw new IllegalStateException(String.format("ingest log segment %s is corrupt at byte %d: %s; records %d to %d are lost",
                                segments.get(i - 1), previous.end(), previous.problem(), previous.next(), first - 1));
                    }
                    long missingFrom = expected == -1 ? loadedSequence + 1 : expected;
                    throw new IllegalStateException(String.format("ingest log segment %s should start at record %d; records %d to %d are missing",
                            segment, missingFrom, missingFrom, first - 1));
                }
                previous = scan(segment, first, saltOf(segment), i == segments.size() - 1, loadedSequence, replay);
                expected = previous.next();
                log.closedSegments.put(first, segment);
                log.lastSequence = Math.max(log.lastSequence, expected - 1);
            }
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ingest log in " + directory, e);
        }
    }

    /**
     * What {@link #scan} found in a segment.
     *
     * @param next the sequence after its last intact record
     * @param end the byte its records end at
     * @param problem why they end there, when the file goes on; null when they end with the file
     */
    private record Scan(long next, long end, String problem) {}

    /** The salt a segment's name carries, or null for a segment written before salts. */
    private static Long saltOf(Path segment) {
        java.util.regex.Matcher name = SEGMENT_NAME.matcher(segment.getFileName().toString());
        if (!name.matches()) {
            throw new IllegalArgumentException("not an ingest log segment: " + segment);
        }
        return name.group(2) == null ? null : Long.parseUnsignedLong(name.group(2), 16);
    }

    /** Checks one segment and replays its records after {@code loadedSequence}. */
    private static Scan scan(Path segment, long first, Long salt, boolean newest, long loadedSequence, Consumer<Entry> replay) throws IOException {
        long expected = first;
        long mask = salt == null ? 0 : salt; // headers hold the sequence XOR the salt
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (position < size) {
                String problem;
                header.clear();
                if (size - position < HEADER_BYTES) {
                    problem = "a record header is cut short";
                } else {
                    channel.read(header, position);
                    header.flip();
                    int length = header.getInt();
                    int crc = header.getInt();
                    long sequence = header.getLong() ^ mask;
                    byte[] payload = payload(channel, position, size, length);
                    if (payload == null) {
                        problem = "a record is cut short";
                    } else if (crc(salt, sequence, ByteBuffer.wrap(payload)) != crc) {
                        problem = "a record fails its checksum";
                    } else if (sequence != expected) {
                        problem = String.format("record %d follows record %d", sequence, expected - 1);
                    } else {
                        if (sequence > loadedSequence) {
                            replay.accept(new Entry(sequence, payload));
                        }
                        expected++;
                        position += HEADER_BYTES + length;
                        continue;
                    }
                }
                if (!newest) {
                    return new Scan(expected, position, problem);
                }
                long later = laterRecord(channel, salt, mask, position, size, expected);
                if (later >= 0) {
                    throw new IllegalStateException(String.format("ingest log segment %s is corrupt at byte %d: %s, but an intact record "
                            + "of a later sequence follows at byte %d", segment, position, problem, later));
                }
                LOG.warn("ingest log {}: its records end at byte {} ({}); cutting off what follows: a write torn by a crash, "
                        + "never acknowledged, or records of the segment's earlier use", segment, position, problem);
                channel.truncate(position);
                channel.force(true);
                break;
            }
        }
        return new Scan(expected, -1, null);
    }

    /** The payload of a record whose header at {@code position} says {@code length}, or null when the file is too short for it. */
    private static byte[] payload(FileChannel channel, long position, long size, int length) throws IOException {
        if (length < 0 || length > MAX_RECORD_BYTES || size - position - HEADER_BYTES < length) {
            return null;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        while (payload.hasRemaining()) {
            if (channel.read(payload, position + HEADER_BYTES + payload.position()) < 0) {
                return null;
            }
        }
        return payload.array();
    }

    /**
     * Where an intact record of sequence {@code expected} or later starts at or after {@code from}, or -1. After the
     * end of a newest segment's records there may be a torn write and records of the spare's earlier use, which
     * fail their checksums (another salt), never a record of a later sequence, unless the end is corruption. Tries
     * every byte; since headers hold the sequence XOR the salt, other bytes read as a random sequence, so only a
     * rare candidate is checksummed (at most {@link #LATER_RECORD_BUDGET} bytes, in case); recovery only.
     */
    private static long laterRecord(FileChannel channel, Long salt, long mask, long from, long size, long expected) throws IOException {
        if (size - from < HEADER_BYTES || size - from > Integer.MAX_VALUE) {
            return -1;
        }
        ByteBuffer tail = channel.map(FileChannel.MapMode.READ_ONLY, from, size - from);
        long budget = LATER_RECORD_BUDGET;
        long records = tail.limit() / HEADER_BYTES; // a later record of the segment is at most this many sequences later
        for (int at = 0; at + HEADER_BYTES <= tail.limit(); at++) {
            long sequence = tail.getLong(at + 8) ^ mask; // bytes of anything but this segment's records: a random number
            int length = tail.getInt(at);
            if (sequence >= expected && sequence - expected < records && length >= 0 && length <= tail.limit() - at - HEADER_BYTES) {
                budget -= length;
                if (budget < 0) {
                    LOG.warn("ingest log: stopped looking for records after byte {} of a segment's end ({} MB checksummed)", from + at,
                            LATER_RECORD_BUDGET >> 20);
                    return -1;
                }
                if (crc(salt, sequence, tail.slice(at + HEADER_BYTES, length)) == tail.getInt(at + 4)) {
                    return from + at;
                }
            }
        }
        return -1;
    }

    /**
     * Appends the bytes remaining in {@code payload} as a record and forces it to disk.
     *
     * @param events how many events the record holds, for the loader
     */
    synchronized Appended append(ByteBuffer payload, int events) {
        if (failed) {
            throw new UncheckedIOException(new IOException(
                    "the ingest log could not repair a failed write earlier; restart Tekil (recovery cuts the torn record off)"));
        }
        long sequence = lastSequence + 1;
        try {
            if (current == null || currentBytes >= segmentBytes) {
                roll(sequence);
            }
            int length = payload.remaining();
            header.clear().putInt(length).putInt(crc(currentSalt, sequence, payload.duplicate())).putLong(sequence ^ currentSalt).flip();
            ByteBuffer body = payload.duplicate();
            ByteBuffer[] buffers = {header, body};
            while (body.hasRemaining()) {
                current.write(buffers);
            }
            current.force(false);
            long position = currentBytes + HEADER_BYTES;
            currentBytes += HEADER_BYTES + length;
            lastSequence = sequence;
            return new Appended(sequence, currentPath, position, length, events);
        } catch (IOException e) {
            discardPartialRecord();
            throw new UncheckedIOException("cannot write the ingest log in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * After a failed append the segment may end in part of a record. Only the newest segment may have a torn
     * end at recovery, so cut it back to its last whole record; if even that fails, refuse further appends
     * rather than write after the damage.
     */
    private void discardPartialRecord() {
        if (current == null) {
            return;
        }
        try {
            current.truncate(currentBytes);
            current.force(true);
            closeCurrent();
        } catch (IOException e) {
            LOG.error("cannot cut the failed record off ingest log segment {}; refusing further appends until restart",
                    currentFirst, e);
            failed = true;
        }
    }

    /** Starts segment {@code first}, with a new salt: a spare written over from its start, or a new file. */
    private void roll(long first) throws IOException {
        closeCurrent();
        Path empty = closedSegments.remove(first);
        if (empty != null) {
            Files.deleteIfExists(empty); // only an empty file (a torn tail cut to nothing) can carry the next sequence
        }
        Long salt = SALTS.nextLong();
        Path path = directory.resolve(String.format("%020d-%016x.seg", first, salt));
        Path spare = spares.poll();
        if (spare != null) {
            Files.move(spare, path, StandardCopyOption.ATOMIC_MOVE);
            current = FileChannel.open(path, StandardOpenOption.WRITE);
            reusedSpares++;
        } else {
            current = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        currentPath = path;
        currentSalt = salt;
        currentFirst = first;
        currentBytes = 0;
        forceDirectory(); // the segment's name must be durable before a record in it is acknowledged
    }

    private void forceDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Closes the current segment, cut to its records when it was a spare that held more. */
    private void closeCurrent() {
        if (current != null) {
            try (FileChannel closing = current) {
                if (closing.size() > currentBytes) {
                    closing.truncate(currentBytes);
                }
            } catch (IOException ignored) {
                // everything acknowledged was forced already; recovery tells where the records end
            }
            closedSegments.put(currentFirst, currentPath);
            current = null;
        }
    }

    /**
     * Lets go of the segments that hold only records up to {@code loadedSequence}, which DuckDB now has: each of at
     * least half a segment's size is kept as a spare while there are fewer than {@value #SPARES}, else deleted.
     */
    void deleteThrough(long loadedSequence) {
        List<Long> loaded = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        int room;
        synchronized (this) {
            List<Long> firsts = new ArrayList<>(closedSegments.keySet());
            for (int i = 0; i < firsts.size(); i++) {
                long lastInSegment = i + 1 < firsts.size() ? firsts.get(i + 1) - 1 : (current != null ? currentFirst - 1 : lastSequence);
                if (lastInSegment <= loadedSequence) {
                    paths.add(closedSegments.remove(firsts.get(i)));
                    loaded.add(firsts.get(i));
                }
            }
            room = Math.min(loaded.size(), SPARES - spares.size() - becomingSpares);
            becomingSpares += room;
        }
        // Outside the lock, so that appends do not wait for the file system (tens of milliseconds while DuckDB writes).
        // Neither the renames nor the deletions are forced to disk: a crash may bring such a segment back under its
        // name, which recovery passes over since DuckDB holds its records. A spare's new name is forced when it is reused.
        for (int i = 0; i < loaded.size(); i++) {
            Path path = paths.get(i);
            Path spare = null;
            try {
                // a short segment (the last before a shutdown, or one recovery cut) would only grow again when reused
                if (i < room && Files.size(path) >= segmentBytes / 2) {
                    spare = directory.resolve(String.format("%020d.spare", loaded.get(i)));
                    Files.move(path, spare, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                LOG.warn("cannot let go of loaded ingest log segment {}: {}", path, e.toString());
                spare = null;
            }
            if (i < room) {
                synchronized (this) {
                    becomingSpares--;
                    if (spare != null) {
                        spares.add(spare);
                    }
                }
            }
        }
    }

    /** How many segments were spares written over, since the log was opened. */
    synchronized long reusedSpares() {
        return reusedSpares;
    }

    synchronized long lastSequence() {
        return lastSequence;
    }

    /** Closes the current segment; with {@code loadedSequence} covering everything, lets go of all segments (see {@link #deleteThrough}). */
    synchronized void close(long loadedSequence) {
        closeCurrent();
        deleteThrough(loadedSequence);
    }

    @Override
    public synchronized void close() {
        closeCurrent();
    }

    /** Reads back the payload of an appended record. */
    static byte[] read(FileChannel channel, Appended record) throws IOException {
        ByteBuffer payload = ByteBuffer.allocate(record.length());
        while (payload.hasRemaining()) {
            if (channel.read(payload, record.position() + payload.position()) < 0) {
                throw new IOException(String.format("ingest log %s ends before record %d", record.segment(), record.sequence()));
            }
        }
        return payload.array();
    }

    /** The checksum of a record: of the segment's salt (none for a segment written before salts), the sequence and the payload. */
    private static int crc(Long salt, long sequence, ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        if (salt != null) {
            crc.update(ByteBuffer.allocate(8).putLong(0, salt));
        }
        crc.update(ByteBuffer.allocate(8).putLong(0, sequence));
        crc.update(payload);
        return (int) crc.getValue();
    }
}
