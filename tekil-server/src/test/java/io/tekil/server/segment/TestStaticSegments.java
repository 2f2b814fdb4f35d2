package io.tekil.server.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.server.TestingTekil;
import io.tekil.server.TestingTekil.Response;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Static segments (snapshots and uploaded lists) and every segment's stored history. */
class TestStaticSegments extends WithSegmentServer {
    private Response sendCsv(String method, String path, String csv) {
        return tekil.send(HttpRequest.newBuilder(tekil.uri(path)).header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                .header("Content-Type", "text/csv; charset=utf-8").method(method, HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build());
    }

    private void identify(String messageId, String userId, String traits) {
        assertThat(tekil.post("/v1/identify", String.format("{\"messageId\":\"%s\",\"userId\":\"%s\",\"traits\":%s}", messageId, userId, traits)).status())
                .isEqualTo(200);
    }

    @Test
    void aSnapshotKeepsItsMembersWhileTheRuleWouldChangeAndFollowsMerges() throws Exception {
        track("m1", "\"userId\":\"u-1\"", "Product Added");
        track("m2", "\"anonymousId\":\"cookie-2\"", "Product Added");
        Response created = send("POST", "/api/segments", Map.of("name", "Kasım sepetleri", "kind", "static", "rule", CART));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("kind").asText()).isEqualTo("static");
        assertThat(created.json().path("origin").asText()).startsWith("snapshot of the rule at ");
        assertThat(created.json().path("size").asInt()).isEqualTo(2);

        // new carts and purchases do not change a snapshot
        track("m3", "\"userId\":\"u-3\"", "Product Added");
        track("m4", "\"userId\":\"u-1\"", "Order Completed");
        String cookieProfile = tekil.admin("/api/profiles/lookup?type=anonymous_id&value=cookie-2").json().path("id").asText();
        // the anonymous member logs in: her merged profile is the member
        assertThat(tekil.post("/v1/identify", "{\"messageId\":\"i1\",\"anonymousId\":\"cookie-2\",\"userId\":\"u-2\"}").status()).isEqualTo(200);
        String merged = profileOf("user_id", "u-2");
        TestingTekil.await(Duration.ofSeconds(10), "the merge", () -> members("kasim-sepetleri").contains(merged));
        assertThat(members("kasim-sepetleri")).containsExactlyInAnyOrder(profileOf("user_id", "u-1"), merged);
        assertThat(merged.equals(cookieProfile) || !members("kasim-sepetleri").contains(cookieProfile)).isTrue();

        Response explain = tekil.admin("/api/segments/kasim-sepetleri/explain/" + merged);
        assertThat(explain.status()).isEqualTo(400);
        assertThat(explain.json().path("error").asText()).contains("is static");

        // a dynamic segment can read it, and it survives a restart
        assertThat(send("POST", "/api/segments", Map.of("name", "sepetten alanlar", "rule", "in segment \"kasim-sepetleri\" and did \"Order Completed\""))
                .json().path("size").asInt()).isEqualTo(1);
        tekil.restart();
        assertThat(members("kasim-sepetleri")).containsExactlyInAnyOrder(profileOf("user_id", "u-1"), merged);
        assertThat(members("sepetten-alanlar")).containsExactly(profileOf("user_id", "u-1"));
        assertThat(tekil.admin("/api/segments/kasim-sepetleri/history").json().path("days").get(0).path("size").asInt()).isEqualTo(2);
    }

