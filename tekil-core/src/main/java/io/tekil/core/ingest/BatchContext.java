package io.tekil.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code context} a batch sends at top level (analytics-java sends its library info only there), merged
 * under each message's own context: fields the message's context lacks are added, its own fields win.
 *
 * <p>The merge splices bytes instead of re-serializing the message: each batch field, as the bytes the request
 * body has it in, is inserted before the closing brace of the message's context, whose offset the parser noted (or,
 * when the message has no context, added as a whole {@code "context"} field before the message's closing
 * brace). The message keeps every byte
 * it was sent with. Thread-safe; one instance per request body.
 */
public final class BatchContext {
    private final ObjectNode node;
    /** Each field as {@code "name":value} JSON bytes, in the batch's order. */
    private final Map<String, byte[]> fields;

    /**
     * @param node the batch's context object, not empty
     * @param fields each of its fields as {@code "name":value} JSON bytes, in its order
     */
    BatchContext(ObjectNode node, Map<String, byte[]> fields) {
        this.node = node;
        this.fields = fields;
    }

    public ObjectNode node() {
        return node;
    }

    /**
     * A field of a message's context as it is once the batch context is merged in, read from the two trees without
     * merging them: the message's own when its context (an object, or absent) has the field, else the batch's; a
     * missing node when neither has it. A context that is neither an object nor absent takes nothing from the batch.
     *
     * @param message the message's tree, which may lack a batch context spliced into its bytes only
     * @param batchContext the batch's context object, or null when there is none
     */
    public static JsonNode mergedContextField(JsonNode message, JsonNode batchContext, String name) {
        JsonNode own = message.path("context");
        boolean merges = batchContext != null && (own.isMissingNode() || own.isObject());
        return merges && !own.has(name) ? batchContext.path(name) : own.path(name);
    }

    /**
     * The message with the batch context merged in; the same instance when the message's context already has
     * every field.
     *
     * @param message the message's bytes, a JSON object
     * @param parsed the same message parsed; its {@code context} is absent or an object
     * @param contextEnd where in {@code message} the '}' closing its context object is, when it has one
     */
    JsonText mergeInto(JsonText message, ObjectNode parsed, int contextEnd) {
        JsonNode own = parsed.get("context");
        byte[] bytes = message.utf8();
        if (own == null) {
            int closing = lastClosingBrace(bytes);
            byte[] prefix = (parsed.isEmpty() ? "\"context\":{" : ",\"context\":{").getBytes(StandardCharsets.UTF_8);
            return new JsonText(splice(bytes, closing, prefix, new ArrayList<>(fields.values()), new byte[] {'}'}));
        }
        if (contextEnd < 0 || contextEnd >= bytes.length || bytes[contextEnd] != '}') {
            throw new IllegalArgumentException("the message's context object does not close where its parse said");
        }
        List<byte[]> missing = new ArrayList<>();
        for (Map.Entry<String, byte[]> field : fields.entrySet()) {
            if (!own.has(field.getKey())) {
                missing.add(field.getValue());
            }
        }
        if (missing.isEmpty()) {
            return message;
        }
        byte[] prefix = own.isEmpty() ? new byte[0] : new byte[] {','};
        return new JsonText(splice(bytes, contextEnd, prefix, missing, new byte[0]));
    }

    /** {@code bytes} with {@code prefix}, the comma-joined {@code parts} and {@code suffix} inserted at {@code at}. */
    private static byte[] splice(byte[] bytes, int at, byte[] prefix, List<byte[]> parts, byte[] suffix) {
        int length = bytes.length + prefix.length + suffix.length + Math.max(0, parts.size() - 1);
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, 0, at);
        int position = at;
        System.arraycopy(prefix, 0, out, position, prefix.length);
        position += prefix.length;
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out[position++] = ',';
            }
            System.arraycopy(parts.get(i), 0, out, position, parts.get(i).length);
            position += parts.get(i).length;
        }
        System.arraycopy(suffix, 0, out, position, suffix.length);
        position += suffix.length;
        System.arraycopy(bytes, at, out, position, bytes.length - at);
        return out;
    }

    private static int lastClosingBrace(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '}') {
                return i;
            }
        }
        throw new IllegalArgumentException("a message object has no closing brace");
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
