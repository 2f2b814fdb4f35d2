package io.tekil.store.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * <p>Format: segment files {@code <first sequence, 20 digits>.seg} of records
 * {@code [int payload length][int CRC32C of sequence and payload][long sequence][payload]}, sequences
 * consecutive from 1. A segment rolls over past {@value #SEGMENT_BYTES} bytes and is deleted once DuckDB holds
 * all of its records.
 *
 * <p>Recovery: {@link #open} checks every record. A short or corrupt record at the end of the newest segment is
 * a write torn by a crash, which was never acknowledged: it is cut off. Anything wrong elsewhere is corruption
 * and stops start-up with a message, rather than silently losing acknowledged events.
 *
 * <p>Thread-safety: appends and deletions are synchronized; one writer is expected.
 */
final class IngestLog implements AutoCloseable {
    static final String DIRECTORY = "ingest-log";
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final int HEADER_BYTES = 16;
    private static final int MAX_RECORD_BYTES = 1 << 30;
    private static final Logger LOG = LoggerFactory.getLogger(IngestLog.class);

    private final Path directory;
    /** First sequence of each segment file that is not being written, to its path. */
    private final TreeMap<Long, Path> closedSegments = new TreeMap<>();
    private FileChannel current;
    private long currentFirst;
    private long currentBytes;
    private long lastSequence;
    private boolean failed;
    /** Each record's header, direct like the payloads the store encodes, so the channel writes both without copying. */
    private final ByteBuffer header = ByteBuffer.allocateDirect(HEADER_BYTES);

    record Entry(long sequence, byte[] payload) {}

    /** Where an appended record's payload lies, so the loader can read it back (from the page cache), and its number of events. */
    record Appended(long sequence, Path segment, long position, int length, int events) {}

    private IngestLog(Path directory, long lastSequence) {
        this.directory = directory;
        this.lastSequence = lastSequence;
    }

    /**
     * Opens the log in {@code directory}, passing every intact record after {@code loadedSequence} to
     * {@code replay} in order.
     *
     * @throws IllegalStateException when records are corrupt or missing anywhere but at the torn end
     */
    static IngestLog open(Path directory, long loadedSequence, Consumer<Entry> replay) {
        try {
            Files.createDirectories(directory);
            List<Path> segments;
            try (Stream<Path> files = Files.list(directory)) {
                segments = files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.seg")).sorted().toList();
            }
            long expected = -1;
            IngestLog log = new IngestLog(directory, loadedSequence);
            for (int i = 0; i < segments.size(); i++) {
                Path segment = segments.get(i);
                long first = Long.parseLong(segment.getFileName().toString().substring(0, 20));
                if (expected != -1 && first != expected) {
                    throw new IllegalStateException(String.format("ingest log segment %s should start at record %d; records are missing", segment, expected));
                }
                if (expected == -1 && first > loadedSequence + 1) {
                    throw new IllegalStateException(String.format("ingest log starts at record %d but DuckDB holds records only up to %d; "
                            + "records %d to %d are missing", first, loadedSequence, loadedSequence + 1, first - 1));
                }
                expected = scan(segment, first, i == segments.size() - 1, loadedSequence, replay);
                log.closedSegments.put(first, segment);
                log.lastSequence = Math.max(log.lastSequence, expected - 1);
            }
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ingest log in " + directory, e);
        }
    }

    /** Checks one segment and replays its records after {@code loadedSequence}; returns the next expected sequence. */
    private static long scan(Path segment, long first, boolean newest, long loadedSequence, Consumer<Entry> replay) throws IOException {
        long expected = first;
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long position = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (position < size) {
                String problem = null;
                header.clear();
                if (size - position < HEADER_BYTES) {
                    problem = "a record header is cut short";
                } else {
                    channel.read(header, position);
                    header.flip();
                    int length = header.getInt();
                    int crc = header.getInt();
                    long sequence = header.getLong();
                    if (length < 0 || length > MAX_RECORD_BYTES || size - position - HEADER_BYTES < length) {
                        problem = "a record is cut short";
                    } else {
                        ByteBuffer payload = ByteBuffer.allocate(length);
                        channel.read(payload, position + HEADER_BYTES);
                        if (crc(sequence, ByteBuffer.wrap(payload.array())) != crc) {
                            problem = "a record fails its checksum";
                        } else if (sequence != expected) {
                            problem = String.format("record %d follows record %d", sequence, expected - 1);
                        } else {
                            if (sequence > loadedSequence) {
                                replay.accept(new Entry(sequence, payload.array()));
                            }
                            expected++;
                            position += HEADER_BYTES + length;
                            continue;
                        }
                    }
                }
                if (!newest) {
                    throw new IllegalStateException(String.format("ingest log segment %s is corrupt at byte %d: %s", segment, position, problem));
                }
                LOG.warn("ingest log {}: {} at byte {}; cutting off the unacknowledged tail of a crashed write", segment, problem, position);
                channel.truncate(position);
                channel.force(true);
                break;
            }
        }
        return expected;
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
            if (current == null || currentBytes >= SEGMENT_BYTES) {
                roll(sequence);
            }
            int length = payload.remaining();
            header.clear().putInt(length).putInt(crc(sequence, payload.duplicate())).putLong(sequence).flip();
            ByteBuffer body = payload.duplicate();
            ByteBuffer[] buffers = {header, body};
            while (body.hasRemaining()) {
                current.write(buffers);
            }
            current.force(false);
            long position = currentBytes + HEADER_BYTES;
            currentBytes += HEADER_BYTES + length;
            lastSequence = sequence;
            return new Appended(sequence, segmentPath(currentFirst), position, length, events);
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

    private void roll(long first) throws IOException {
        closeCurrent();
        Path path = segmentPath(first);
        closedSegments.remove(first);
        Files.deleteIfExists(path); // only an empty file (a torn tail cut to nothing) can carry the next sequence's name
        current = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        currentFirst = first;
        currentBytes = 0;
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // everything acknowledged was forced already
            }
            closedSegments.put(currentFirst, segmentPath(currentFirst));
            current = null;
        }
    }

    /** Deletes the segments that hold only records up to {@code loadedSequence}, which DuckDB now has. */
    synchronized void deleteThrough(long loadedSequence) {
        List<Long> firsts = new ArrayList<>(closedSegments.keySet());
        for (int i = 0; i < firsts.size(); i++) {
            long lastInSegment = i + 1 < firsts.size() ? firsts.get(i + 1) - 1 : (current != null ? currentFirst - 1 : lastSequence);
            if (lastInSegment <= loadedSequence) {
                Path path = closedSegments.remove(firsts.get(i));
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("cannot delete loaded ingest log segment {}: {}", path, e.toString());
                }
            }
        }
    }

    synchronized long lastSequence() {
        return lastSequence;
    }

    /** Closes the current segment; with {@code loadedSequence} covering everything, deletes all segments. */
    synchronized void close(long loadedSequence) {
        closeCurrent();
        deleteThrough(loadedSequence);
    }

    @Override
    public synchronized void close() {
        closeCurrent();
    }

    private Path segmentPath(long first) {
        return directory.resolve(String.format("%020d.seg", first));
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

    private static int crc(long sequence, ByteBuffer payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, sequence));
        crc.update(payload);
        return (int) crc.getValue();
    }
}
