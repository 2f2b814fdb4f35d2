package io.tekil.core.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.MessageType;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The JSON form of a rule, for programs: every node is an object with a {@code kind}. {@code read(write(rule))}
 * equals {@code rule}. A malformed document raises {@link IllegalArgumentException} naming the path of the bad
 * node ({@code $.rules[1].test}) and what it should be. The shapes are listed in {@code docs/segments.md}.
 */
public final class RuleJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RuleJson() {}

    public static ObjectNode write(Rule rule) {
        ObjectNode node = NODES.objectNode();
        switch (rule) {
            case Rule.All all -> {
                node.put("kind", "all");
                all.rules().forEach(part -> node.withArray("rules").add(write(part)));
            }
            case Rule.Any any -> {
                node.put("kind", "any");
                any.rules().forEach(part -> node.withArray("rules").add(write(part)));
            }
            case Rule.Not not -> node.put("kind", "not").set("rule", write(not.rule()));
            case Rule.AttributeTest test -> {
                node.put("kind", "attribute").set("attribute", write(test.attribute()));
                node.set("test", write(test.test()));
            }
            case Rule.EventTest test -> {
                node.put("kind", "event").set("aggregate", write(test.aggregate()));
                node.set("filter", write(test.filter()));
                node.set("window", write(test.window()));
                node.set("test", write(test.test()));
            }
            case Rule.OccurrenceTest test -> {
                node.put("kind", "occurrence").set("occurrence", write(test.occurrence()));
                node.set("window", write(test.window()));
            }
            case Rule.InSegment in -> node.put("kind", "in_segment").put("segment", in.segment());
        }
        return node;
    }

    private static ObjectNode write(Attribute attribute) {
        return switch (attribute) {
            case Attribute.Trait trait -> NODES.objectNode().put("kind", "trait").put("name", trait.name());
            case Attribute.Computed computed -> NODES.objectNode().put("kind", "computed").put("name", computed.name());
            case Attribute.Age age -> NODES.objectNode().put("kind", "age").put("trait", age.trait());
            case Attribute.DaysToAnniversary days -> NODES.objectNode().put("kind", "days_to_anniversary").put("trait", days.trait());
        };
    }

    private static ObjectNode write(Check test) {
        ObjectNode node = NODES.objectNode();
        switch (test) {
            case Check.Compare compare -> node.put("kind", "compare").put("operator", compare.operator().symbol()).set("value", write(compare.value()));
            case Check.Between between -> {
                node.put("kind", "between").set("low", write(between.low()));
                node.set("high", write(between.high()));
            }
            case Check.In in -> {
                node.put("kind", "in");
                in.values().forEach(value -> node.withArray("values").add(write(value)));
            }
            case Check.Contains contains -> node.put("kind", "contains").put("text", contains.text());
            case Check.StartsWith startsWith -> node.put("kind", "starts_with").put("text", startsWith.text());
            case Check.Exists exists -> node.put("kind", "exists");
            case Check.IsEmpty empty -> node.put("kind", "is_empty");
        }
        return node;
    }

    /** Texts, numbers and booleans as JSON scalars; a date as {@code {"date": "2025-01-31"}}. */
    private static JsonNode write(Value value) {
        return switch (value) {
            case Value.Text text -> NODES.textNode(text.text());
            case Value.Number number -> NODES.numberNode(number.number());
            case Value.Bool bool -> NODES.booleanNode(bool.value());
            case Value.Date date -> NODES.objectNode().put("date", date.date().toString());
        };
    }

    private static ObjectNode write(Aggregate aggregate) {
        return switch (aggregate) {
            case Aggregate.Count count -> NODES.objectNode().put("kind", "count");
            case Aggregate.Sum sum -> NODES.objectNode().put("kind", "sum").put("property", sum.property());
            case Aggregate.Avg avg -> NODES.objectNode().put("kind", "avg").put("property", avg.property());
            case Aggregate.Min min -> NODES.objectNode().put("kind", "min").put("property", min.property());
            case Aggregate.Max max -> NODES.objectNode().put("kind", "max").put("property", max.property());
            case Aggregate.DistinctCount distinct -> NODES.objectNode().put("kind", "distinct").put("property", distinct.property());
        };
    }

    private static ObjectNode write(EventFilter filter) {
        ObjectNode node = NODES.objectNode();
        node.put("type", filter.type() == null ? null : filter.type().id());
        node.put("name", filter.name());
        node.set("where", write(filter.where()));
        return node;
    }

    private static ObjectNode write(Where where) {
        ObjectNode node = NODES.objectNode();
        switch (where) {
            case Where.All all -> {
                node.put("kind", "all");
                ArrayNode conditions = node.putArray("conditions");
                all.conditions().forEach(part -> conditions.add(write(part)));
            }
            case Where.Any any -> {
                node.put("kind", "any");
                ArrayNode conditions = node.putArray("conditions");
                any.conditions().forEach(part -> conditions.add(write(part)));
            }
            case Where.Not not -> node.put("kind", "not").set("condition", write(not.condition()));
            case Where.FieldTest test -> {
                node.put("kind", "field");
                switch (test.field()) {
                    case EventField.Property property -> node.put("property", property.path());
                    case EventField.ChannelField channel -> node.put("field", "channel");
                    case EventField.SourceField source -> node.put("field", "source");
                }
                node.set("test", write(test.test()));
            }
        }
        return node;
    }

    private static ObjectNode write(Window window) {
        return switch (window) {
            case Window.Ever ever -> NODES.objectNode().put("kind", "ever");
            case Window.Last last -> NODES.objectNode().put("kind", "last").put("amount", last.amount()).put("unit", last.unit().plural());
            case Window.Before before -> NODES.objectNode().put("kind", "before").put("amount", before.amount()).put("unit", before.unit().plural());
            case Window.This current -> NODES.objectNode().put("kind", "this").put("period", current.period().name().toLowerCase(Locale.ROOT));
            case Window.Previous previous -> NODES.objectNode().put("kind", "previous").put("period", previous.period().name().toLowerCase(Locale.ROOT));
            case Window.Between between -> NODES.objectNode().put("kind", "between").put("from", between.from().toString()).put("to", between.to().toString());
            case Window.After after -> {
                ObjectNode node = NODES.objectNode().put("kind", "after");
                node.set("occurrence", write(after.occurrence()));
                yield node;
            }
        };
    }

    private static ObjectNode write(Occurrence occurrence) {
        ObjectNode node = NODES.objectNode().put("which", occurrence.which().name().toLowerCase(Locale.ROOT));
        node.set("filter", write(occurrence.filter()));
        return node;
    }

    // ---- reading

    /** @throws IllegalArgumentException naming the path of the first bad node */
    public static Rule read(JsonNode json) {
        return rule(json, "$");
    }

    private static Rule rule(JsonNode node, String path) {
        requireDepth(path);
        String kind = kind(node, path, "all, any, not, attribute, event, occurrence, in_segment");
        return build(path, () -> switch (kind) {
            case "all" -> new Rule.All(list(node, "rules", path, RuleJson::rule));
            case "any" -> new Rule.Any(list(node, "rules", path, RuleJson::rule));
            case "not" -> new Rule.Not(rule(required(node, "rule", path), path + ".rule"));
            case "attribute" -> new Rule.AttributeTest(attribute(required(node, "attribute", path), path + ".attribute"),
                    test(required(node, "test", path), path + ".test"));
            case "event" -> new Rule.EventTest(aggregate(required(node, "aggregate", path), path + ".aggregate"),
                    filter(required(node, "filter", path), path + ".filter"), window(required(node, "window", path), path + ".window"),
                    test(required(node, "test", path), path + ".test"));
            case "occurrence" -> new Rule.OccurrenceTest(occurrence(required(node, "occurrence", path), path + ".occurrence"),
                    window(required(node, "window", path), path + ".window"));
            case "in_segment" -> new Rule.InSegment(text(node, "segment", path));
            default -> throw unknownKind(kind, path, "all, any, not, attribute, event, occurrence, in_segment");
        });
    }

    private static Attribute attribute(JsonNode node, String path) {
        String kind = kind(node, path, "trait, computed, age, days_to_anniversary");
        return build(path, () -> switch (kind) {
            case "trait" -> new Attribute.Trait(text(node, "name", path));
            case "computed" -> new Attribute.Computed(text(node, "name", path));
            case "age" -> new Attribute.Age(text(node, "trait", path));
            case "days_to_anniversary" -> new Attribute.DaysToAnniversary(text(node, "trait", path));
            default -> throw unknownKind(kind, path, "trait, computed, age, days_to_anniversary");
        });
    }

    private static Check test(JsonNode node, String path) {
        String kinds = "compare, between, in, contains, starts_with, exists, is_empty";
        String kind = kind(node, path, kinds);
        return build(path, () -> switch (kind) {
            case "compare" -> new Check.Compare(operator(text(node, "operator", path), path + ".operator"), value(required(node, "value", path), path + ".value"));
            case "between" -> new Check.Between(value(required(node, "low", path), path + ".low"), value(required(node, "high", path), path + ".high"));
            case "in" -> new Check.In(list(node, "values", path, RuleJson::value));
            case "contains" -> new Check.Contains(text(node, "text", path));
            case "starts_with" -> new Check.StartsWith(text(node, "text", path));
            case "exists" -> new Check.Exists();
            case "is_empty" -> new Check.IsEmpty();
            default -> throw unknownKind(kind, path, kinds);
        });
    }

    private static Check.Operator operator(String symbol, String path) {
        for (Check.Operator operator : Check.Operator.values()) {
            if (operator.symbol().equals(symbol)) {
                return operator;
            }
        }
        throw new IllegalArgumentException(String.format("at %s: '%s' is not an operator; use one of =, !=, <, <=, >, >=", path, symbol));
    }

    private static Value value(JsonNode node, String path) {
        if (node.isTextual()) {
            return new Value.Text(node.textValue());
        }
        if (node.isNumber()) {
            try {
                return Value.Number.literal(node.decimalValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(String.format("at %s: %s", path, e.getMessage()), e);
            }
        }
        if (node.isBoolean()) {
            return new Value.Bool(node.booleanValue());
        }
        if (node.isObject() && node.size() == 1 && node.path("date").isTextual()) {
            return new Value.Date(date(node.get("date").textValue(), path + ".date"));
        }
        throw new IllegalArgumentException(String.format("at %s: expected a value: a string, a number, a boolean or {\"date\": \"2025-01-31\"}", path));
    }

    private static Aggregate aggregate(JsonNode node, String path) {
        String kinds = "count, sum, avg, min, max, distinct";
        String kind = kind(node, path, kinds);
        return build(path, () -> switch (kind) {
            case "count" -> new Aggregate.Count();
            case "sum" -> new Aggregate.Sum(text(node, "property", path));
            case "avg" -> new Aggregate.Avg(text(node, "property", path));
            case "min" -> new Aggregate.Min(text(node, "property", path));
            case "max" -> new Aggregate.Max(text(node, "property", path));
            case "distinct" -> new Aggregate.DistinctCount(text(node, "property", path));
            default -> throw unknownKind(kind, path, kinds);
        });
    }

    private static EventFilter filter(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(String.format("at %s: expected an object with type, name and where", path));
        }
        MessageType type = null;
        if (node.hasNonNull("type")) {
            String id = text(node, "type", path);
            type = MessageType.fromId(id).orElseThrow(() -> new IllegalArgumentException(String.format(
                    "at %s.type: '%s' is not a message type; use track, page, screen, identify, group, alias or null for any", path, id)));
        }
        String name = node.hasNonNull("name") ? text(node, "name", path) : null;
        Where where = node.hasNonNull("where") ? where(node.get("where"), path + ".where") : Where.ALWAYS;
        MessageType filterType = type;
        return build(path, () -> new EventFilter(filterType, name, where));
    }

    /** Deep nesting is refused, as in the text form (each level adds a step to the path). */
    private static void requireDepth(String path) {
        if (path.chars().filter(c -> c == '.').count() > RuleParser.MAX_DEPTH + 10) {
            throw new IllegalArgumentException(String.format("at %s: the rule nests deeper than %d levels; simplify it",
                    path.substring(0, 40) + "...", RuleParser.MAX_DEPTH));
        }
    }

    private static Where where(JsonNode node, String path) {
        requireDepth(path);
        String kinds = "all, any, not, field";
        String kind = kind(node, path, kinds);
        return build(path, () -> switch (kind) {
            case "all" -> {
                List<Where> conditions = list(node, "conditions", path, RuleJson::where);
                if (conditions.isEmpty() && !path.endsWith(".where")) {
                    throw new IllegalArgumentException("an empty \"all\" stands only for a whole filter's where (no condition); leave it out here");
                }
                yield new Where.All(conditions);
            }
            case "any" -> new Where.Any(list(node, "conditions", path, RuleJson::where));
            case "not" -> new Where.Not(where(required(node, "condition", path), path + ".condition"));
            case "field" -> {
                EventField field;
                if (node.hasNonNull("property")) {
                    field = new EventField.Property(text(node, "property", path));
                } else {
                    String name = text(node, "field", path);
                    field = switch (name) {
                        case "channel" -> new EventField.ChannelField();
                        case "source" -> new EventField.SourceField();
                        default -> throw new IllegalArgumentException(String.format(
                                "at %s.field: '%s' is not an event field; use channel or source, or \"property\" for a property", path, name));
                    };
                }
                yield new Where.FieldTest(field, test(required(node, "test", path), path + ".test"));
            }
            default -> throw unknownKind(kind, path, kinds);
        });
    }

    private static Window window(JsonNode node, String path) {
        String kinds = "ever, last, before, this, previous, between, after";
        String kind = kind(node, path, kinds);
        return build(path, () -> switch (kind) {
            case "ever" -> new Window.Ever();
            case "last" -> new Window.Last(integer(node, "amount", path), unit(text(node, "unit", path), path + ".unit"));
            case "before" -> new Window.Before(integer(node, "amount", path), unit(text(node, "unit", path), path + ".unit"));
            case "this" -> new Window.This(period(text(node, "period", path), path + ".period"));
            case "previous" -> new Window.Previous(period(text(node, "period", path), path + ".period"));
            case "between" -> new Window.Between(date(text(node, "from", path), path + ".from"), date(text(node, "to", path), path + ".to"));
            case "after" -> new Window.After(occurrence(required(node, "occurrence", path), path + ".occurrence"));
            default -> throw unknownKind(kind, path, kinds);
        });
    }

    private static Occurrence occurrence(JsonNode node, String path) {
        String which = text(node, "which", path);
        if (!which.equals("first") && !which.equals("last")) {
            throw new IllegalArgumentException(String.format("at %s.which: '%s' is neither first nor last", path, which));
        }
        return new Occurrence(which.equals("first") ? Occurrence.Which.FIRST : Occurrence.Which.LAST,
                filter(required(node, "filter", path), path + ".filter"));
    }

    private static Window.Unit unit(String unit, String path) {
        for (Window.Unit candidate : Window.Unit.values()) {
            if (candidate.plural().equals(unit)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(String.format("at %s: '%s' is not a unit; use minutes, hours, days or months", path, unit));
    }

    private static Window.Period period(String period, String path) {
        return switch (period) {
            case "day" -> Window.Period.DAY;
            case "month" -> Window.Period.MONTH;
            case "year" -> Window.Period.YEAR;
            default -> throw new IllegalArgumentException(String.format("at %s: '%s' is not a period; use day, month or year", path, period));
        };
    }

    private static LocalDate date(String text, String path) {
        if (!text.matches(Values.ISO_DATE)) {
            throw new IllegalArgumentException(String.format("at %s: '%s' is not a date; write YYYY-MM-DD (years 0000 to 9999)", path, text));
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(String.format("at %s: '%s' is not a date; write YYYY-MM-DD", path, text));
        }
    }

    private static String kind(JsonNode node, String path, String kinds) {
        if (!node.isObject() || !node.path("kind").isTextual()) {
            throw new IllegalArgumentException(String.format("at %s: expected an object with a \"kind\" (%s)", path, kinds));
        }
        return node.get("kind").textValue();
    }

    private static IllegalArgumentException unknownKind(String kind, String path, String kinds) {
        return new IllegalArgumentException(String.format("at %s.kind: '%s' is not one of %s", path, kind, kinds));
    }

    private static JsonNode required(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(String.format("at %s: \"%s\" is missing", path, field));
        }
        return value;
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode value = required(node, field, path);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(String.format("at %s.%s: expected a string", path, field));
        }
        return value.textValue();
    }

    private static int integer(JsonNode node, String field, String path) {
        JsonNode value = required(node, field, path);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(String.format("at %s.%s: expected a whole number", path, field));
        }
        return value.intValue();
    }

    private static <T> List<T> list(JsonNode node, String field, String path, BiFunction<JsonNode, String, T> element) {
        JsonNode array = required(node, field, path);
        if (!array.isArray()) {
            throw new IllegalArgumentException(String.format("at %s.%s: expected an array", path, field));
        }
        List<T> elements = new ArrayList<>();
        Iterator<JsonNode> items = array.elements();
        for (int i = 0; items.hasNext(); i++) {
            elements.add(element.apply(items.next(), path + "." + field + "[" + i + "]"));
        }
        return elements;
    }

    /** Builds a node, naming the path when its invariants do not hold. */
    private static <T> T build(String path, java.util.function.Supplier<T> node) {
        try {
            return node.get();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("at $")) {
                throw e;
            }
            throw new IllegalArgumentException(String.format("at %s: %s", path, e.getMessage()), e);
        }
    }
}
