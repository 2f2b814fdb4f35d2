package io.tekil.server.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.server.TestingTekil;
import io.tekil.server.WithTekilServer;
import io.tekil.server.TestingTekil.Response;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestSegmentApi extends WithTekilServer {
    private static final String SHOES_NOT_BOUGHT = "did \"Product Viewed\" where category = \"Ayakkabı\" in last 30 days "
            + "and not did \"Order Completed\" in last 30 days and city = \"izmir\"";

    /** Ayşe browses shoes anonymously, then logs in (from İzmir); Mehmet views shoes and buys; Can only browses bags. */
    private void shoppers() {
        Instant now = Instant.now();
        String batch = String.format("""
                {"batch":[
                 {"type":"track","messageId":"a1","anonymousId":"cookie-ayse","event":"Product Viewed","properties":{"category":"AYAKKABI"},"timestamp":"%1$s"},
                 {"type":"identify","messageId":"a2","anonymousId":"cookie-ayse","userId":"u-ayse","traits":{"city":"İzmir"},"timestamp":"%2$s"},
                 {"type":"track","messageId":"m1","userId":"u-mehmet","event":"Product Viewed","properties":{"category":"Ayakkabı"},"timestamp":"%1$s"},
                 {"type":"track","messageId":"m2","userId":"u-mehmet","event":"Order Completed","properties":{"revenue":1299.9},"timestamp":"%2$s"},
                 {"type":"identify","messageId":"m3","userId":"u-mehmet","traits":{"city":"IZMIR"},"timestamp":"%2$s"},
                 {"type":"track","messageId":"c1","userId":"u-can","event":"Product Viewed","properties":{"category":"Çanta"},"timestamp":"%1$s"},
                 {"type":"identify","messageId":"c2","userId":"u-can","traits":{"city":"İzmir"},"timestamp":"%2$s"}
                ]}""", now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)));
        assertThat(tekil.post("/v1/batch", batch).status()).isEqualTo(200);
    }

    private Response post(String path, String body) {
        return tekil.send(HttpRequest.newBuilder(tekil.uri(path)).header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String profileOf(String userId) {
        return tekil.admin("/api/profiles/lookup?type=user_id&value=" + userId).json().path("id").asText();
    }

    @Test
    void aPreviewCountsTheProfilesARuleSelectsOverTheUnifiedProfiles() throws Exception {
        shoppers();
        Response response = post("/api/segments/preview", tekil.mapper().writeValueAsString(java.util.Map.of("rule", SHOES_NOT_BOUGHT)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode preview = response.json();
        // Ayşe's anonymous view counts on her profile once she logged in
        assertThat(preview.path("size").asInt()).isEqualTo(1);
        assertThat(preview.path("sample").get(0).asText()).isEqualTo(profileOf("u-ayse"));
        assertThat(preview.path("profiles").asInt()).isEqualTo(3);
        assertThat(preview.path("warnings")).isEmpty();
        assertThat(preview.path("timeZone").asText()).isEqualTo("Europe/Istanbul");

        // the JSON form of the same rule selects the same profiles
        Response fromJson = post("/api/segments/preview", "{\"rule\":" + preview.path("json") + "}");
        assertThat(fromJson.json().path("size").asInt()).isEqualTo(1);

        // a preview after new events sees them (the loaded profiles are refreshed when anything changed)
        assertThat(tekil.post("/v1/track", String.format("{\"messageId\":\"a3\",\"userId\":\"u-ayse\",\"event\":\"Order Completed\",\"timestamp\":\"%s\"}",
                Instant.now().minus(Duration.ofDays(1)))).status()).isEqualTo(200);
        assertThat(post("/api/segments/preview", tekil.mapper().writeValueAsString(java.util.Map.of("rule", SHOES_NOT_BOUGHT))).json().path("size").asInt())
                .isZero();
        assertThat(post("/api/segments/preview", tekil.mapper().writeValueAsString(java.util.Map.of("rule", SHOES_NOT_BOUGHT))).json().path("size").asInt())
                .as("a second preview of unchanged profiles").isZero();

        JsonNode typo = post("/api/segments/preview", "{\"rule\":\"did \\\"Order Complted\\\" and citty exists\"}").json();
        assertThat(typo.path("warnings")).extracting(JsonNode::asText).containsExactly(
                "no event named 'Order Complted' has been seen yet; did you mean 'Order Completed'?",
                "no trait named 'citty' has been seen yet; did you mean 'city'?");
    }

    @Test
    void messagesThatDuckDbsJsonFunctionsWouldRefuseAreStoredReadable() throws Exception {
        // DuckDB's JSON functions refuse a text that starts with a byte-order mark, and the escape of a lone surrogate
        // (JSON.stringify writes one for a string cut in the middle of an emoji): one such stored message would fail
        // every query that reads messages' properties
        Response sent = tekil.post("/v1/track", "\uFEFF{\"messageId\":\"bom-1\",\"userId\":\"u-bom\",\"event\":\"Product Viewed\","
                + "\"properties\":{\"category\":\"Ayakkabı\",\"brand\":\"Tekil\"}}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        Response cut = tekil.post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"messageId\":\"cut-1\",\"userId\":\"u-cut\",\"event\":\"Product Viewed\","
                + "\"properties\":{\"name\":\"Kırmızı Elbise \\ud83d\",\"brand\":\"Tekil\"}}]}");
        assertThat(cut.status()).as(cut.body()).isEqualTo(200);
        assertThat(previewSize("did \"Product Viewed\" where brand = \"Tekil\" in last 30 days")).isEqualTo(2);
        assertThat(tekil.admin("/api/events/cut-1").json().path("properties").path("name").asText()).isEqualTo("Kırmızı Elbise \uFFFD");
    }

    private int previewSize(String rule) throws Exception {
        Response response = post("/api/segments/preview", tekil.mapper().writeValueAsString(java.util.Map.of("rule", rule)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("size").asInt();
    }

    @Test
    void previewsFollowEveryKindOfProfileChangeWithoutReloadingEveryProfile() throws Exception {
        shoppers();
        String izmirShoes = "city = \"izmir\" and did \"Product Viewed\" where category = \"ayakkabı\"";
        assertThat(previewSize(izmirShoes)).isEqualTo(2);
        // a trait change
        assertThat(tekil.post("/v1/identify", "{\"messageId\":\"t1\",\"userId\":\"u-mehmet\",\"traits\":{\"city\":\"Ankara\"}}").status()).isEqualTo(200);
        assertThat(previewSize(izmirShoes)).isEqualTo(1);
        // a new cookie's view, then the cookie logs in as Can: his profile gains the cookie's events
        assertThat(tekil.post("/v1/track", "{\"messageId\":\"k1\",\"anonymousId\":\"cookie-can\",\"event\":\"Product Viewed\",\"properties\":{\"category\":\"Ayakkabı\"}}")
                .status()).isEqualTo(200);
        assertThat(previewSize("did \"Product Viewed\" where category = \"ayakkabı\"")).isEqualTo(3);
        assertThat(tekil.post("/v1/identify", "{\"messageId\":\"k2\",\"anonymousId\":\"cookie-can\",\"userId\":\"u-can\"}").status()).isEqualTo(200);
        assertThat(previewSize(izmirShoes)).isEqualTo(2);
        assertThat(previewSize("did \"Product Viewed\" where category = \"ayakkabı\"")).as("the cookie's profile is merged away").isEqualTo(3);
        // unmerge the cookie: Can is out again
        JsonNode identityView = tekil.admin("/api/profiles/" + profileOf("u-can") + "/identity").json();
        assertThat(post("/api/profiles/" + profileOf("u-can") + "/unmerge", "{\"type\":\"anonymous_id\",\"value\":\"cookie-can\"}").status())
                .as(identityView.toString()).isEqualTo(200);
        assertThat(previewSize(izmirShoes)).isEqualTo(1);
        // a saved segment's membership changes are seen by rules that read it
        assertThat(post("/api/segments", "{\"name\":\"ankara\",\"rule\":\"city = \\\"ankara\\\"\"}").status()).isEqualTo(201);
        assertThat(previewSize("in segment \"ankara\"")).isEqualTo(1);
        assertThat(tekil.post("/v1/identify", "{\"messageId\":\"t2\",\"userId\":\"u-ayse\",\"traits\":{\"city\":\"Ankara\"}}").status()).isEqualTo(200);
        TestingTekil.await(Duration.ofSeconds(10), "Ayşe in ankara", () -> {
            try {
                return previewSize("in segment \"ankara\"") == 2;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(previewSize("city exists")).isEqualTo(3);

        // a sixth e-mail on Mehmet's profile breaks the limit of five: it becomes a profile of its own, which previews count
        int before = previewSize("not did \"Nothing Ever Happens\"");
        for (int i = 1; i <= 6; i++) {
            assertThat(tekil.post("/v1/identify", String.format("{\"messageId\":\"e%d\",\"userId\":\"u-mehmet\",\"traits\":{\"email\":\"mehmet%d@example.com\"}}",
                    i, i)).status()).isEqualTo(200);
        }
        assertThat(previewSize("not did \"Nothing Ever Happens\"")).isEqualTo(before + 1);
    }

    @Test
    void anExplanationShowsWhyAProfileIsInOrOut() throws Exception {
        shoppers();
        JsonNode ayse = post("/api/segments/explain", tekil.mapper().writeValueAsString(
                java.util.Map.of("rule", SHOES_NOT_BOUGHT, "profileId", profileOf("u-ayse")))).json();
        assertThat(ayse.path("member").asBoolean()).isTrue();
        JsonNode viewed = ayse.path("explanation").path("parts").get(0);
        assertThat(viewed.path("evidence").asText()).isEqualTo("1 of 1 matching event in the window");
        assertThat(viewed.path("events")).extracting(JsonNode::asText).containsExactly("a1");
        // she leaves when her view is 30 days old, at a midnight in İstanbul
        assertThat(Instant.parse(ayse.path("nextChange").asText())).isAfter(Instant.now().plus(Duration.ofDays(26)));

        JsonNode mehmet = post("/api/segments/explain", tekil.mapper().writeValueAsString(
                java.util.Map.of("rule", SHOES_NOT_BOUGHT, "profileId", profileOf("u-mehmet")))).json();
        assertThat(mehmet.path("member").asBoolean()).isFalse();
        assertThat(mehmet.path("explanation").path("parts").get(1).path("parts").get(0).path("events")).extracting(JsonNode::asText).containsExactly("m2");
    }

    @Test
    void badRulesAndRequestsAreRefusedWithWhatToFix() {
        Response syntax = post("/api/segments/preview", "{\"rule\":\"did \\\"X\\\" in last 30 dayz\"}");
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.json().path("error").asText()).isEqualTo("the rule does not parse: line 1, column 20: found 'dayz', expected minutes, hours, days or months");
        Response json = post("/api/segments/preview", "{\"rule\":{\"kind\":\"nope\"}}");
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.json().path("error").asText()).contains("at $.kind: 'nope' is not one of");
        assertThat(post("/api/segments/preview", "{}").status()).isEqualTo(400);
        assertThat(post("/api/segments/preview", "not json").status()).isEqualTo(400);
        assertThat(post("/api/segments/explain", "{\"rule\":\"city exists\",\"profileId\":\"p-nobody\"}").status()).isEqualTo(404);
        assertThat(tekil.send(HttpRequest.newBuilder(tekil.uri("/api/segments/preview")).POST(HttpRequest.BodyPublishers.ofString("{}")).build()).status())
                .isEqualTo(401);
    }
}
