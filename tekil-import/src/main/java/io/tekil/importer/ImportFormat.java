package io.tekil.importer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file formats an import reads. */
public enum ImportFormat {
    /** One Segment-spec message per line, as an SDK would have sent it; no mapping needed. */
    SEGMENT_NDJSON,
    /** One JSON object per line, turned into messages by a mapping whose columns are dotted paths. */
    NDJSON,
    /** Delimited text with a header row, turned into messages by a mapping. */
    CSV;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static ImportFormat parse(String value) {
        for (ImportFormat format : values()) {
            if (format.id().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException(String.format("unknown format '%s'; use one of %s", value,
                Arrays.stream(values()).map(ImportFormat::id).collect(Collectors.joining(", "))));
    }

    /** The format a file name suggests: {@code .csv} and {@code .tsv} are CSV, anything else Segment NDJSON. */
    public static ImportFormat guess(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".txt") ? CSV : SEGMENT_NDJSON;
    }
}
