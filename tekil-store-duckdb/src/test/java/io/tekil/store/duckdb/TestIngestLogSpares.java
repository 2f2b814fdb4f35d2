package io.tekil.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loaded segments kept as spares and written over: recovery must find where the new records end, replay each
 * acknowledged record once, and still stop at corruption.
 */
class TestIngestLogSpares {
    /** Small segments, so that a few records roll them over. */
    private static final long SEGMENT_BYTES = 1_000;

    @TempDir
    Path directory;

    /** Whether records all have the same length, so that a new record ends where an old one of the spare did. */
    private boolean equalLengths;

    /** A record's payload: its number, padded so that records differ in length unless {@link #equalLengths}. */
    private ByteBuffer payload(int number) {
        String text = equalLengths ? String.format("record %06d", number) : "record " + number + " " + "x".repeat(number % 97);
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    private List<String> files(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(suffix)).sorted().toList();
        }
    }

    /** Opens the log as after a crash (nothing loaded past {@code loaded}) and returns the payloads it replays. */
    private List<String> replayed(long loaded) {
        List<String> replayed = new ArrayList<>();
        IngestLog log = IngestLog.open(directory, loaded, entry -> replayed.add(entry.sequence() + ":" + text(entry.payload())), SEGMENT_BYTES);
        log.close();
        return replayed;
    }

    private List<String> expected(int from, int to) {
        List<String> expected = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            expected.add(i + ":" + text(payload(i).array()));
        }
        return expected;
    }

    /**
     * Appends records 1 to {@code count}, letting go of the segments loaded {@code lag} records behind, so that
     * segments become spares and later segments are written over them; returns the log, still open.
     */
    private IngestLog appendWithLoading(int count, int lag) {
        IngestLog log = IngestLog.open(directory, 0, entry -> {}, SEGMENT_BYTES);
        for (int i = 1; i <= count; i++) {
            log.append(payload(i), 1);
            if (i > lag) {
                log.deleteThrough(i - lag);
            }
        }
        return log;
    }

    @Test
    void loadedSegmentsAreKeptAsSparesAndWrittenOver() throws IOException {
        IngestLog log = appendWithLoading(400, 30);
        assertThat(files(".spare")).as("loaded segments kept for reuse").hasSizeBetween(1, IngestLog.SPARES);
        assertThat(files(".seg")).as("only the unloaded ones are segments").hasSizeBetween(2, 6);
        assertThat(log.reusedSpares()).as("most of the about 29 segments were spares written over").isGreaterThan(20);
        log.close();
        assertThat(replayed(370)).containsExactlyElementsOf(expected(371, 400));
    }

    /**
     * A crash while a reused spare is written: the segment still holds, after the new records, those of its earlier
     * use. Recovery replays the new ones once and cuts the rest off.
     */
    @Test
    void aCrashInAReusedSegmentReplaysItsNewRecordsOnly() throws IOException {
        crashInAReusedSegment();
    }

    /** Here a record of the spare's earlier use starts exactly where the new ones end: its checksum ends the segment. */
    @Test
    void aCrashInAReusedSegmentOfEqualRecordsReplaysItsNewRecordsOnly() throws IOException {
        equalLengths = true;
        crashInAReusedSegment();
    }

    private void crashInAReusedSegment() throws IOException {
        IngestLog log = appendWithLoading(400, 30);
        // no close: the current segment is not cut to its records, as after kill -9
        Path newest = directory.resolve(files(".seg").getLast());
        long records = 0;
        for (int i = Integer.parseInt(newest.getFileName().toString().substring(0, 20)); i <= 400; i++) {
            records += 16 + payload(i).remaining();
        }
        assertThat(Files.size(newest)).as("the spare's earlier records follow the new ones").isGreaterThan(records);
        List<String> replayed = replayed(370);
        assertThat(Files.size(newest)).as("cut to its records").isEqualTo(records);
        assertThat(replayed).containsExactlyElementsOf(expected(371, 400));
        assertThat(replayed(370)).as("and again after the recovery cut the tail").containsExactlyElementsOf(expected(371, 400));
        IngestLog reopened = IngestLog.open(directory, 370, entry -> {}, SEGMENT_BYTES);
        for (int i = 401; i <= 405; i++) {
            assertThat(reopened.append(payload(i), 1).sequence()).as("numbering goes on after the last new record").isEqualTo(i);
        }
        reopened.close();
        assertThat(replayed(370)).containsExactlyElementsOf(expected(371, 405));
        log.close(); // the crashed writer's file, which recovery already cut to its records
    }

    @Test
    void aCorruptRecordFollowedByALaterOneInTheNewestSegmentStopsStartUp() throws IOException {
        IngestLog log = IngestLog.open(directory, 0, entry -> {}, 1L << 20);
        for (int i = 1; i <= 5; i++) {
            log.append(payload(i), 1);
        }
        log.close();
        Path segment = directory.resolve(files(".seg").getFirst());
        byte[] bytes = Files.readAllBytes(segment);
        int third = 0; // where record 3's header starts
        for (int i = 1; i <= 2; i++) {
            third += 16 + payload(i).remaining();
        }
        bytes[third + 16] ^= 0x55; // a byte of record 3's payload
        Files.write(segment, bytes);
        assertThatThrownBy(() -> IngestLog.open(directory, 0, entry -> {}, 1L << 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fails its checksum")
                .hasMessageContaining("an intact record of a later sequence follows");
    }

    /** A record as the log writes it, with the checksum of {@code salt} (null: none), {@code sequence} and the payload, the sequence XOR the salt. */
    private static byte[] record(Long salt, long sequence, byte[] payload) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        if (salt != null) {
            crc.update(ByteBuffer.allocate(8).putLong(0, salt));
        }
        crc.update(ByteBuffer.allocate(8).putLong(0, sequence));
        crc.update(payload);
        long stored = salt == null ? sequence : sequence ^ salt;
        return ByteBuffer.allocate(16 + payload.length).putInt(payload.length).putInt((int) crc.getValue()).putLong(stored).put(payload).array();
    }

    private static long saltOf(String segment) {
        return Long.parseUnsignedLong(segment.substring(21, 37), 16);
    }

    private static void appendBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * A later record after the end that is not of the segment's salt (as a client could forge one inside a message,
     * which a spare's tail may hold) is not taken for corruption; one of its salt is.
     */
    @Test
    void onlyALaterRecordOfTheSegmentsSaltMeansCorruption() throws IOException {
        List<String> segments = appendAndClose(60);
        Path newest = directory.resolve(segments.getLast());
        byte[] intact = Files.readAllBytes(newest);
        appendBytes(newest, new byte[] {1, 2, 3}); // the end: a torn header
        appendBytes(newest, record(null, 65, payload(65).array()));
        appendBytes(newest, record(saltOf(segments.getLast()) + 1, 66, payload(66).array()));
        assertThat(replayed(0)).as("forged records are cut off with the torn tail").containsExactlyElementsOf(expected(1, 60));
        Files.write(newest, intact);
        appendBytes(newest, new byte[] {1, 2, 3});
        appendBytes(newest, record(saltOf(segments.getLast()), 65, payload(65).array()));
        assertThatThrownBy(() -> replayed(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("an intact record of a later sequence");
        Files.write(newest, intact);
        appendBytes(newest, record(saltOf(segments.getLast()), 62, payload(62).array())); // record 61 is missing
        assertThatThrownBy(() -> replayed(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("record 62 follows record 60");
    }

    /** A crash undid the cut of an older segment to its records: its stale tail ends it, and the next segment goes on. */
    @Test
    void anOlderSegmentWithAStaleTailIsReadToItsLastRecord() throws IOException {
        List<String> segments = appendAndClose(60);
        Path second = directory.resolve(segments.get(1));
        appendBytes(second, record(saltOf(segments.get(0)), 3, payload(3).array())); // a record of an earlier use
        appendBytes(second, new byte[] {9, 9, 9, 9, 9});
        assertThat(replayed(0)).containsExactlyElementsOf(expected(1, 60));
    }

    /** A crash right after a spare was renamed to the next segment, before a record was written into it. */
    @Test
    void aCrashRightAfterASpareBecameASegmentLosesNothing() throws IOException {
        IngestLog log = appendWithLoading(400, 30);
        log.close();
        List<String> spares = files(".spare");
        assertThat(spares).isNotEmpty();
        Files.move(directory.resolve(spares.getFirst()), directory.resolve(String.format("%020d-%016x.seg", 401, 42L)));
        assertThat(replayed(370)).containsExactlyElementsOf(expected(371, 400));
        IngestLog reopened = IngestLog.open(directory, 370, entry -> {}, SEGMENT_BYTES);
        assertThat(reopened.append(payload(401), 1).sequence()).isEqualTo(401);
        reopened.close();
        assertThat(replayed(370)).containsExactlyElementsOf(expected(371, 401));
    }

    /**
     * The loader lets go of segments (renaming them outside the log's lock) while the writer appends and rolls over
     * onto spares: every record stays readable where its append said it is, and no spare is lost or used twice.
     */
    @Test
    void segmentsLetGoWhileTheWriterAppendsStayConsistent() throws Exception {
        IngestLog log = IngestLog.open(directory, 0, entry -> {}, SEGMENT_BYTES);
        java.util.concurrent.BlockingQueue<IngestLog.Appended> appended = new java.util.concurrent.LinkedBlockingQueue<>();
        int count = 3_000;
        // the writer runs at most a few records ahead, as the loader's bound on pending bytes keeps it: without a
        // bound it could append everything before the reader let go of any segment, and no spare would be reused
        java.util.concurrent.Semaphore ahead = new java.util.concurrent.Semaphore(5);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 1; i <= count; i++) {
                ahead.acquireUninterruptibly();
                appended.add(log.append(payload(i), 1));
            }
        });
        java.nio.channels.FileChannel channel = null;
        Path open = null;
        for (int i = 1; i <= count; i++) {
            IngestLog.Appended record = appended.take();
            if (!record.segment().equals(open)) { // as the loader reads records back
                if (channel != null) {
                    channel.close();
                }
                channel = java.nio.channels.FileChannel.open(record.segment(), java.nio.file.StandardOpenOption.READ);
                open = record.segment();
            }
            assertThat(text(IngestLog.read(channel, record))).isEqualTo(text(payload(i).array()));
            log.deleteThrough(record.sequence());
            ahead.release();
        }
        channel.close();
        writer.join();
        assertThat(log.reusedSpares()).as("spares were written over as the reader let go of segments").isGreaterThan(10);
        assertThat(files(".spare")).hasSizeLessThanOrEqualTo(IngestLog.SPARES);
        log.close();
        assertThat(replayed(count)).as("the log opens again, with nothing to replay").isEmpty();
    }

    /** Only segments of at least half the full size become spares: a short one would grow again when written over. */
    @Test
    void aShortSegmentIsDeletedNotKept() throws IOException {
        List<String> segments = appendAndClose(30);
        assertThat(segments).hasSize(2);
        assertThat(Files.size(directory.resolve(segments.get(1)))).isLessThan(SEGMENT_BYTES / 2);
        IngestLog log = IngestLog.open(directory, 30, entry -> {}, SEGMENT_BYTES);
        log.deleteThrough(30);
        log.close();
        assertThat(files(".seg")).isEmpty();
        assertThat(files(".spare")).containsExactly(segments.get(0).substring(0, 20) + ".spare");
    }

    /** Appends records 1 to {@code count} to a new log, closes it, and returns its segment files' names in order. */
    private List<String> appendAndClose(int count) throws IOException {
        IngestLog log = IngestLog.open(directory, 0, entry -> {}, SEGMENT_BYTES);
        for (int i = 1; i <= count; i++) {
            log.append(payload(i), 1);
        }
        log.close();
        return files(".seg");
    }

    @Test
    void aCorruptRecordInAnOlderSegmentStopsStartUp() throws IOException {
        List<String> segments = appendAndClose(60);
        assertThat(segments).hasSizeGreaterThan(2);
        Path first = directory.resolve(segments.getFirst());
        byte[] bytes = Files.readAllBytes(first);
        bytes[20] ^= 0x55; // record 1's payload
        Files.write(first, bytes);
        assertThatThrownBy(() -> IngestLog.open(directory, 0, entry -> {}, SEGMENT_BYTES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fails its checksum")
                .hasMessageContaining("are lost");
        assertThat(replayed(Long.parseLong(segments.get(1).substring(0, 20)) - 1))
                .as("the same damage is harmless once DuckDB holds that segment's records").isNotEmpty();
    }

    /** A loaded segment whose deletion a crash undid comes back: DuckDB holds its records, so nothing is missing. */
    @Test
    void aLoadedSegmentThatComesBackIsHarmless() throws IOException {
        List<String> segments = appendAndClose(60);
        Path first = directory.resolve(segments.getFirst());
        byte[] saved = Files.readAllBytes(first);
        long secondStarts = Long.parseLong(segments.get(1).substring(0, 20));
        long thirdStarts = Long.parseLong(segments.get(2).substring(0, 20));
        IngestLog log = IngestLog.open(directory, thirdStarts - 1, entry -> {}, SEGMENT_BYTES);
        log.deleteThrough(thirdStarts - 1);
        log.close();
        assertThat(files(".seg")).doesNotContain(segments.get(0), segments.get(1));
        Files.write(first, saved); // back under its name, the second still gone
        assertThat(secondStarts).isGreaterThan(1);
        assertThat(replayed(thirdStarts - 1)).containsExactlyElementsOf(expected((int) thirdStarts, 60));
    }
}
