package io.tekil.core.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.JsonText;
import java.io.IOException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Segment HTTP API request body into messages without re-serializing them: each message keeps its
 * exact bytes, which is what the per-event size limit counts and what is stored.
 *
 * <p>Whole-body problems (malformed JSON, no {@code batch} array) throw a {@link TekilException} of category
 * user error; problems of single messages are left to {@link MessageValidator}. Thread-safe.
 */
public final class BatchParser {
    private final ObjectMapper mapper;

    public BatchParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Parses a {@code /v1/batch} or {@code /v1/import} body: {@code {"batch":[...], "writeKey":..., ...}}. */
    public ParsedBody parseBatch(byte[] body, int length) {
        requireUtf8(body, length);
        try (JsonParser parser = mapper.createParser(body, 0, length)) {
            expect(parser, parser.nextToken() == JsonToken.START_OBJECT,
                    "the body must be a JSON object such as {\"batch\":[...]}");
            String writeKey = null;
            ObjectNode context = null;
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
                    case "context" -> {
                        JsonNode node = parser.readValueAsTree();
                        context = node instanceof ObjectNode object ? withoutLoneSurrogates(object) : null;
                    }
                    default -> parser.skipChildren();
                }
            }
            expectEnd(parser);
            if (messages == null) {
                throw TekilException.userError(
                        "the body has no 'batch' array; send {\"batch\":[{\"type\":\"track\",...}]}");
            }
            return new ParsedBody(writeKey, BatchContext.of(context, mapper), sentAt, messages);
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

    /** The batch context with lone surrogates repaired as in the messages, since it is merged into each of them. */
    private ObjectNode withoutLoneSurrogates(ObjectNode context) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(context); // a lone surrogate comes out as its escape
        return LoneSurrogates.repair(bytes) ? (ObjectNode) mapper.readTree(bytes) : context;
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
     * Reads a message object into a tree as {@code readValueAsTree} would (a repeated field keeps its last
     * value), noting where its top-level {@code context} object closes so the batch context can be spliced in.
     */
    private ObjectNode readObject(JsonParser parser, int start, int[] contextEnd) throws IOException {
        ObjectNode object = mapper.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            JsonNode node = parser.readValueAsTree();
            if (field.equals("context")) {
                contextEnd[0] = value == JsonToken.START_OBJECT ? (int) parser.currentTokenLocation().getByteOffset() - start : -1;
            }
            object.set(field, node);
        }
        return object;
    }

    private static String skip(JsonParser parser) throws IOException {
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
