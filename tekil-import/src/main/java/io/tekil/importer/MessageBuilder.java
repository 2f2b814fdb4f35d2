package io.tekil.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns rows into Segment-spec messages as a {@link Mapping} says.
 *
 * <p>Each row is first converted on its own ({@link #map}), so a bad value rejects exactly that row; a message is
 * then made from one row, or from the consecutive rows of a group ({@link #message}). Identifiers go where
 * Segment keeps them: {@code userId}, {@code anonymousId}, {@code context.device.id},
 * {@code context.traits.email} and {@code .phone}, and every identifier other than the user and anonymous ids also
 * into {@code context.externalIds} as {@code {"id","type","collection":"users","encoding":"none"}}.
 *
 * <p>The messageId is a name-based UUID of the source, the mapping name and the message's key columns (or, with no
 * key, the text of its rows), so importing the same file again makes the same ids and the de-duplication of
 * ingestion stores each message once.
 */
final class MessageBuilder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectNode LIBRARY = JSON.objectNode().put("name", "tekil-import").put("version", "0.1.0");

    private final Mapping mapping;
    private final Mapping.MessageSpec spec;
    private final String idPrefix;

    MessageBuilder(Mapping mapping, String source) {
        this.mapping = mapping;
        this.spec = mapping.message();
        this.idPrefix = source + '\u0000' + mapping.name() + '\u0000';
    }

    /** One row's converted values, before grouping. */
    record MappedRow(long line, String text, String content, String groupKey, String messageKey, String event, String timestamp,
            Map<String, String> identifiers, ObjectNode properties, ObjectNode traits, ObjectNode context, ObjectNode item,
            Map<String, Double> sums) {}

    /** @throws RowException naming the column and value that cannot be converted */
    MappedRow map(Row row) {
        if (row.problem() != null) {
            throw new RowException(row.problem());
        }
        String event = spec.event() == null ? null : requiredText(row, spec.event(), "the event name");
        String timestamp = spec.timestamp() == null ? null : requiredText(row, spec.timestamp(), "the timestamp");
        Map<String, String> identifiers = new LinkedHashMap<>();
        for (boolean fallback : new boolean[] {false, true}) {
            for (Map.Entry<String, FieldSpec> identifier : spec.identifiers().entrySet()) {
                if (identifier.getValue().fallback() != fallback || (fallback && !identifiers.isEmpty())) {
                    continue;
                }
                JsonNode value = convert(row, identifier.getValue());
                if (value != null) {
                    identifiers.put(identifier.getKey(), value.asText());
                }
            }
        }
        if (identifiers.isEmpty()) {
            throw RowException.of("no identifier: %s %s empty; a row needs at least one to be linked to a person",
                    spec.identifiers().values().stream().map(FieldSpec::describe).toList(),
                    spec.identifiers().size() == 1 ? "is" : "are all");
        }
        Map<String, Double> sums = new LinkedHashMap<>();
        ObjectNode properties = fields(row, spec.properties(), sums);
        ObjectNode traits = fields(row, spec.traits(), sums);
        ObjectNode context = fields(row, spec.context(), null);
        ObjectNode item = null;
        String groupKey = null;
        if (mapping.group() != null) {
            groupKey = row.value(mapping.group().by());
            if (groupKey == null) {
                throw RowException.of("column '%s' is empty; it names the %s this row belongs to", mapping.group().by(),
                        mapping.group().list().equals("products") ? "order" : "group");
            }
            item = fields(row, mapping.group().item(), null);
        }
        String messageKey = null;
        if (!spec.key().isEmpty()) {
            StringBuilder key = new StringBuilder();
            for (String column : spec.key()) {
                String value = row.value(column);
                if (value == null) {
                    throw RowException.of("column '%s' is empty; it is part of the key that identifies each message", column);
                }
                key.append(value).append('\u0001');
            }
            messageKey = key.toString();
        }
        // the content is only needed for a message id without key columns
        return new MappedRow(row.line(), row.text(), spec.key().isEmpty() ? row.content() : null, groupKey, messageKey, event, timestamp, identifiers, properties, traits,
                context, item, sums);
    }

    /** The message of one row, or of a group's rows (the first row gives everything but items and sums). */
    ObjectNode message(List<MappedRow> rows) {
        MappedRow first = rows.getFirst();
        ObjectNode message = JSON.objectNode();
        message.put("type", spec.type().id());
        message.put("messageId", messageId(rows));
        if (first.event() != null) {
            message.put(spec.type() == io.tekil.core.event.MessageType.TRACK ? "event" : "name", first.event());
        }
        if (first.timestamp() != null) {
            message.put("timestamp", first.timestamp());
        }
        ObjectNode context = first.context().deepCopy();
        context.set("library", LIBRARY);
        ArrayNode externalIds = JSON.arrayNode();
        for (Map.Entry<String, String> identifier : first.identifiers().entrySet()) {
            String type = identifier.getKey();
            String value = identifier.getValue();
            switch (type) {
                case "user_id" -> message.put("userId", value);
                case "anonymous_id", "cookie" -> message.put("anonymousId", value);
                default -> {
                    switch (type) {
                        case "device_id" -> object(context, "device").put("id", value);
                        case "email", "phone" -> object(context, "traits").put(type, value);
                        default -> { }
                    }
                    externalIds.add(JSON.objectNode().put("id", value).put("type", type)
                            .put("collection", "users").put("encoding", "none"));
                }
            }
        }
        if (!externalIds.isEmpty()) {
            context.set("externalIds", externalIds);
        }
        ObjectNode properties = first.properties().deepCopy();
        ObjectNode traits = first.traits().deepCopy();
        addSums(rows, properties, spec.properties());
        addSums(rows, traits, spec.traits());
        if (mapping.group() != null) {
            ArrayNode items = JSON.arrayNode();
            rows.forEach(row -> items.add(row.item()));
            set(properties, mapping.group().list(), items);
        }
        if (!properties.isEmpty()) {
            message.set("properties", properties);
        }
        if (!traits.isEmpty()) {
            message.set("traits", traits);
        }
        message.set("context", context);
        return message;
    }

    private String messageId(List<MappedRow> rows) {
        StringBuilder name = new StringBuilder(idPrefix);
        MappedRow first = rows.getFirst();
        if (first.messageKey() != null) {
            name.append(first.messageKey());
        } else {
            rows.forEach(row -> name.append(row.content()).append('\n'));
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void addSums(List<MappedRow> rows, ObjectNode target, Map<String, FieldSpec> fields) {
        for (Map.Entry<String, FieldSpec> field : fields.entrySet()) {
            if (!field.getValue().sum()) {
                continue;
            }
            double total = 0;
            boolean any = false;
            for (MappedRow row : rows) {
                Double value = row.sums().get(field.getKey());
                if (value != null) {
                    total += value;
                    any = true;
                }
            }
            if (any) {
                set(target, field.getKey(), field.getValue().type() == FieldType.INTEGER
                        ? JSON.numberNode((long) total) : JSON.numberNode(Math.round(total * 1e6) / 1e6));
            }
        }
    }

    private ObjectNode fields(Row row, Map<String, FieldSpec> fields, Map<String, Double> sums) {
        ObjectNode object = JSON.objectNode();
        for (Map.Entry<String, FieldSpec> field : fields.entrySet()) {
            JsonNode value = convert(row, field.getValue());
            if (value == null) {
                continue;
            }
            if (field.getValue().sum() && sums != null) {
                sums.put(field.getKey(), value.asDouble());
            } else {
                set(object, field.getKey(), value);
            }
        }
        return object;
    }

    private String requiredText(Row row, FieldSpec field, String what) {
        JsonNode value = convert(row, field);
        if (value == null) {
            throw RowException.of("%s is empty; it gives %s", field.describe(), what);
        }
        return value.asText();
    }

    /** The field's typed value, or null when its columns are empty (a required field then rejects the row). */
    private JsonNode convert(Row row, FieldSpec field) {
        String raw = field.constant();
        if (raw == null) {
            raw = raw(row, field.columns());
            if (raw == null) {
                if (field.required()) {
                    throw RowException.of("%s is empty but required", field.describe());
                }
                return null;
            }
        }
        raw = field.values().getOrDefault(raw, raw);
        String column = field.constant() != null ? field.describe() : String.join("+", field.columns());
        Double number = field.constant() == null && field.columns().size() == 1 ? row.number(field.columns().getFirst()) : null;
        char decimal = mapping.file().decimalSeparator();
        return switch (field.type()) {
            case STRING -> JSON.textNode(raw);
            case NUMBER -> JSON.numberNode(number != null ? number : Values.number(column, raw, decimal));
            case INTEGER -> JSON.numberNode(number != null && number == Math.rint(number) ? number.longValue()
                    : Values.integer(column, raw, decimal));
            case BOOLEAN -> JSON.booleanNode(Values.bool(column, raw));
            case DATE -> JSON.textNode(Values.date(column, raw, field.format()));
            case TIMESTAMP -> JSON.textNode(Values.timestamp(column, raw, field.format(), field.zone()).toString());
        };
    }

    private static String raw(Row row, List<String> columns) {
        if (columns.size() == 1) {
            return row.value(columns.getFirst());
        }
        List<String> parts = new ArrayList<>(columns.size());
        for (String column : columns) {
            String value = row.value(column);
            if (value != null) {
                parts.add(value);
            }
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    /** Sets a dotted name ({@code address.city}) in nested objects. */
    private static void set(ObjectNode target, String name, JsonNode value) {
        ObjectNode object = target;
        int start = 0;
        int dot;
        while ((dot = name.indexOf('.', start)) >= 0) {
            object = object(object, name.substring(start, dot));
            start = dot + 1;
        }
        object.set(name.substring(start), value);
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return parent.putObject(field);
    }
}
