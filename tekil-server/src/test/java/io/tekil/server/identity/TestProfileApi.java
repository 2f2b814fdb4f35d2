package io.tekil.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.server.TestingTekil;
import io.tekil.server.TestingTekil.Response;
import io.tekil.server.config.TekilConfig;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestProfileApi {
    @TempDir
    Path directory;

    private TestingTekil tekil;

    @AfterEach
    void stop() {
        if (tekil != null) {
            tekil.close();
        }
    }

    @Test
    void anonymousBrowsingJoinsTheProfileAtLoginAndSurvivesARestart() {
        tekil = new TestingTekil(directory);
        tekil.post("/v1/batch", """
                {"batch":[
                 {"type":"page","messageId":"m1","anonymousId":"c-laptop","name":"Ana Sayfa"},
                 {"type":"track","messageId":"m2","anonymousId":"c-laptop","event":"Product Viewed"},
                 {"type":"identify","messageId":"m3","anonymousId":"c-laptop","userId":"u-ayse","traits":{"email":"AYŞE.İNCE@Example.com","phone":"0532 123 45 67"}}]}""");

        JsonNode byEmail = lookup("email", "ayşe.ince@example.com");
        assertThat(identifiers(byEmail)).containsExactlyInAnyOrder("user_id:u-ayse", "email:ayşe.ince@example.com",
                "phone:+905321234567", "anonymous_id:c-laptop");
        assertThat(lookup("phone", "+90 (532) 123-4567").path("id")).isEqualTo(byEmail.path("id"));
        assertThat(lookup("anonymous_id", "c-laptop").path("id")).isEqualTo(byEmail.path("id"));

        tekil.restart();
        assertThat(lookup("user_id", "u-ayse").path("id")).isEqualTo(byEmail.path("id"));
        assertThat(tekil.admin("/api/profiles/lookup?type=email&value=nobody@x.com").status()).isEqualTo(404);
        assertThat(tekil.admin("/api/profiles/lookup?type=email&value=test@test.com").json().path("error").asText())
                .contains("blocked and invalid values never link");
    }

    @Test
    void offlineAndOnlineRecordsOfOnePersonMeetInOneProfile() throws Exception {
        tekil = new TestingTekil(directory);
        for (String[] file : new String[][] {{"crm-contacts.csv", "crm", "crm-contacts"}, {"pos-transactions.csv", "magaza", "pos-transactions"}}) {
            Response started = tekil.send(HttpRequest.newBuilder(tekil.uri("/api/imports?source=" + file[1] + "&mapping=" + file[2]))
                    .header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(Path.of("..", "samples", file[0])))).build());
            String id = started.json().path("id").asText();
            TestingTekil.await(Duration.ofSeconds(30), "import " + id, () -> !tekil.admin("/api/imports/" + id).json().path("finishedAt").isNull());
        }
        // CRM contact C100234 and receipt R-2026-000101 share phone and loyalty card
        JsonNode profile = lookup("crm_id", "C100234");
        assertThat(identifiers(profile)).contains("crm_id:C100234", "email:ayse.yilmaz84@gmail.com", "phone:+905321234567",
                "loyalty_id:L0000012345");
        assertThat(lookup("loyalty_id", "L0000012345").path("id")).isEqualTo(profile.path("id"));
    }

    @Test
    void aSharedTabletIsUnmergedAndTheSplitIsKeptAcrossRestarts() {
        tekil = new TestingTekil(directory);
        tekil.post("/v1/batch", """
                {"batch":[
                 {"type":"track","messageId":"t1","anonymousId":"c-1","event":"x","context":{"device":{"id":"d-aile-tableti"},"traits":{"email":"anne@x.com"}}},
                 {"type":"track","messageId":"t2","anonymousId":"c-2","event":"x","context":{"device":{"id":"d-aile-tableti"},"traits":{"email":"kiz@x.com"}}}]}""");
        JsonNode family = lookup("email", "anne@x.com");
        assertThat(lookup("email", "kiz@x.com").path("id")).as("the tablet joined them").isEqualTo(family.path("id"));
        String familyId = family.path("id").asText();

        Response unmerged = tekil.send(HttpRequest.newBuilder(tekil.uri("/api/profiles/" + familyId + "/unmerge"))
                .header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"device_id\",\"value\":\"d-aile-tableti\"}")).build());
        assertThat(unmerged.status()).isEqualTo(200);
        assertThat(unmerged.json().path("changes").get(0).path("change").asText()).isEqualTo("profile.split");
        assertThat(lookup("email", "anne@x.com").path("id")).isNotEqualTo(lookup("email", "kiz@x.com").path("id"));

        JsonNode identity = tekil.admin("/api/profiles/" + lookup("email", "anne@x.com").path("id").asText() + "/identity").json();
        assertThat(identity.path("links").findValuesAsText("status")).contains("removed");
        assertThat(identity.path("links").get(0).path("messageId").asText()).isEqualTo("t1");

        tekil.restart();
        assertThat(lookup("email", "anne@x.com").path("id")).isNotEqualTo(lookup("email", "kiz@x.com").path("id"));
        assertThat(tekil.admin("/api/profiles/p_nothing").status()).isEqualTo(404);
        assertThat(tekil.admin("/api/profiles/lookup?type=Bad%20Type&value=x").status()).isEqualTo(400);
    }

    @Test
    void eventsStoredWhileIdentityWasOffAreResolvedWhenItIsTurnedOn() {
        tekil = new TestingTekil(directory, Map.of(TekilConfig.IDENTITY_ENABLED.name(), "false"));
        tekil.post("/v1/track", "{\"userId\":\"u-1\",\"event\":\"x\",\"context\":{\"traits\":{\"email\":\"u1@x.com\"}}}");
        assertThat(tekil.admin("/api/profiles/lookup?type=email&value=u1@x.com").json().path("error").asText())
                .contains("identity resolution is off");
        tekil.close();

        tekil = new TestingTekil(directory);
        assertThat(identifiers(lookup("email", "u1@x.com"))).containsExactlyInAnyOrder("user_id:u-1", "email:u1@x.com");
    }

    private JsonNode lookup(String type, String value) {
        Response response = tekil.admin("/api/profiles/lookup?type=" + type + "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static java.util.List<String> identifiers(JsonNode profile) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        profile.path("identifiers").forEach(id -> keys.add(id.path("type").asText() + ":" + id.path("value").asText()));
        return keys;
    }
}
