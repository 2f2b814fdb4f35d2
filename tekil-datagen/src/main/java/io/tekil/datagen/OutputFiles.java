package io.tekil.datagen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The open output files: created (or truncated) with their headers, then appended to chunk by chunk. Each file
 * must be written by one thread at a time, in chunk order; different files may be written concurrently. Lists
 * each junk value in {@code truth/identifiers.csv} once, under the first person (lowest index) whose record
 * carried it.
 */
final class OutputFiles implements AutoCloseable {
    private static final OutputFile[] FILES = OutputFile.values();

    private final FileChannel[] channels = new FileChannel[FILES.length];
    /** Touched only by the writer of truth/identifiers.csv. */
    private final Set<String> junkListed = new HashSet<>();
    private final Utf8Builder junkRows = new Utf8Builder(256);

    private OutputFiles() {}

    static OutputFiles create(Path directory) throws IOException {
        Files.createDirectories(directory.resolve("truth"));
        OutputFiles files = new OutputFiles();
        try {
            for (OutputFile file : FILES) {
                FileChannel channel = FileChannel.open(directory.resolve(file.fileName()),
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                files.channels[file.ordinal()] = channel;
                new Utf8Builder(128).append(file.header()).writeTo(channel);
            }
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
        return files;
    }

    /** Appends the chunk's part of {@code file}. */
    void write(Chunk chunk, OutputFile file) throws IOException {
        FileChannel channel = channels[file.ordinal()];
        ByteBuffer buffer = chunk.sealed(file);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        if (file == OutputFile.TRUTH_IDENTIFIERS && !chunk.junk.isEmpty()) {
            junkRows.clear();
            for (Chunk.JunkOccurrence junk : chunk.junk) {
                if (junkListed.add(junk.type().label() + "," + junk.value())) {
                    junkRows.append(junk.type().labelComma()).appendCsvField(junk.value(), ',').append(',')
                            .append(junk.personId()).append(",junk\n");
                }
            }
            junkRows.writeTo(channel);
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (FileChannel channel : channels) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
