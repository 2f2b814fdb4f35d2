package io.tekil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.server.TestingTekil;
import io.tekil.server.WithTekilServer;
import io.tekil.server.TestingTekil.Response;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class TestAdminApi extends WithTekilServer {
    private Response createSource(String json) {
        return tekil.send(HttpRequest.newBuilder(tekil.uri("/api/sources"))
                .header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void createdSourceGetsAWriteKeyThatWorksAtOnce() {
        Response created = createSource("{\"name\":\"magaza-pos\",\"channel\":\"store\"}");
        assertThat(created.status()).isEqualTo(201);
        String writeKey = created.json().path("writeKey").asText();
        assertThat(writeKey).startsWith("wk_");
        assertThat(created.json().path("channel").asText()).isEqualTo("store");

        JsonNode sources = tekil.admin("/api/sources").json().path("sources");
        assertThat(sources).extracting(s -> s.path("name").asText()).containsExactly("magaza-pos", "web");

        Response stored = tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/track"))
                .header("Authorization", TestingTekil.basic(writeKey))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"Order Completed\",\"messageId\":\"pos-1\"}")).build());
        assertThat(stored.status()).isEqualTo(200);
        JsonNode event = tekil.admin("/api/events/pos-1").json();
        assertThat(event.path("tekil").path("source").asText()).isEqualTo("magaza-pos");
        assertThat(event.path("tekil").path("channel").asText()).isEqualTo("store");
    }

    @Test
    void badSourceRequestsAreExplained() {
        assertThat(createSource("{\"name\":\"web\",\"channel\":\"web\"}").status()).isEqualTo(409);
        Response badChannel = createSource("{\"name\":\"tv\",\"channel\":\"television\"}");
        assertThat(badChannel.status()).isEqualTo(400);
        assertThat(badChannel.json().path("error").asText()).contains("web, mobile, store, call_center, crm, email, ads, server");
        Response badName = createSource("{\"name\":\"Mağaza POS\",\"channel\":\"store\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().path("error").asText()).contains("invalid source name");
        assertThat(createSource("not json").status()).isEqualTo(400);
        assertThat(createSource("{\"name\":\"x\"}").status()).isEqualTo(400);
    }

    @Test
    void adminApiNeedsTheToken() {
        Response missing = tekil.send(HttpRequest.newBuilder(tekil.uri("/api/events")).GET().build());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("error").asText()).startsWith("missing admin token");
        Response wrong = tekil.send(HttpRequest.newBuilder(tekil.uri("/api/events")).header("Authorization", "Bearer nope").GET().build());
        assertThat(wrong.status()).isEqualTo(401);
        Response writeKeyIsNotAdmin = tekil.send(HttpRequest.newBuilder(tekil.uri("/api/sources"))
                .header("Authorization", "Bearer " + tekil.writeKey()).GET().build());
        assertThat(writeKeyIsNotAdmin.status()).isEqualTo(401);
    }

    @Test
    void eventsFilterBySourceTypeAndTime() {
        tekil.post("/v1/batch", "{\"batch\":["
                + "{\"type\":\"track\",\"messageId\":\"a\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":\"2026-11-01T10:00:00Z\"},"
                + "{\"type\":\"track\",\"messageId\":\"b\",\"userId\":\"u\",\"event\":\"x\",\"timestamp\":\"2026-11-02T10:00:00Z\"},"
                + "{\"type\":\"page\",\"messageId\":\"c\",\"userId\":\"u\",\"name\":\"Ana Sayfa\",\"timestamp\":\"2026-11-03T10:00:00Z\"}]}");
        assertThat(ids(tekil.admin("/api/events"))).containsExactly("c", "b", "a");
        assertThat(ids(tekil.admin("/api/events?type=track&limit=1"))).containsExactly("b");
        assertThat(ids(tekil.admin("/api/events?from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z"))).containsExactly("b");
        assertThat(ids(tekil.admin("/api/events?source=web&type=page"))).containsExactly("c");

        assertThat(tekil.admin("/api/events?source=nope").status()).isEqualTo(404);
        assertThat(tekil.admin("/api/events?type=purchase").json().path("error").asText()).contains("unknown type 'purchase'");
        assertThat(tekil.admin("/api/events?limit=0").status()).isEqualTo(400);
        assertThat(tekil.admin("/api/events?from=yesterday").json().path("error").asText()).contains("ISO-8601");
        assertThat(tekil.admin("/api/events/missing").status()).isEqualTo(404);
        assertThat(tekil.admin("/api/nothing").status()).isEqualTo(404);
    }

    @Test
    void messageIdSharedBySourcesNeedsTheSourceToRead() {
        String pos = createSource("{\"name\":\"pos\",\"channel\":\"store\"}").json().path("writeKey").asText();
        tekil.post("/v1/track", "{\"userId\":\"u\",\"event\":\"x\",\"messageId\":\"same\"}");
        tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/track")).header("Authorization", TestingTekil.basic(pos))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"y\",\"messageId\":\"same\"}")).build());
        Response ambiguous = tekil.admin("/api/events/same");
        assertThat(ambiguous.status()).isEqualTo(409);
        assertThat(ambiguous.json().path("error").asText()).contains("add ?source=NAME");
        assertThat(tekil.admin("/api/events/same?source=pos").json().path("event").asText()).isEqualTo("y");
    }

    private static java.util.List<String> ids(Response response) {
        assertThat(response.status()).isEqualTo(200);
        java.util.List<String> ids = new java.util.ArrayList<>();
        response.json().path("events").forEach(e -> ids.add(e.path("messageId").asText()));
        return ids;
    }
}
