package io.tekil.core.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.core.event.JsonText;

/**
 * One element of a request, before validation.
 *
 * @param index the position in the batch (0 for single-message endpoints)
 * @param node the parsed element; may be any JSON value, validation rejects what is not an object. A batch
 *     message's tree holds only what validation reads of its {@code properties}, {@code context} and
 *     {@code integrations} (see {@link BatchParser}); {@code json} is the whole message
 * @param json the element's exact bytes as the client sent them
 * @param bytes the element's size in bytes, as counted against the per-event limit
 * @param contextEnd the offset in {@code json} of the '}' closing the message's top-level {@code context}
 *     object (the last one, as the tree keeps it), or -1 when there is none or it is not an object
 */
public record RawMessage(int index, JsonNode node, JsonText json, int bytes, int contextEnd) {
    public RawMessage {
        requireNonNull(node, "node is null");
        requireNonNull(json, "json is null");
    }
}