    @Test
    void anUploadedListFindsPeopleByNormalizedIdentifiersAndSaysWhoWasNotFound() throws Exception {
        identify("i1", "u-1", "{\"email\":\"ayşe.ince@example.com\"}");
        identify("i2", "u-2", "{\"phone\":\"+90 532 123 45 67\"}");
        identify("i3", "u-3", "{\"email\":\"mehmet@example.com\"}");
        Response created = sendCsv("POST", "/api/segments?name=" + java.net.URLEncoder.encode("CRM VIP listesi", StandardCharsets.UTF_8), """
                \uFEFFE-mail;Telefon;phone
                AYŞE.İNCE@Example.com;;
                ;;0532 123 45 67
                kimse@example.com;;
                ;;
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode list = created.json().path("list");
        assertThat(list.path("rows").asInt()).isEqualTo(4);
        assertThat(list.path("matched").asInt()).isEqualTo(2);
        assertThat(list.path("unmatchedLines").toString()).isEqualTo("[4,5]");
        assertThat(list.path("ignoredColumns").toString()).isEqualTo("[\"Telefon\"]");
        assertThat(members("crm-vip-listesi")).containsExactlyInAnyOrder(profileOf("user_id", "u-1"), profileOf("user_id", "u-2"));

        // replaced by a JSON list: one exit, one enter, and a history to show it
        Response replaced = send("PUT", "/api/segments/crm-vip-listesi", Map.of("kind", "static",
                "identifiers", List.of(Map.of("type", "email", "value", "Mehmet@Example.com"), Map.of("type", "phone", "value", "5321234567"))));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().path("enters").asInt()).isEqualTo(1);
        assertThat(replaced.json().path("exits").asInt()).isEqualTo(1);
        JsonNode day = tekil.admin("/api/segments/crm-vip-listesi/history").json().path("days").get(0);
        assertThat(day.path("day").asText()).isEqualTo(LocalDate.now(ZoneId.of("Europe/Istanbul")).toString());
        assertThat(day.path("enters").asInt()).isEqualTo(3);
        assertThat(day.path("exits").asInt()).isEqualTo(1);
        assertThat(day.path("size").asInt()).isEqualTo(2);

        assertThat(sendCsv("POST", "/api/segments?name=bad", "name,city\nAyşe,İzmir\n").json().path("error").asText())
                .startsWith("the identifier list's header [name, city] names no identifier type");
        assertThat(send("POST", "/api/segments", Map.of("name", "bad", "kind", "static", "identifiers", List.of(Map.of("type", "email"))))
                .json().path("error").asText()).startsWith("identifiers[0] needs a \"type\"");
        assertThat(send("POST", "/api/segments", Map.of("name", "bad", "kind", "frozen", "rule", "city exists")).json().path("error").asText())
                .isEqualTo("kind is 'frozen'; a segment is \"dynamic\" (the default) or \"static\"");
    }

    @Test
    void historyCountsEntersAndExitsIncludingTheOnesWhileTheServerWasStopped() throws Exception {
        track("m1", "\"userId\":\"u-1\"", "Product Added");
        track("m2", "\"userId\":\"u-2\"", "Product Added");
        assertThat(send("POST", "/api/segments", Map.of("name", "cart", "rule", CART)).json().path("size").asInt()).isEqualTo(2);
        track("m3", "\"userId\":\"u-2\"", "Order Completed");
        TestingTekil.await(Duration.ofSeconds(10), "the purchase", () -> members("cart").size() == 1);
        JsonNode today = tekil.admin("/api/segments/cart/history").json().path("days").get(0);
        assertThat(List.of(today.path("enters").asInt(), today.path("exits").asInt(), today.path("size").asInt())).containsExactly(2, 1, 1);

        // three hours pass while the server is stopped: the cart left the window, and the start records that exit
        tekil.restartAfter(Duration.ofHours(3));
        assertThat(members("cart")).isEmpty();
        JsonNode days = tekil.admin("/api/segments/cart/history").json().path("days");
        JsonNode last = days.get(days.size() - 1);
        assertThat(last.path("size").asInt()).isEqualTo(0);
        long exits = 0;
        for (JsonNode day : days) {
            exits += day.path("exits").asLong();
        }
        assertThat(exits).isEqualTo(2);
        assertThat(tekil.admin("/api/segments/cart").json().path("lastChange").asText()).isNotEmpty();

        // a deleted segment's history goes with it
        assertThat(send("DELETE", "/api/segments/cart", null).status()).isEqualTo(200);
        assertThat(send("POST", "/api/segments", Map.of("name", "cart", "rule", CART)).json().path("size").asInt()).isEqualTo(0);
        assertThat(tekil.admin("/api/segments/cart/history").json().path("days")).isEmpty();
    }
}
