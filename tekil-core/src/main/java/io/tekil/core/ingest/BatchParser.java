package io.tekil.core.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.JsonText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a Segment HTTP API request body into messages without re-serializing them: each message keeps its
 * exact bytes, which is what the per-event size limit counts and what is stored.
 *
 * <p>A batch message's tree holds what validation reads, not the whole message: of {@code properties} only
 * {@link #READ_PROPERTIES}, of {@code context} only {@link #READ_CONTEXT} (its other fields keep their names, with
 * null values, so the batch context merge can tell which the message has), of {@code integrations} nothing (an
 * empty object stands for it). The parser still tokenizes every byte, so malformed JSON is refused as before;
 * it only builds no tree of the rest (a sixth of the parse, docs/benchmarks.md). One difference: Jackson checks
 * the UTF-8 of the strings it decodes, not of those it skips, so invalid UTF-8 in a skipped string no longer
 * refuses the whole body but only its message, which validation rejects. What needs the whole message reads it
 * from the bytes.
 *
 * <p>A batch body is read by {@link BatchScanner} when it can (nearly always), which builds the same trees without
 * tokenizing what it skips; Jackson reads what the scanner leaves to it, and says what is wrong with a malformed body.
 *
 * <p>Whole-body problems (malformed JSON, no {@code batch} array) throw a {@link TekilException} of category
 * user error; problems of single messages are left to {@link MessageValidator}. Thread-safe.
 */
public final class BatchParser {
    /** The fields of {@code properties} validation reads: the promoted columns and a page's or screen's name. */
    public static final Set<String> READ_PROPERTIES = Set.of("category", "price", "revenue", "total", "currency", "name");
    /** The fields of {@code context} validation reads: identifiers and traits. */
    public static final Set<String> READ_CONTEXT = Set.of("traits", "device", "externalIds");

    private final ObjectMapper mapper;

    public BatchParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Parses a {@code /v1/batch} or {@code /v1/import} body: {@code {"batch":[...], "writeKey":..., ...}}. */
    public ParsedBody parseBatch(byte[] body, int length) {
        requireUtf8(body, length);
        try {
            BatchScanner.Body scanned = BatchScanner.read(body, length);
            BatchContext context = scanned.contextStart() < 0 ? null
                    : batchContext(Arrays.copyOfRange(body, scanned.contextStart(), scanned.contextEnd()));
            return new ParsedBody(scanned.writeKey(), context, scanned.sentAt(), scanned.messages(), true);
        } catch (StrictJsonReader.Unsupported e) {
            // malformed, or unusual (escaped names, exponents, a byte-order mark...): Jackson reads it or says what is wrong
            return parseWithJackson(body, length);
        }
    }

