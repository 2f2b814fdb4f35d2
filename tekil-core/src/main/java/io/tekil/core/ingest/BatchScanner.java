package io.tekil.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.JsonText;
import io.tekil.core.ingest.StrictJsonReader.Unsupported;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code /v1/batch} body into the same messages and trees as {@link BatchParser}'s Jackson path, but in one
 * pass over its bytes ({@link StrictJsonReader}) that checks the JSON grammar without tokenizing what it skips: names
 * are looked up as bytes in a table of common names (a new string only for other names the trees keep), skipped
 * strings are looked through for their closing quote, skipped numbers and literals are checked and passed.
 * Jackson took about 13% of durable ingestion's CPU on the request threads, tokenizing every byte of every message and
 * building the trees (docs/benchmarks.md, "Thirteenth session").
 *
 * <p>It accepts strictly less than Jackson with its default settings: a body that is not entirely valid UTF-8, a name
 * with an escape or a control character, a name or string past Jackson's length limits, a number with more than 18
 * digits, an exponent, a nesting deeper than {@link StrictJsonReader#MAX_DEPTH} levels within a message, a message that is not an
 * object or has a lone-surrogate escape (Jackson's path repairs it), a byte-order mark, anything malformed. On each
 * of those it gives up with {@link Unsupported} and the caller reads the body with Jackson, which then says what is wrong or reads what is merely unusual. So a body
 * this class reads is one Jackson reads the same way; {@code TestBatchScanner} checks the trees agree on random and
 * mutated bodies. Thread-safe (one instance per body).
 */
final class BatchScanner {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The slots of the common names' table of what validation reads ({@link BatchParser#READ_PROPERTIES}, and of context). */
    private static final boolean[] READ_PROPERTIES = StrictJsonReader.slotsOf(BatchParser.READ_PROPERTIES);
    private static final boolean[] READ_CONTEXT = StrictJsonReader.slotsOf(BatchParser.READ_CONTEXT);
    private static final boolean[] READ_NOTHING = StrictJsonReader.slotsOf(Set.of());

    private final StrictJsonReader reader;

    private BatchScanner(byte[] json, int length) {
        this.reader = new StrictJsonReader(json, length);
    }

    /**
     * The body's messages, its write key and sent-at texts, and where its batch context is.
     *
     * @throws Unsupported when the body is for Jackson to read
     */
    static Body read(byte[] body, int length) {
        return new BatchScanner(body, length).body(); // the reader checks the UTF-8 of every string; the rest is ASCII grammar
    }

    /** What {@link #read} found: the batch context as the offsets of its object in the body, or -1 when absent. */
    record Body(String writeKey, String sentAt, int contextStart, int contextEnd, List<RawMessage> messages) {}

    private Body body() {
        String writeKey = null;
        String sentAt = null;
        int contextStart = -1;
        int contextEnd = -1;
        List<RawMessage> messages = null;
        if (reader.peek() != '{') {
            throw StrictJsonReader.UNSUPPORTED;
        }
        if (!reader.enterEmpty('}')) {
            do {
                reader.skipName();
                byte lead = reader.peek();
                String name = reader.commonName();
                switch (name == null ? "" : name) {
                    case "batch" -> {
                        if (lead != '[') {
                            throw StrictJsonReader.UNSUPPORTED; // Jackson says what is wrong
                        }
                        messages = messages();
                    }
                    case "writeKey" -> writeKey = textOrNull();
                    case "sentAt" -> sentAt = textOrNull();
                    case "context" -> {
                        contextStart = lead == '{' ? reader.position() : -1;
                        reader.skip(0);
                        contextEnd = contextStart < 0 ? -1 : reader.position();
                    }
                    default -> reader.skip(0);
                }
            } while (reader.nextMember('}'));
        }
        if (!reader.atEnd() || messages == null) {
            throw StrictJsonReader.UNSUPPORTED;
        }
        return new Body(writeKey, sentAt, contextStart, contextEnd, messages);
    }

    /** The next value when it is a string; null, the value passed, when it is not. */
    private String textOrNull() {
        if (reader.peek() == '"') {
            return reader.string();
        }
        reader.skip(0);
        return null;
    }

    private List<RawMessage> messages() {
        List<RawMessage> messages = new ArrayList<>();
        if (reader.enterEmpty(']')) {
            return messages;
        }
        do {
            if (reader.peek() != '{') {
                throw StrictJsonReader.UNSUPPORTED; // kept for the validator to reject, by Jackson
            }
            int start = reader.position();
            int[] contextEnd = {-1};
            reader.takeSurrogateEscape();
            ObjectNode node = message(start, contextEnd);
            int end = reader.position();
            byte[] message = reader.copy(start, end);
            if (reader.takeSurrogateEscape() && LoneSurrogates.repair(message)) {
                throw StrictJsonReader.UNSUPPORTED; // rare: Jackson reads the repaired message again
            }
            messages.add(new RawMessage(messages.size(), node, new JsonText(message), end - start, contextEnd[0]));
        } while (reader.nextMember(']'));
        return messages;
    }

    /** As {@link BatchParser}'s {@code readObject}: a tree of what validation reads. */
    private ObjectNode message(int start, int[] contextEnd) {
        ObjectNode object = NODES.objectNode();
        if (reader.enterEmpty('}')) {
            return object;
        }
        do {
            String name = reader.name();
            boolean isContext = name.equals("context");
            boolean isObject = reader.peek() == '{';
            JsonNode node;
            if (!isObject) {
                node = value(1);
            } else {
                node = switch (name) {
                    case "properties" -> fields(READ_PROPERTIES, null);
                    case "context" -> fields(READ_CONTEXT, NullNode.getInstance());
                    case "integrations" -> fields(READ_NOTHING, null);
                    default -> value(1);
                };
            }
            if (isContext) { // the last context decides, as in the tree
                contextEnd[0] = isObject ? reader.position() - 1 - start : -1;
            }
            object.set(name, node);
        } while (reader.nextMember('}'));
        return object;
    }

    /**
     * As {@link BatchParser}'s {@code readFields}, for an object at depth 2: the values of the fields named in
     * {@code read}; every other field skipped, and kept with the value {@code others} unless that is null.
     */
    private ObjectNode fields(boolean[] read, JsonNode others) {
        ObjectNode object = NODES.objectNode();
        if (reader.enterEmpty('}')) {
            return object;
        }
        do {
            reader.skipName();
            int slot = reader.commonSlot();
            if (slot >= 0 && read[slot]) {
                object.set(StrictJsonReader.commonName(slot), value(2));
            } else if (others == null) {
                reader.skip(2); // no name decoded: most of a message's properties
            } else {
                String name = slot >= 0 ? StrictJsonReader.commonName(slot) : reader.newNameString();
                reader.skip(2);
                object.set(name, others);
            }
        } while (reader.nextMember('}'));
        return object;
    }

    /** The next value as a tree, as Jackson's {@code readValueAsTree} builds it; {@code depth} is its container's. */
    private JsonNode value(int depth) {
        switch (reader.peek()) {
            case '"' -> {
                return NODES.textNode(reader.string());
            }
            case '{' -> {
                StrictJsonReader.requireDepth(depth + 1);
                ObjectNode object = NODES.objectNode();
                if (!reader.enterEmpty('}')) {
                    do {
                        String name = reader.name();
                        object.set(name, value(depth + 1)); // a repeated name: the first's place, the last's value
                    } while (reader.nextMember('}'));
                }
                return object;
            }
            case '[' -> {
                StrictJsonReader.requireDepth(depth + 1);
                ArrayNode array = NODES.arrayNode();
                if (!reader.enterEmpty(']')) {
                    do {
                        array.add(value(depth + 1));
                    } while (reader.nextMember(']'));
                }
                return array;
            }
            case 't' -> {
                reader.literal("true");
                return NODES.booleanNode(true);
            }
            case 'f' -> {
                reader.literal("false");
                return NODES.booleanNode(false);
            }
            case 'n' -> {
                reader.literal("null");
                return NODES.nullNode();
            }
            default -> {
                return number();
            }
        }
    }

    /** A number as Jackson's tree holds it: an int, or a long past the ints; a double when it has a fraction. */
    private JsonNode number() {
        int start = reader.position();
        if (reader.numberEnd()) {
            return NODES.numberNode(Double.parseDouble(reader.ascii(start)));
        }
        long value = reader.wholeNumber(start);
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }
}
