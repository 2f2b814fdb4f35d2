package io.tekil.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.MessageType;
import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a mapping from YAML. Every problem is reported at once, each with its place in the file
 * ({@code message.timestamp: ...}), in one {@link TekilException} of category user error.
 */
public final class MappingReader {
    private static final Set<String> TOP = Set.of("name", "description", "format", "channel", "file", "message", "group");
    private static final Set<String> FILE = Set.of("encoding", "delimiter", "quote", "decimal");
    private static final Set<String> MESSAGE = Set.of("type", "event", "timestamp", "key", "identifiers", "properties",
            "traits", "context");
    private static final Set<String> GROUP = Set.of("by", "list", "item");
    private static final Set<String> FIELD = Set.of("column", "columns", "value", "type", "format", "zone", "values", "sum",
            "required", "fallback");

    private final YamlProblems problems = new YamlProblems();

    private MappingReader() {}

    /**
     * @param origin where the text came from, for messages (a file name or {@code built-in mapping 'x'})
     * @throws TekilException listing every problem
     */
    public static Mapping read(String yaml, String origin) {
        JsonNode root = YamlProblems.readMap(yaml, "mapping", origin, "'format' and 'message'");
        MappingReader reader = new MappingReader();
        Mapping mapping = reader.mapping(root);
        reader.problems.throwIfAny("mapping", origin);
        return mapping;
    }

    private Mapping mapping(JsonNode root) {
        problems.unknownKeys(root, TOP, "");
        String name = text(root, "name", "");
        if (name.isBlank()) {
            problems.add("name: give the mapping a name (such as pos-export); it is part of every message id it makes, so two mappings must not share one");
        }
        ImportFormat format = null;
        try {
            format = ImportFormat.parse(text(root, "format", "csv"));
        } catch (IllegalArgumentException e) {
            problems.add("format: " + e.getMessage());
        }
        String channel = text(root, "channel", null);
        if (channel != null) {
            try {
                channel = Channel.parse(channel).id();
            } catch (IllegalArgumentException e) {
                problems.add("channel: " + e.getMessage());
            }
        }
        Mapping.FileOptions file = file(root.path("file"));
        Mapping.MessageSpec message = format == ImportFormat.SEGMENT_NDJSON ? null : message(root.get("message"));
        Mapping.GroupSpec group = root.hasNonNull("group") ? group(root.get("group")) : null;
        if (!problems.isEmpty()) {
            return null;
        }
        return new Mapping(name, text(root, "description", ""), format, channel, file, message, group);
    }