    /** {@link #parseBatch} with Jackson alone. */
    ParsedBody parseWithJackson(byte[] body, int length) {
        try (JsonParser parser = mapper.createParser(body, 0, length)) {
            expect(parser, parser.nextToken() == JsonToken.START_OBJECT,
                    "the body must be a JSON object such as {\"batch\":[...]}");
            String writeKey = null;
            BatchContext context = null;
            String sentAt = null;
            List<RawMessage> messages = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "batch" -> {
                        expect(parser, value == JsonToken.START_ARRAY, "'batch' must be a JSON array of messages");
                        messages = readMessages(parser, body);
                    }
                    case "writeKey" -> writeKey = value == JsonToken.VALUE_STRING ? parser.getText() : skip(parser);
                    case "sentAt" -> sentAt = value == JsonToken.VALUE_STRING ? parser.getText() : skip(parser);
                    case "context" -> context = value == JsonToken.START_OBJECT ? readBatchContext(parser, body) : skip(parser);
                    default -> parser.skipChildren();
                }
            }
            expectEnd(parser);
            if (messages == null) {
                throw TekilException.userError(
                        "the body has no 'batch' array; send {\"batch\":[{\"type\":\"track\",...}]}");
            }
            return new ParsedBody(writeKey, context, sentAt, messages);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new IllegalStateException("reading an in-memory body failed", e);
        }
    }

    /**
     * Parses a single-message body such as {@code /v1/track}: the body is the message. What is kept is the object
     * itself, without a byte-order mark or whitespace around it: DuckDB's JSON functions refuse a text that starts
     * with a byte-order mark, so one stored message with it would break every segment query that reads messages
     * (for the same reason lone surrogates are repaired, see {@link LoneSurrogates}).
     */
    public ParsedBody parseSingle(byte[] body, int length) {
        requireUtf8(body, length);
        try (JsonParser parser = mapper.createParser(body, 0, length)) {
            expect(parser, parser.nextToken() == JsonToken.START_OBJECT, "the body must be one JSON object, the message");
            int start = (int) parser.currentTokenLocation().getByteOffset();
            JsonNode node = parser.readValueAsTree();
            int end = (int) parser.currentLocation().getByteOffset();
            expectEnd(parser);
            String writeKey = node.path("writeKey").isTextual() ? node.get("writeKey").asText() : null;
            byte[] message = Arrays.copyOfRange(body, start, end);
            if (LoneSurrogates.repair(message)) {
                node = mapper.readTree(message);
            }
            return new ParsedBody(writeKey, null, null, List.of(new RawMessage(0, node, new JsonText(message), end - start, -1)));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new IllegalStateException("reading an in-memory body failed", e);
        }
    }

    /**
     * Refuses a body in UTF-16 or UTF-32, which Jackson would read (telling them by their zero bytes or byte-order
     * mark) but whose messages cannot be kept as the UTF-8 bytes they were sent in.
     */
    private static void requireUtf8(byte[] body, int length) {
        if (length >= 2 && (body[0] == 0 || body[1] == 0 || (body[0] == (byte) 0xFE && body[1] == (byte) 0xFF)
                || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
            throw TekilException.userError("the body is not UTF-8 (it looks like UTF-16 or UTF-32); send JSON encoded as UTF-8");
        }
    }

    /**
     * The batch-level context object the parser is at, or null when it is empty: its tree, and each field's
     * {@code "name":value} bytes exactly as the body has them, which {@link BatchContext} splices into messages, so
     * a message keeps what the client sent (a re-serialized tree would change numbers: {@code 1.10} to {@code 1.1},
     * {@code 1e400} to the string {@code "Infinity"}). Lone surrogates are repaired as in the messages. A repeated
     * field keeps the place of its first and the value of its last, as in a tree.
     */
    private BatchContext readBatchContext(JsonParser parser, byte[] body) throws IOException {
        ObjectNode node = mapper.createObjectNode();
        Map<String, byte[]> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            int start = (int) parser.currentTokenLocation().getByteOffset();
            parser.nextToken();
            JsonNode value = parser.readValueAsTree();
            byte[] field = Arrays.copyOfRange(body, start, (int) parser.currentLocation().getByteOffset());
            if (Utf8.firstInvalid(field) >= 0) {
                // Jackson decodes some invalid UTF-8 (overlong forms, past U+10FFFF), which DuckDB would refuse in
                // every message of the batch: this field is stored as its tree writes it, as valid UTF-8
                field = (mapper.writeValueAsString(name) + ":" + mapper.writeValueAsString(value)).getBytes(StandardCharsets.UTF_8);
            }
            if (LoneSurrogates.repair(field)) {
                byte[] object = new byte[field.length + 2];
                object[0] = '{';
                System.arraycopy(field, 0, object, 1, field.length);
                object[object.length - 1] = '}';
                value = mapper.readTree(object).get(name);
            }
            node.set(name, value);
            fields.put(name, field);
        }
        return fields.isEmpty() ? null : new BatchContext(node, fields);
    }

    /** The batch context of a body {@link BatchScanner} read, from its object's bytes, as {@link #parseBatch} reads it. */
    private BatchContext batchContext(byte[] object) {
        try (JsonParser parser = mapper.createParser(object)) {
            parser.nextToken(); // START_OBJECT: the scanner checked it
            return readBatchContext(parser, object);
        } catch (IOException e) {
            throw new IllegalStateException("reading a checked batch context failed", e);
        }
    }

    private List<RawMessage> readMessages(JsonParser parser, byte[] body) throws IOException {
        List<RawMessage> messages = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw TekilException.userError("malformed JSON: the 'batch' array is not closed");
            }
            int start = (int) parser.currentTokenLocation().getByteOffset();
            int[] contextEnd = {-1};
            JsonNode node = token == JsonToken.START_OBJECT ? readObject(parser, start, contextEnd) : parser.readValueAsTree();
            int end = (int) parser.currentLocation().getByteOffset();
            byte[] message = Arrays.copyOfRange(body, start, end);
            if (LoneSurrogates.repair(message)) {
                node = mapper.readTree(message); // the same length: where the context ends is unchanged
            }
            messages.add(new RawMessage(messages.size(), node, new JsonText(message), end - start, contextEnd[0]));
        }
        return messages;
    }

    /**
     * The message without its top-level fields named in {@code names}, every occurrence: what is not stored (a
     * {@code writeKey}, a credential) or is replaced (an explicit null {@code context}, which the batch context
     * takes the place of, as in a tree merge). Every other field keeps the bytes it was sent in; the result is
     * read as a batch message is.
     */
    RawMessage withoutFields(RawMessage raw, Set<String> names) {
        byte[] bytes = raw.json().utf8();
        try (JsonParser parser = mapper.createParser(bytes)) {
            parser.nextToken(); // the message's START_OBJECT: validation checked it is an object
            ByteArrayOutputStream kept = new ByteArrayOutputStream(bytes.length);
            kept.write('{');
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.nextToken();
                parser.skipChildren();
                parser.finishToken(); // a string value: read to its closing quote, so the location is past it
                int end = (int) parser.currentLocation().getByteOffset();
                if (!names.contains(name)) {
                    if (kept.size() > 1) {
                        kept.write(',');
                    }
                    kept.write(bytes, start, end - start);
                }
            }
            kept.write('}');
            byte[] message = kept.toByteArray();
            try (JsonParser again = mapper.createParser(message)) {
                again.nextToken();
                int[] contextEnd = {-1};
                JsonNode node = readObject(again, 0, contextEnd);
                return new RawMessage(raw.index(), node, new JsonText(message), raw.bytes(), contextEnd[0]);
            }
        } catch (IOException e) {
            throw new IllegalStateException("re-reading a parsed message failed", e);
        }
    }

    /**
     * Reads a message object into a tree as {@code readValueAsTree} would (a repeated field keeps its last
     * value), but of {@code properties}, {@code context} and {@code integrations} objects only what validation
     * reads (see the class comment); notes where its top-level {@code context} object closes so the batch
     * context can be spliced in.
     */
    private ObjectNode readObject(JsonParser parser, int start, int[] contextEnd) throws IOException {
        ObjectNode object = mapper.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            JsonNode node;
            if (value != JsonToken.START_OBJECT) {
                node = parser.readValueAsTree();
            } else {
                node = switch (field) {
                    case "properties" -> readFields(parser, READ_PROPERTIES, null);
                    case "context" -> readFields(parser, READ_CONTEXT, NullNode.getInstance());
                    case "integrations" -> readFields(parser, Set.of(), null);
                    default -> parser.readValueAsTree();
                };
            }
            if (field.equals("context")) {
                contextEnd[0] = value == JsonToken.START_OBJECT ? (int) parser.currentTokenLocation().getByteOffset() - start : -1;
            }
            object.set(field, node);
        }
        return object;
    }

    /**
     * The object the parser is at, with the values of its {@code read} fields; every other field is skipped, and
     * kept with the value {@code others} unless that is null.
     */
    private ObjectNode readFields(JsonParser parser, Set<String> read, JsonNode others) throws IOException {
        ObjectNode object = mapper.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (read.contains(field)) {
                object.set(field, parser.readValueAsTree());
            } else {
                parser.skipChildren();
                if (others != null) {
                    object.set(field, others);
                }
            }
        }
        return object;
    }

    private static <T> T skip(JsonParser parser) throws IOException {
        parser.skipChildren();
        return null;
    }

    private static void expectEnd(JsonParser parser) throws IOException {
        expect(parser, parser.nextToken() == null, "unexpected content after the end of the JSON body");
    }

    private static void expect(JsonParser parser, boolean condition, String problem) {
        if (!condition) {
            var location = parser.currentTokenLocation();
            throw TekilException.userError("malformed request at line %d, column %d: %s",
                    location.getLineNr(), location.getColumnNr(), problem);
        }
    }

    private static TekilException malformed(JsonProcessingException e) {
        var location = e.getLocation();
        String where = location == null ? "" : String.format(" at line %d, column %d", location.getLineNr(), location.getColumnNr());
        return TekilException.userError("malformed JSON%s: %s; the body must be UTF-8 JSON", where, e.getOriginalMessage().replace(
                "Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", ""));
    }
}
