package io.tekil.importer;

import static java.util.Objects.requireNonNull;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Where one value of a message comes from and how it is converted.
 *
 * @param columns the columns (CSV) or dotted paths (NDJSON) whose values are joined with a space; empty when
 *     {@code constant} is set
 * @param constant a fixed value instead of a column, or null
 * @param type the conversion
 * @param format the input pattern of a date or timestamp ({@code java.time} pattern letters), or {@code iso},
 *     {@code epoch-seconds}, {@code epoch-millis}; null means {@code iso}
 * @param zone the zone of a timestamp written without an offset
 * @param values a translation of raw values (such as {@code K: female}); values not listed pass unchanged
 * @param sum in a grouped mapping, add the value over the group's rows instead of taking the first row's
 * @param required a row without this value is rejected (instead of leaving the field out)
 * @param fallback for an identifier: used only when the row has none of the other identifiers (a walk-in store
 *     receipt keyed by its receipt number)
 */
public record FieldSpec(
        List<String> columns,
        String constant,
        FieldType type,
        String format,
        ZoneId zone,
        Map<String, String> values,
        boolean sum,
        boolean required,
        boolean fallback) {

    public FieldSpec {
        columns = List.copyOf(columns);
        requireNonNull(type, "type is null");
        requireNonNull(zone, "zone is null");
        values = Map.copyOf(values);
        if (columns.isEmpty() == (constant == null)) {
            throw new IllegalArgumentException("a field takes either columns or a constant value");
        }
    }

    public static FieldSpec column(String column) {
        return new FieldSpec(List.of(column), null, FieldType.STRING, null, Mapping.DEFAULT_ZONE, Map.of(), false, false, false);
    }

    /** How the field is named in messages: its columns, or its constant. */
    String describe() {
        return constant != null ? "constant '" + constant + "'" : "column '" + String.join("' + '", columns) + "'";
    }
}
