package io.tekil.importer;

import static java.util.Objects.requireNonNull;

import io.tekil.core.event.MessageType;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the rows of a file become Segment-spec messages: which columns are identifiers, traits, properties, the
 * event name and time, and how rows group into one message. Read from YAML by {@link MappingReader}; the syntax is
 * in {@code docs/import.md}.
 *
 * @param name the mapping's name, part of every derived messageId
 * @param format the file format
 * @param channel the channel of a source the import creates, or null to require an existing source
 * @param file how the file is encoded and delimited
 * @param message the message each row (or group of rows) becomes; null for Segment NDJSON
 * @param group how consecutive rows merge into one message, or null for one message per row
 */
public record Mapping(String name, String description, ImportFormat format, String channel, FileOptions file,
        MessageSpec message, GroupSpec group) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Istanbul");

    public Mapping {
        requireNonNull(name, "name is null");
        requireNonNull(format, "format is null");
        requireNonNull(file, "file is null");
        if (format != ImportFormat.SEGMENT_NDJSON) {
            requireNonNull(message, "message is null");
        }
    }

    /** The mapping of a Segment NDJSON file: each line already is a message. */
    public static Mapping segmentNdjson(String channel) {
        return new Mapping("segment-ndjson", "Segment-spec messages, one per line", ImportFormat.SEGMENT_NDJSON, channel,
                FileOptions.DEFAULT, null, null);
    }

    public Mapping withFile(FileOptions file) {
        return new Mapping(name, description, format, channel, file, message, group);
    }

    public Mapping withChannel(String channel) {
        return new Mapping(name, description, format, channel, file, message, group);
    }

    /**
     * @param encoding the file's character set; a UTF-8 byte order mark is skipped whatever this says
     * @param delimiter the CSV field separator
     * @param quote the CSV quote character
     * @param decimalSeparator {@code .} or {@code ,}; the other one is taken as a thousands separator
     */
    public record FileOptions(Charset encoding, char delimiter, char quote, char decimalSeparator) {
        public static final FileOptions DEFAULT = new FileOptions(java.nio.charset.StandardCharsets.UTF_8, ',', '"', '.');

        /**
         * A delimiter or decimal separator as written in a mapping or on the command line: one character, or
         * {@code tab} / {@code \\t}.
         *
         * @throws IllegalArgumentException naming {@code where} when it is not one character
         */
        public static char character(String where, String value) {
            if (value.equals("\\t") || value.equals("tab")) {
                return '\t';
            }
            if (value.length() != 1) {
                throw new IllegalArgumentException(String.format("%s: '%s' must be a single character", where, value));
            }
            return value.charAt(0);
        }

        public FileOptions {
            requireNonNull(encoding, "encoding is null");
            if (decimalSeparator != '.' && decimalSeparator != ',') {
                throw new IllegalArgumentException("the decimal separator must be '.' or ','");
            }
        }
    }

    /**
     * @param key the columns whose values identify a message for de-duplication; empty means the whole row's content
     * @param identifiers identifier type (user_id, anonymous_id, device_id, email, phone, or any other such as
     *     crm_id) to its value, in priority order
     * @param properties the properties of a track, page or screen; dotted names nest
     * @param traits the traits of an identify or group; dotted names nest
     * @param context extra {@code context} fields; dotted names nest
     */
    public record MessageSpec(MessageType type, FieldSpec event, FieldSpec timestamp, List<String> key,
            Map<String, FieldSpec> identifiers, Map<String, FieldSpec> properties, Map<String, FieldSpec> traits,
            Map<String, FieldSpec> context) {
        public MessageSpec {
            requireNonNull(type, "type is null");
            key = List.copyOf(key);
            identifiers = ordered(identifiers);
            properties = ordered(properties);
            traits = ordered(traits);
            context = ordered(context);
        }
    }

    /**
     * @param by the column whose value is the same on every row of one message; rows of a group are consecutive
     * @param list the property (such as {@code products}) that holds one object per row
     * @param item the fields of each row's object
     */
    public record GroupSpec(String by, String list, Map<String, FieldSpec> item) {
        public GroupSpec {
            requireNonNull(by, "by is null");
            requireNonNull(list, "list is null");
            item = ordered(item);
        }
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Every column the mapping reads, for checking them against a CSV header. */
    List<String> columns() {
        List<String> columns = new java.util.ArrayList<>();
        if (message == null) {
            return columns;
        }
        java.util.function.Consumer<FieldSpec> add = field -> {
            if (field != null) {
                columns.addAll(field.columns());
            }
        };
        add.accept(message.event());
        add.accept(message.timestamp());
        columns.addAll(message.key());
        message.identifiers().values().forEach(add);
        message.properties().values().forEach(add);
        message.traits().values().forEach(add);
        message.context().values().forEach(add);
        if (group != null) {
            columns.add(group.by());
            group.item().values().forEach(add);
        }
        return columns.stream().distinct().toList();
    }
}
