package io.tekil.importer;

import static java.util.Objects.requireNonNull;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.tekil.core.error.TekilException;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierType;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list of people by their identifiers, such as a CRM export uploaded as a static segment: a CSV file (UTF-8, an
 * optional byte order mark; comma, semicolon or tab between fields) whose header names identifier types
 * ({@code email}, {@code phone}, {@code crm_id}, ...). Each row is one person; other columns are left out and
 * reported. Values are as written: the identity service normalizes them as it does events.
 *
 * @param columns the identifier types read, in header order
 * @param ignoredColumns header names that are not identifier types
 * @param rows one entry per non-empty row, with the identifiers it has (empty cells left out)
 */
public record IdentifierList(List<IdentifierType> columns, List<String> ignoredColumns, List<Row> rows) {
    public IdentifierList {
        columns = List.copyOf(columns);
        ignoredColumns = List.copyOf(ignoredColumns);
        rows = List.copyOf(rows);
    }

    /** One person of the list: its line in the file and its identifiers in column order. */
    public record Row(long line, List<Identifier> identifiers) {
        public Row {
            identifiers = List.copyOf(identifiers);
        }
    }

    /**
     * A list given as one (type, value) per person, such as the API's {@code "identifiers"}; types are named as in a
     * header ({@code email}, {@code e-mail}, {@code crm_id}).
     *
     * @throws TekilException a user error naming the first entry without a known type or a value, by its index
     */
    public static IdentifierList of(List<Map.Entry<String, String>> entries, Set<IdentifierType> known) {
        List<IdentifierType> types = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            IdentifierType type = entries.get(i).getKey() == null ? null : typeOf(entries.get(i).getKey(), known);
            String value = entries.get(i).getValue() == null ? "" : entries.get(i).getValue().strip();
            if (type == null || value.isEmpty()) {
                throw TekilException.userError("identifiers[%d] needs a \"type\" (one of %s) and a non-empty \"value\"", i,
                        known.stream().map(IdentifierType::name).toList());
            }
            if (!types.contains(type)) {
                types.add(type);
            }
            rows.add(new Row(i, List.of(new Identifier(type, value))));
        }
        return new IdentifierList(types, List.of(), rows);
    }

    /**
     * Reads a list; {@code known} are the identifier types a header may name.
     *
     * @throws TekilException a user error naming the problem: not UTF-8, no header, no identifier column
     */
    public static IdentifierList read(byte[] csv, int length, Set<IdentifierType> known) {
        return read(csv, length, known, java.util.Map.of());
    }

    /**
     * Reads a list whose columns {@code columns} names take the identifier type given (a CRM export's
     * {@code customer_no} as {@code crm_id}); other columns are read by their header as above.
     *
     * @throws TekilException a user error naming the problem, also when {@code columns} names a column the header
     *     does not have or a type that is not known
     */
    public static IdentifierList read(byte[] csv, int length, Set<IdentifierType> known, java.util.Map<String, String> columns) {
        requireNonNull(known, "known is null");
        int start = length >= 3 && (csv[0] & 0xff) == 0xef && (csv[1] & 0xff) == 0xbb && (csv[2] & 0xff) == 0xbf ? 3 : 0;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(csv, start, length - start)).toString();
        } catch (CharacterCodingException e) {
            throw TekilException.userError("the identifier list is not UTF-8 text; save the CSV as UTF-8 and upload it again");
        }
        int headerEnd = text.indexOf('\n') < 0 ? text.length() : text.indexOf('\n');
        String headerLine = text.substring(0, headerEnd);
        char delimiter = headerLine.indexOf('\t') >= 0 ? '\t' : headerLine.indexOf(';') >= 0 && headerLine.indexOf(',') < 0 ? ';' : ',';
        try (CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(delimiter).skipEmptyLines(true).allowExtraFields(true)
                .allowMissingFields(true).ofCsvRecord(new StringReader(text))) {
            var records = reader.iterator();
            if (!records.hasNext()) {
                throw TekilException.userError("the identifier list is empty: it needs a header row naming identifier types, such as 'email,phone'");
            }
            List<String> header = records.next().getFields();
            List<String> names = header.stream().map(String::strip).toList();
            for (Map.Entry<String, String> column : columns.entrySet()) {
                if (!names.contains(column.getKey())) {
                    throw TekilException.userError("the identifier list has no column '%s' to read as %s; its header is %s", column.getKey(),
                            column.getValue(), names);
                }
                if (typeOf(column.getValue(), known) == null) {
                    throw TekilException.userError("column '%s' is to be read as '%s', which is not an identifier type; use one of %s", column.getKey(),
                            column.getValue(), known.stream().map(IdentifierType::name).toList());
                }
            }
            List<IdentifierType> types = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            List<String> ignored = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                String renamed = columns.get(names.get(i));
                IdentifierType type = typeOf(renamed != null ? renamed : header.get(i), known);
                if (type == null) {
                    ignored.add(names.get(i));
                } else if (!types.contains(type)) {
                    types.add(type);
                    indexes.add(i);
                }
            }
            if (types.isEmpty()) {
                throw TekilException.userError("the identifier list's header %s names no identifier type; name the columns by type, one of %s, "
                        + "or say which column is which (column.customer_no=crm_id)", header, known.stream().map(IdentifierType::name).toList());
            }
            List<Row> rows = new ArrayList<>();
            while (records.hasNext()) {
                CsvRecord record = records.next();
                List<Identifier> identifiers = new ArrayList<>();
                for (int c = 0; c < types.size(); c++) {
                    int index = indexes.get(c);
                    String value = index < record.getFieldCount() ? record.getField(index).strip() : "";
                    if (!value.isEmpty()) {
                        identifiers.add(new Identifier(types.get(c), value));
                    }
                }
                rows.add(new Row(record.getStartingLineNumber(), identifiers));
            }
            return new IdentifierList(types, ignored, rows);
        } catch (CsvParseException e) {
            throw TekilException.userError("the identifier list is not valid CSV: %s", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IdentifierType typeOf(String header, Set<IdentifierType> known) {
        String name = header.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (name.equals("e_mail") || name.equals("mail")) {
            name = "email";
        }
        try {
            IdentifierType type = IdentifierType.of(name);
            return known.contains(type) ? type : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
