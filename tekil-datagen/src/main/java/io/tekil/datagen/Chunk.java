package io.tekil.datagen;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The output of a run of consecutive people, one buffer per {@link OutputFile}, filled by one worker thread,
 * {@link #seal sealed} into direct buffers by it, and then written in chunk order by the file writers; reused
 * after {@link #reset}. Counts records per file.
 *
 * <p>Why direct buffers: a channel write from a heap array first copies it into a temporary direct buffer, on
 * the writing thread. Writing is the bottleneck, so the worker, which has time to spare, makes that copy.
 */
final class Chunk {
    private static final OutputFile[] FILES = OutputFile.values();

    final Utf8Builder[] out = new Utf8Builder[FILES.length];
    private final ByteBuffer[] sealed = new ByteBuffer[FILES.length];
    final long[] records = new long[FILES.length];
    long posReceipts;
    /** Junk values carried by people of this chunk, in person order: listed once, under their first carrier. */
    final List<JunkOccurrence> junk = new ArrayList<>();

    Chunk() {
        for (int i = 0; i < FILES.length; i++) {
            out[i] = new Utf8Builder(FILES[i] == OutputFile.TRUTH_NOISE ? 1 << 10 : 1 << 16);
        }
    }

    Utf8Builder out(OutputFile file) {
        return out[file.ordinal()];
    }

    /** Copies every buffer into its direct buffer, ready for {@link #sealed}; call once filling is done. */
    void seal() {
        for (int i = 0; i < FILES.length; i++) {
            int length = out[i].length();
            if (sealed[i] == null || sealed[i].capacity() < length) {
                sealed[i] = ByteBuffer.allocateDirect(Math.max(1 << 12, length + (length >> 2)));
            }
            sealed[i].clear();
            sealed[i].put(out[i].array(), 0, length);
            sealed[i].flip();
        }
    }

    /** What {@link #seal} prepared for {@code file}: a buffer to write from its position to its limit. */
    ByteBuffer sealed(OutputFile file) {
        return sealed[file.ordinal()];
    }

    void count(OutputFile file) {
        records[file.ordinal()]++;
    }

    void reset() {
        for (Utf8Builder builder : out) {
            builder.clear();
        }
        java.util.Arrays.fill(records, 0);
        posReceipts = 0;
        junk.clear();
    }

    /** A junk value as written in a data file, and the person whose record carried it. */
    record JunkOccurrence(IdentifierType type, String value, String personId) {}
}
