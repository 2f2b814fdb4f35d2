package io.tekil.importer;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.tekil.core.error.TekilException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a delimited file with a header row (FastCSV), checking the mapping's columns against the header. */
final class CsvRowReader implements RowReader {
    private final CsvReader<CsvRecord> reader;
    private final CloseableIterator<CsvRecord> records;
    private final Map<String, Integer> columns = new HashMap<>();
    private final int width;
    private final char delimiter;
    private final Charset encoding;
    private long lastLine = 1;

    CsvRowReader(InputStream in, Mapping mapping, String fileName) throws IOException {
        Mapping.FileOptions file = mapping.file();
        this.delimiter = file.delimiter();
        PushbackInputStream head = new PushbackInputStream(in, 3);
        boolean bom = skipBom(head);
        // A byte order mark says UTF-8 whatever was declared; bytes that are not text in the encoding stop the
        // import with a hint instead of turning into U+FFFD (a corrected re-import would then be a duplicate).
        Charset encoding = bom ? StandardCharsets.UTF_8 : file.encoding();
        Reader text = new InputStreamReader(head, encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        this.reader = CsvReader.builder()
                .fieldSeparator(file.delimiter())
                .quoteCharacter(file.quote())
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .ofCsvRecord(text);
        this.records = reader.iterator();
        this.encoding = encoding;
        if (!hasNext()) {
            throw TekilException.userError("%s is empty: a CSV import needs a header row naming the columns", fileName);
        }
        List<String> header = records.next().getFields();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).trim(), i);
        }
        this.width = header.size();
        List<String> missing = mapping.columns().stream().filter(column -> !columns.containsKey(column)).toList();
        if (!missing.isEmpty()) {
            throw TekilException.userError(
                    "%s: the mapping '%s' uses column%s %s, which the header does not have; the header has %s%s",
                    fileName, mapping.name(), missing.size() == 1 ? "" : "s", missing, header,
                    header.size() == 1 && header.getFirst().indexOf(delimiter == ',' ? ';' : ',') >= 0
                            ? String.format(" (one column: is the delimiter '%s' right?)", delimiter)
                            : "");
        }
    }

    /** Skips a UTF-8 byte order mark (it is not part of the first column's name); true when there was one. */
    private static boolean skipBom(PushbackInputStream in) throws IOException {
        byte[] head = in.readNBytes(3);
        boolean bom = head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
        if (!bom) {
            in.unread(head);
        }
        return bom;
    }

    /** FastCSV parses in {@code hasNext}; its failures become an error that names the line and the likely cause. */
    private boolean hasNext() {
        try {
            return records.hasNext();
        } catch (CsvParseException | java.io.UncheckedIOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof java.nio.charset.CharacterCodingException || cause.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw TekilException.userError("after line %d the file is not valid %s text; if it is a Turkish Windows export, import it with "
                        + "--encoding windows-1254 (or file.encoding in the mapping)", lastLine, encoding.name());
            }
            throw TekilException.userError("after line %d the CSV cannot be read on (%s); check the quoting of that row", lastLine,
                    cause.getMessage());
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            return null;
        }
        CsvRecord record = records.next();
        lastLine = record.getStartingLineNumber();
        String problem = record.getFieldCount() == width ? null : String.format(
                "the row has %d field%s but the header has %d; check the delimiter '%s' and quoting",
                record.getFieldCount(), record.getFieldCount() == 1 ? "" : "s", width, delimiter);
        return new CsvRow(record, problem);
    }

    /** Leaves the stream open: the caller owns it. */
    @Override
    public void close() {
        // FastCSV's reader would close the caller's stream
    }

    private final class CsvRow implements Row {
        private final CsvRecord record;
        private final String problem;

        CsvRow(CsvRecord record, String problem) {
            this.record = record;
            this.problem = problem;
        }

        @Override
        public long line() {
            return record.getStartingLineNumber();
        }

        @Override
        public String value(String column) {
            Integer index = columns.get(column);
            if (index == null || index >= record.getFieldCount()) {
                return null;
            }
            String value = record.getField(index).trim();
            return value.isEmpty() ? null : value;
        }

        @Override
        public String text() {
            return String.join(String.valueOf(delimiter), record.getFields());
        }

        @Override
        public String content() {
            StringBuilder content = new StringBuilder();
            for (String field : record.getFields()) {
                content.append(field.length()).append(':').append(field);
            }
            return content.toString();
        }

        @Override
        public String problem() {
            return problem;
        }
    }
}
