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

    CsvRowReader(InputStream in, Mapping mapping, String fileName) throws IOException {
        Mapping.FileOptions file = mapping.file();
        this.delimiter = file.delimiter();
        Reader text = new InputStreamReader(skipBom(in), file.encoding());
        this.reader = CsvReader.builder()
                .fieldSeparator(file.delimiter())
                .quoteCharacter(file.quote())
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .ofCsvRecord(text);
        this.records = reader.iterator();
        if (!records.hasNext()) {
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

    /** A UTF-8 byte order mark is not part of the first column's name, whatever the declared encoding. */
    private static InputStream skipBom(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        byte[] head = pushback.readNBytes(3);
        boolean bom = head.length == 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF;
        if (!bom) {
            pushback.unread(head);
        }
        return pushback;
    }

    @Override
    public Row next() {
        if (!records.hasNext()) {
            return null;
        }
        try {
            CsvRecord record = records.next();
            String problem = record.getFieldCount() == width ? null : String.format(
                    "the row has %d field%s but the header has %d; check the delimiter '%s' and quoting",
                    record.getFieldCount(), record.getFieldCount() == 1 ? "" : "s", width, delimiter);
            return new CsvRow(record, problem);
        } catch (CsvParseException e) {
            throw TekilException.userError("the CSV file cannot be read past this point: %s",
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
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
        public String problem() {
            return problem;
        }
    }
}