    private Mapping.FileOptions file(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Mapping.FileOptions.DEFAULT;
        }
        problems.unknownKeys(node, FILE, "file.");
        Charset encoding = java.nio.charset.StandardCharsets.UTF_8;
        String encodingName = text(node, "encoding", "UTF-8");
        try {
            encoding = Charset.forName(encodingName);
        } catch (IllegalArgumentException e) {
            problems.add(String.format("file.encoding: unknown character set '%s'; use UTF-8 or windows-1254", encodingName));
        }
        char delimiter = character(node, "delimiter", ',');
        char quote = character(node, "quote", '"');
        char decimal = character(node, "decimal", '.');
        if (decimal != '.' && decimal != ',') {
            problems.add(String.format("file.decimal: '%s' is not a decimal separator; use '.' or ','", decimal));
            decimal = '.';
        }
        return new Mapping.FileOptions(encoding, delimiter, quote, decimal);
    }

    private Mapping.MessageSpec message(JsonNode node) {
        if (node == null || !node.isObject()) {
            problems.add("message: missing; say which message each row becomes (type, event, timestamp, identifiers, ...)");
            return null;
        }
        problems.unknownKeys(node, MESSAGE, "message.");
        MessageType type = MessageType.fromId(text(node, "type", "track")).orElse(null);
        if (type == null || type == MessageType.ALIAS) {
            problems.add(String.format("message.type: '%s' cannot be imported; use track, identify, page, screen or group",
                    text(node, "type", "")));
            type = MessageType.TRACK;
        }
        FieldSpec event = node.hasNonNull("event") ? field(node.get("event"), "message.event") : null;
        if (type == MessageType.TRACK && event == null) {
            problems.add("message.event: a track message needs an event name: a constant (event: Order Completed) or a column");
        }
        FieldSpec timestamp = node.hasNonNull("timestamp") ? field(node.get("timestamp"), "message.timestamp") : null;
        if (timestamp != null && timestamp.type() == FieldType.STRING) {
            timestamp = new FieldSpec(timestamp.columns(), timestamp.constant(), FieldType.TIMESTAMP, timestamp.format(),
                    timestamp.zone(), timestamp.values(), false, timestamp.required(), false);
        }
        List<String> key = new ArrayList<>();
        JsonNode keyNode = node.path("key");
        if (keyNode.isTextual()) {
            key.add(keyNode.asText());
        } else if (keyNode.isArray()) {
            keyNode.forEach(column -> key.add(column.asText()));
        } else if (!keyNode.isMissingNode() && !keyNode.isNull()) {
            problems.add("message.key: give a column name or a list of column names");
        }
        Map<String, FieldSpec> identifiers = fields(node.path("identifiers"), "message.identifiers");
        if (identifiers.isEmpty()) {
            problems.add("message.identifiers: map at least one identifier (user_id, anonymous_id, email, phone, crm_id, ...) to a column");
        }
        return new Mapping.MessageSpec(type, event, timestamp, key, identifiers,
                fields(node.path("properties"), "message.properties"), fields(node.path("traits"), "message.traits"),
                fields(node.path("context"), "message.context"));
    }

    private Mapping.GroupSpec group(JsonNode node) {
        problems.unknownKeys(node, GROUP, "group.");
        String by = text(node, "by", null);
        if (by == null) {
            problems.add("group.by: name the column that is the same on every row of one message, such as receipt_no");
        }
        return new Mapping.GroupSpec(by == null ? "" : by, text(node, "list", "products"), fields(node.path("item"), "group.item"));
    }

    private Map<String, FieldSpec> fields(JsonNode node, String where) {
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return fields;
        }
        if (!node.isObject()) {
            problems.add(where + ": must be a map of name to column");
            return fields;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            FieldSpec field = field(entry.getValue(), where + "." + entry.getKey());
            if (field != null) {
                fields.put(entry.getKey(), field);
            }
        }
        return fields;
    }

    private FieldSpec field(JsonNode node, String where) {
        if (node.isTextual()) {
            return FieldSpec.column(node.asText());
        }
        if (!node.isObject()) {
            problems.add(where + ": give a column name, or a map with 'column' (or 'columns' or 'value') and options");
            return null;
        }
        problems.unknownKeys(node, FIELD, where + ".");
        List<String> columns = new ArrayList<>();
        if (node.hasNonNull("column")) {
            columns.add(node.get("column").asText());
        }
        node.path("columns").forEach(column -> columns.add(column.asText()));
        String constant = node.hasNonNull("value") ? node.get("value").asText() : null;
        if (columns.isEmpty() == (constant == null)) {
            problems.add(where + ": give exactly one of 'column', 'columns' or 'value'");
            return null;
        }
        FieldType type = FieldType.STRING;
        try {
            type = FieldType.parse(text(node, "type", "string"));
        } catch (IllegalArgumentException e) {
            problems.add(where + ".type: " + e.getMessage());
        }
        String format = text(node, "format", null);
        if (format != null && !Values.NAMED_FORMATS.contains(format)) {
            try {
                DateTimeFormatter.ofPattern(format);
            } catch (IllegalArgumentException e) {
                problems.add(String.format("%s.format: '%s' is not a date-time pattern (%s); use letters such as dd.MM.yyyy HH:mm:ss, or iso",
                        where, format, e.getMessage()));
            }
        }
        ZoneId zone = Mapping.DEFAULT_ZONE;
        if (node.hasNonNull("zone")) {
            try {
                zone = ZoneId.of(node.get("zone").asText());
            } catch (DateTimeException e) {
                problems.add(String.format("%s.zone: unknown time zone '%s'; use a region such as Europe/Istanbul", where,
                        node.get("zone").asText()));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.path("values").properties()) {
            values.put(entry.getKey(), entry.getValue().asText());
        }
        if (type == FieldType.DATE && format != null && format.startsWith("epoch")) {
            problems.add(where + ".format: a date is read with a pattern such as dd.MM.yyyy, or iso; epoch formats are for timestamps");
        }
        boolean sum = node.path("sum").asBoolean(false);
        if (sum && type != FieldType.NUMBER && type != FieldType.INTEGER) {
            problems.add(where + ".sum: only a number or integer field can be summed; add type: number");
        }
        return new FieldSpec(columns, constant, type, format, zone, values, sum, node.path("required").asBoolean(false),
                node.path("fallback").asBoolean(false));
    }

    private static String text(JsonNode node, String field, String otherwise) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? otherwise : value.asText();
    }

    private char character(JsonNode node, String field, char otherwise) {
        String value = text(node, field, null);
        if (value == null) {
            return otherwise;
        }
        try {
            return Mapping.FileOptions.character("file." + field, value);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return otherwise;
        }
    }
}
