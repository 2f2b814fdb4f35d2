package io.tekil.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.core.event.Channel;
import io.tekil.server.TestingTekil;
import io.tekil.server.TestingTekil.Response;
import io.tekil.server.config.TekilConfig;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestMatchingApi {
    private static final String[] FIRST = {"Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin",
        "Hasan", "İbrahim", "Işıl", "Çağrı", "Gökhan", "Özge", "Şule", "Ümit", "Burak", "Deniz"};
    private static final String[] LAST = {"Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir", "Arslan",
        "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Polat"};
    private static final String[] CITY = {"İstanbul", "Ankara", "İzmir", "Bursa", "Antalya", "Konya"};

    @TempDir
    Path directory;

    private TestingTekil tekil;

    @AfterEach
    void stop() {
        if (tekil != null) {
            tekil.close();
        }
    }

    /** Ayşe in the CRM and on the web shop, with no identifier in common, among 400 other customers. */
    private void customers(String crmKey) {
        Random random = new Random(5);
        StringJoiner batch = new StringJoiner(",", "{\"batch\":[", "]}");
        for (int i = 0; i < 400; i++) {
            LocalDate born = LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28));
            batch.add(String.format("{\"type\":\"identify\",\"messageId\":\"bg-%d\",\"userId\":\"u-bg-%d\",\"traits\":{\"firstName\":\"%s\","
                    + "\"lastName\":\"%s\",\"birthday\":\"%s\",\"city\":\"%s\"}}", i, i, FIRST[random.nextInt(FIRST.length)],
                    LAST[random.nextInt(LAST.length)], born, CITY[random.nextInt(CITY.length)]));
        }
        batch.add("""
                {"type":"identify","messageId":"w1","userId":"u-ayse","traits":{"email":"ayse.y@gmail.com","firstName":"Ayse","lastName":"YILMAZ","birthday":"1984-05-12","city":"istanbul"}}""");
        assertThat(tekil.post("/v1/batch", batch.toString()).status()).isEqualTo(200);
        tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/identify")).header("Authorization", TestingTekil.basic(crmKey))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"messageId":"c1","anonymousId":"crm-row-1","context":{"externalIds":[{"id":"C100234","type":"crm_id"}]},
                         "traits":{"crm_id":"C100234","firstName":"Ayşe","lastName":"Yılmaz","birthday":"1984-05-12","address":{"city":"İstanbul"},"phone":"0532 123 45 67"}}""")).build());
    }

    @Test
    void matchingLinksOnePersonsRecordsAndTheLinkExplainsItselfAndCanBeUndone() {
        tekil = new TestingTekil(directory);
        customers(tekil.server().sources().create("crm", Channel.CRM).writeKey());
        assertThat(lookup("crm_id", "C100234").path("id")).isNotEqualTo(lookup("user_id", "u-ayse").path("id"));

        JsonNode run = admin("POST", "/api/matching/run").json();
        assertThat(run.path("records").asInt()).isEqualTo(402);
        assertThat(run.path("links").asInt()).isPositive();
        JsonNode ayse = lookup("crm_id", "C100234");
        assertThat(ayse.path("id")).isEqualTo(lookup("user_id", "u-ayse").path("id"));

        JsonNode identity = tekil.admin("/api/profiles/" + ayse.path("id").asText() + "/identity").json();
        JsonNode link = null;
        for (JsonNode candidate : identity.path("links")) {
            if (candidate.path("rule").asText().startsWith("probabilistic")) {
                link = candidate;
            }
        }
        assertThat(link).isNotNull();
        assertThat(link.path("source").asText()).isEqualTo("matching");
        assertThat(link.path("rule").asText()).contains("first_name equal").contains("birth_date equal").contains("city equal");

        Response removed = tekil.send(HttpRequest.newBuilder(tekil.uri("/api/profiles/" + ayse.path("id").asText() + "/links/" + link.path("id").asText()))
                .header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN).DELETE().build());
        assertThat(removed.status()).isEqualTo(200);
        assertThat(lookup("crm_id", "C100234").path("id")).isNotEqualTo(lookup("user_id", "u-ayse").path("id"));
        admin("POST", "/api/matching/run");
        assertThat(lookup("crm_id", "C100234").path("id")).as("an unmerged pair stays apart").isNotEqualTo(lookup("user_id", "u-ayse").path("id"));
    }

    @Test
    void pairsBetweenTheThresholdsWaitForAPersonWhoseDecisionSticks() {
        tekil = new TestingTekil(directory, Map.of(TekilConfig.MATCH_LINK.name(), "0.99999999999999"));
        customers(tekil.server().sources().create("crm", Channel.CRM).writeKey());
        admin("POST", "/api/matching/run");
        JsonNode reviews = tekil.admin("/api/matching/reviews").json().path("reviews");
        JsonNode ayse = null;
        for (JsonNode review : reviews) {
            if (review.path("explanation").asText().contains("first_name equal") && review.toString().contains("C100234")) {
                ayse = review;
            }
        }
        assertThat(ayse).as(reviews.toString()).isNotNull();
        assertThat(ayse.path("status").asText()).isEqualTo("pending");
        assertThat(ayse.path("probability").asDouble()).isBetween(0.9, 1.0);

        JsonNode accepted = admin("POST", "/api/matching/reviews/" + ayse.path("id").asText() + "/accept").json();
        assertThat(accepted.path("review").path("status").asText()).isEqualTo("accepted");
        assertThat(accepted.path("changes").get(0).path("change").asText()).isEqualTo("profile.merged");
        assertThat(lookup("crm_id", "C100234").path("id")).isEqualTo(lookup("user_id", "u-ayse").path("id"));
        assertThat(admin("POST", "/api/matching/reviews/" + ayse.path("id").asText() + "/reject").status()).isEqualTo(409);

        tekil.restart();
        JsonNode decided = tekil.admin("/api/matching/reviews?status=accepted").json().path("reviews");
        assertThat(decided.findValuesAsText("id")).contains(ayse.path("id").asText());
        assertThat(admin("POST", "/api/matching/reviews/999999/accept").status()).isEqualTo(404);
        assertThat(tekil.admin("/api/matching/reviews?status=maybe").status()).isEqualTo(400);
        long pendingBefore = tekil.admin("/api/matching/reviews?limit=1000").json().path("count").asLong();
        if (pendingBefore > 0) {
            String other = tekil.admin("/api/matching/reviews").json().path("reviews").get(0).path("id").asText();
            assertThat(admin("POST", "/api/matching/reviews/" + other + "/reject").json().path("review").path("status").asText()).isEqualTo("rejected");
            admin("POST", "/api/matching/run");
            assertThat(tekil.admin("/api/matching/reviews?limit=1000").json().path("count").asLong()).as("a decided pair is not suggested again")
                    .isEqualTo(pendingBefore - 1);
        }
    }

    /** matching.model: the server matches with the file's comparisons, blocking and fixed weights, and does not start on a bad file. */
    @Test
    void theServerMatchesWithTheModelFileOfTheConfiguration(@TempDir Path elsewhere) throws Exception {
        Path model = elsewhere.resolve("model.yaml");
        Files.writeString(model, """
                comparisons:
                  - { field: first_name, kind: jaro-winkler, high: 0.94, low: 0.85, m: [0.9, 0.04, 0.03, 0.03], u: [0.05625, 0.05, 0.1, 0.79375] }
                  - { field: last_name, kind: exact, m: [0.9, 0.1], u: [0.1125, 0.8875] }
                  - { field: birth_date, kind: birth-date, m: [0.96, 0.02, 0.01, 0.01], u: [0.00375, 0.01, 0.01, 0.97625] }
                  - { field: city, kind: exact, m: [0.8, 0.2], u: [0.2, 0.8] }
                blocking:
                  - key: [last_name, birth_date.year]
                weights: { estimate: fixed, prior: 0.001 }
                thresholds: { link: 0.99, review: 0.5 }
                """);
        tekil = new TestingTekil(directory, Map.of(TekilConfig.MATCH_MODEL.name(), model.toString()));
        customers(tekil.server().sources().create("crm", Channel.CRM).writeKey());
        admin("POST", "/api/matching/run");
        JsonNode ayse = lookup("crm_id", "C100234");
        assertThat(ayse.path("id")).isEqualTo(lookup("user_id", "u-ayse").path("id"));
        JsonNode identity = tekil.admin("/api/profiles/" + ayse.path("id").asText() + "/identity").json();
        assertThat(identity.path("links").findValuesAsText("rule")).anySatisfy(rule -> assertThat(rule)
                .isEqualTo("probabilistic score 17.0, p 0.99244: first_name equal +4.0, last_name equal +3.0, birth_date equal +8.0, city equal +2.0"));
        tekil.close();
        tekil = null;

        Files.writeString(model, "comparisons: [{field: first_name, kind: exact}]\nblocking: [{key: [first_name.initial]}]\n");
        assertThatThrownBy(() -> new TestingTekil(elsewhere.resolve("data"), Map.of(TekilConfig.MATCH_MODEL.name(), model.toString())))
                .hasMessageContaining("invalid value for matching.model (from the given settings): matching model " + model + " has 1 problem:")
                .hasMessageContaining("blocking[1].key[1]: 'first_name.initial' is not a key part");
    }

    private Response admin(String method, String path) {
        return tekil.send(HttpRequest.newBuilder(tekil.uri(path)).header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode lookup(String type, String value) {
        Response response = tekil.admin("/api/profiles/lookup?type=" + type + "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
