package io.tekil.server.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.server.TestingTekil;
import io.tekil.server.TestingTekil.Response;
import io.tekil.server.WithTekilServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** A fresh server per test, with the calls segment tests make. */
abstract class WithSegmentServer extends WithTekilServer {
    static final String CART = "did \"Product Added\" in last 2 hours and not did \"Order Completed\" after last \"Product Added\"";

    /** An admin call with a JSON body (none when null). */
    Response send(String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(tekil.mapper().writeValueAsString(body));
        return tekil.send(HttpRequest.newBuilder(tekil.uri(path)).header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                .method(method, publisher).build());
    }

    /** A track event a minute old. */
    void track(String messageId, String identity, String event) {
        String message = String.format("{\"type\":\"track\",\"messageId\":\"%s\",%s,\"event\":\"%s\",\"timestamp\":\"%s\"}",
                messageId, identity, event, Instant.now().minusSeconds(60));
        assertThat(tekil.post("/v1/track", message).status()).isEqualTo(200);
    }

    List<String> members(String segment) {
        JsonNode page = tekil.admin("/api/segments/" + segment + "/members").json();
        return tekil.mapper().convertValue(page.path("members"), tekil.mapper().getTypeFactory().constructCollectionType(List.class, String.class));
    }

    String profileOf(String type, String value) {
        return tekil.admin("/api/profiles/lookup?type=" + type + "&value=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)).json().path("id").asText();
    }
}
