package io.tekil.importer;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes rejected records to a CSV file with the columns {@code line,reason,record}, created at the first reject
 * (a clean import leaves no file). Used from one thread.
 */
public final class RejectFile implements Consumer<Reject>, AutoCloseable {
    private final Path path;
    private CsvWriter writer;
    private long count;

    public RejectFile(Path path) {
        this.path = path;
    }

    @Override
    public void accept(Reject reject) {
        try {
            if (writer == null) {
                writer = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(path);
                writer.writeRecord("line", "reason", "record");
            }
            writer.writeRecord(Long.toString(reject.line()), reject.reason(), reject.text());
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reject file " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    /** Rejects written so far. */
    public long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
