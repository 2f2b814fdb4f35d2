package io.tekil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.server.TestingTekil;
import io.tekil.server.WithTekilServer;
import io.tekil.server.TestingTekil.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class TestTrackingApi extends WithTekilServer {
    private static String track(String messageId) {
        return String.format("{\"type\":\"track\",\"messageId\":\"%s\",\"userId\":\"u-1\",\"event\":\"Product Viewed\","
                + "\"properties\":{\"category\":\"Ayakkabı\",\"price\":899.9,\"currency\":\"TRY\"},"
                + "\"context\":{\"locale\":\"tr-TR\",\"ip\":\"85.105.1.1\"},\"timestamp\":\"2026-11-21T18:45:00.000+03:00\"}", messageId);
    }

    private static String batch(String... messages) {
        return "{\"batch\":[" + String.join(",", messages) + "]}";
    }

    @Test
    void batchIsStoredAndReadBackWithWhatTekilAdded() {
        Response response = tekil.post("/v1/batch", batch(track("m-1"), track("m-2")));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("stored").asInt()).isEqualTo(2);
        assertThat(response.json().path("success").asBoolean()).isTrue();

        JsonNode event = tekil.admin("/api/events/m-1").json();
        assertThat(event.path("event").asText()).isEqualTo("Product Viewed");
        assertThat(event.path("properties").path("category").asText()).isEqualTo("Ayakkabı");
        assertThat(event.path("context").path("locale").asText()).isEqualTo("tr-TR");
        assertThat(event.path("timestamp").asText()).isEqualTo("2026-11-21T18:45:00.000+03:00");
        assertThat(event.path("tekil").path("source").asText()).isEqualTo("web");
        assertThat(event.path("tekil").path("channel").asText()).isEqualTo("web");
        assertThat(Instant.parse(event.path("receivedAt").asText())).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void writeKeyMayComeInTheBodyAndImportAcceptsATrailingSlash() {
        String body = "{\"writeKey\":\"" + tekil.writeKey() + "\",\"batch\":[" + track("m-1") + "]}";
        for (String path : new String[] {"/v1/import/", "/v1/import", "/v1/batch/"}) {
            Response response = tekil.send(HttpRequest.newBuilder(tekil.uri(path))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            assertThat(response.status()).as(path).isEqualTo(200);
        }
        assertThat(tekil.storedEvents()).isEqualTo(1);
    }

    @Test
    void everySingleCallEndpointStoresItsType() {
        assertThat(tekil.post("/v1/track", "{\"userId\":\"u\",\"event\":\"Signed Up\"}").status()).isEqualTo(200);
        assertThat(tekil.post("/v1/identify/", "{\"userId\":\"u\",\"traits\":{\"email\":\"ayse@example.com\"}}").status()).isEqualTo(200);
        assertThat(tekil.post("/v1/page", "{\"anonymousId\":\"a\",\"name\":\"Ana Sayfa\"}").status()).isEqualTo(200);
        assertThat(tekil.post("/v1/screen", "{\"anonymousId\":\"a\",\"name\":\"Sepet\"}").status()).isEqualTo(200);
        assertThat(tekil.post("/v1/group", "{\"userId\":\"u\",\"groupId\":\"g-1\"}").status()).isEqualTo(200);
        assertThat(tekil.post("/v1/alias", "{\"userId\":\"u\",\"previousId\":\"a\"}").status()).isEqualTo(200);
        JsonNode events = tekil.admin("/api/events?limit=10").json().path("events");
        assertThat(events).extracting(e -> e.path("type").asText())
                .containsExactlyInAnyOrder("track", "identify", "page", "screen", "group", "alias");
        for (String type : new String[] {"track", "identify", "page", "screen", "group", "alias"}) {
            assertThat(tekil.admin("/api/events?type=" + type).json().path("events")).as(type).hasSize(1);
        }
    }

    @Test
    void gzipBodiesAreAcceptedWhateverTheContentTypeSays() throws IOException {
        byte[] gzipped = gzip(batch(track("m-1")));
        Response declared = tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/batch"))
                .header("Authorization", TestingTekil.basic(tekil.writeKey()))
                .header("Content-Encoding", "gzip")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped)).build());
        assertThat(declared.status()).isEqualTo(200);

        // rudder-sdk-node labels gzipped JSON as form-urlencoded.
        Response mislabelled = tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/batch"))
                .header("Authorization", TestingTekil.basic(tekil.writeKey()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(batch(track("m-2"))))).build());
        assertThat(mislabelled.status()).isEqualTo(200);
        assertThat(tekil.storedEvents()).isEqualTo(2);
    }

    @Test
    void chunkedBodiesAreAccepted() throws IOException {
        byte[] body = gzip(batch(track("m-1"), track("m-2"), track("m-3")));
        Response response = tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/batch"))
                .header("Authorization", TestingTekil.basic(tekil.writeKey()))
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("stored").asInt()).isEqualTo(3);
    }

    @Test
    void retriedBatchIsStoredOnceEvenAfterARestart() {
        String body = batch(track("m-1"), track("m-2"), "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"no id\"}");
        assertThat(tekil.post("/v1/batch", body).json().path("stored").asInt()).isEqualTo(3);

        Response retry = tekil.post("/v1/batch", body);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("stored").asInt()).isZero();
        assertThat(retry.json().path("duplicates").asInt()).isEqualTo(3);

        tekil.restart();
        Response afterRestart = tekil.post("/v1/batch", body);
        assertThat(afterRestart.json().path("duplicates").asInt()).isEqualTo(3);
        assertThat(tekil.storedEvents()).isEqualTo(3);
    }

    @Test
    void duplicatesWithinOneBatchAreStoredOnce() {
        Response response = tekil.post("/v1/batch", batch(track("m-1"), track("m-1")));
        assertThat(response.json().path("stored").asInt()).isEqualTo(1);
        assertThat(response.json().path("duplicates").asInt()).isEqualTo(1);
        assertThat(tekil.storedEvents()).isEqualTo(1);
    }

    @Test
    void badMessagesAreRejectedOneByOneAndQuarantined() {
        Response response = tekil.post("/v1/batch", batch(
                track("ok-1"),
                "{\"type\":\"track\",\"messageId\":\"no-ids\",\"event\":\"x\"}",
                track("ok-2"),
                "{\"type\":\"track\",\"messageId\":\"no-name\",\"userId\":\"u\"}",
                "{\"type\":\"track\",\"messageId\":\"bad-time\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":\"yesterday\"}"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("stored").asInt()).isEqualTo(2);
        JsonNode rejected = response.json().path("rejected");
        assertThat(rejected).extracting(r -> r.path("index").asInt()).containsExactly(1, 3, 4);
        assertThat(rejected).extracting(r -> r.path("messageId").asText()).containsExactly("no-ids", "no-name", "bad-time");
        assertThat(rejected.get(0).path("reason").asText()).contains("neither 'userId' nor 'anonymousId'");
        assertThat(rejected.get(1).path("reason").asText()).contains("non-empty 'event'");
        assertThat(rejected.get(2).path("reason").asText()).contains("bad timestamp");

        JsonNode quarantine = tekil.admin("/api/quarantine?source=web").json().path("events");
        assertThat(quarantine).extracting(q -> q.path("messageId").asText()).containsExactlyInAnyOrder("no-ids", "no-name", "bad-time");
        assertThat(quarantine.get(0).path("payload").isObject()).isTrue();
        assertThat(tekil.storedEvents()).isEqualTo(2);
    }

    @Test
    void batchWithOnlyBadMessagesIs400() {
        Response response = tekil.post("/v1/batch", batch("{\"type\":\"track\",\"event\":\"x\"}"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).startsWith("the message was rejected: the message has neither");
        Response single = tekil.post("/v1/track", "{\"userId\":\"u\"}");
        assertThat(single.status()).isEqualTo(400);
        assertThat(tekil.admin("/api/quarantine").json().path("events")).hasSize(2);
    }

    @Test
    void wrongOrMissingWriteKeyIs401() {
        Response wrong = tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/batch"))
                .header("Authorization", TestingTekil.basic("wk_not-a-key"))
                .POST(HttpRequest.BodyPublishers.ofString(batch(track("m-1")))).build());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("error").asText()).startsWith("unknown write key");

        Response missing = tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/batch"))
                .POST(HttpRequest.BodyPublishers.ofString(batch(track("m-1")))).build());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("error").asText()).startsWith("missing write key");

        Response wrongInBody = tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/batch"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\":\"nope\",\"batch\":[]}")).build());
        assertThat(wrongInBody.status()).isEqualTo(401);
        assertThat(tekil.storedEvents()).isZero();
    }

    @Test
    void wrongMethodsAndPathsAreExplained() {
        Response get = tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/batch")).GET().build());
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.json().path("error").asText()).contains("use [POST]");
        assertThat(tekil.post("/v1/purchase", "{}").status()).isEqualTo(404);
        assertThat(tekil.post("/nothing", "{}").status()).isEqualTo(404);
    }

    @Test
    void browsersMayCallCrossOrigin() {
        var response = tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/batch"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://shop.example.com.tr")
                .header("Access-Control-Request-Method", "POST").build());
        assertThat(response.status()).isEqualTo(204);
    }

    @Test
    void healthAnswersOnceServing() {
        Response health = tekil.send(HttpRequest.newBuilder(tekil.uri("/health")).GET().build());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("ok");
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
