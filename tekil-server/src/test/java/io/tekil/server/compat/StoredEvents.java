package io.tekil.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.server.TestingTekil;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads what a {@link TestingTekil} stored through its admin API and compares it with what an SDK sent. */
final class StoredEvents {
    private StoredEvents() {}

    /** The stored events of {@code source}, newest first; fails when there are as many as the API's page limit. */
    static List<JsonNode> list(TestingTekil tekil, String source) {
        TestingTekil.Response response = tekil.admin("/api/events?limit=10000&source=" + source);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        response.json().path("events").forEach(events::add);
        assertThat(events).as("more events than one page of the admin API holds").hasSizeLessThan(10_000);
        return events;
    }

    /** Polls the admin API until {@code source} holds {@code count} events; returns them. */
    static List<JsonNode> awaitCount(TestingTekil tekil, String source, int count) {
        TestingTekil.await(Duration.ofSeconds(30), count + " stored events in source " + source,
                () -> list(tekil, source).size() >= count);
        return list(tekil, source);
    }

    /** {@code GET /api/events/{messageId}}, asserting 200: exactly one event has this id. */
    static ObjectNode get(TestingTekil tekil, String messageId) {
        TestingTekil.Response response = tekil.admin("/api/events/" + URLEncoder.encode(messageId, StandardCharsets.UTF_8));
        assertThat(response.status()).as("GET /api/events/%s: %s", messageId, response).isEqualTo(200);
        return (ObjectNode) response.json();
    }

    /**
     * Asserts that every message of {@code request} is stored exactly as the SDK sent it, with only Tekil's
     * documented changes: the body-level {@code context} fills in what the message's own context lacks, the
     * body-level {@code sentAt} stands in for a missing one, and Tekil adds {@code receivedAt}, {@code source}
     * and {@code channel} (the source's channel, replacing any the client sent).
     */
    static void assertStoredAsSent(TestingTekil tekil, WireTap.Recorded request, Instant receivedNotBefore) {
        JsonNode batchContext = request.body().path("context");
        String batchSentAt = request.body().path("sentAt").asText(null);
        for (JsonNode sent : request.messages()) {
            String messageId = sent.path("messageId").asText();
            ObjectNode stored = get(tekil, messageId);

            ObjectNode expected = sent.deepCopy();
            expected.remove("writeKey");
            if (batchContext.isObject() && !batchContext.isEmpty()) {
                ObjectNode context = expected.has("context") ? (ObjectNode) expected.get("context") : expected.putObject("context");
                for (Map.Entry<String, JsonNode> field : batchContext.properties()) {
                    if (!context.has(field.getKey())) {
                        context.set(field.getKey(), field.getValue());
                    }
                }
            }
            String sentAt = sent.hasNonNull("sentAt") ? sent.get("sentAt").asText() : batchSentAt;
            assertThat(sentAt).as("the SDK sends sentAt on the message or the batch").isNotNull();
            assertThat(Instant.parse(stored.path("sentAt").asText())).as("sentAt of %s", messageId).isEqualTo(Instant.parse(sentAt));
            expected.set("sentAt", stored.get("sentAt"));

            assertThat(stored.path("tekil").path("source").asText()).isEqualTo(tekil.source().name());
            assertThat(stored.path("tekil").path("channel").asText()).isEqualTo(tekil.source().channel().id());
            assertThat(Instant.parse(stored.path("receivedAt").asText())).isBetween(receivedNotBefore, Instant.now());
            expected.set("tekil", stored.get("tekil"));
            expected.set("receivedAt", stored.get("receivedAt"));

            assertThat(stored).as("stored event %s", messageId).isEqualTo(expected);
        }
    }
}
