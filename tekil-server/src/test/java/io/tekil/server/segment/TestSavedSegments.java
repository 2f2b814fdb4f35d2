package io.tekil.server.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.server.TestingTekil;
import io.tekil.server.TestingTekil.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestSavedSegments extends WithSegmentServer {
    private String profileOf(String userId) {
        return profileOf("user_id", userId);
    }

    @Test
    void aSavedSegmentFollowsEventsAndMergesAsTheyArrive() throws Exception {
        track("early", "\"userId\":\"u-early\"", "Product Added");
        Response created = send("POST", "/api/segments", Map.of("name", "Sepeti Terk Edenler", "rule", CART));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("id").asText()).isEqualTo("sepeti-terk-edenler");
        assertThat(created.json().path("size").asInt()).as("the backfill counts what came before").isEqualTo(1);
        assertThat(created.json().path("enters").asInt()).isEqualTo(1);

        // an anonymous visitor adds to the cart, then logs in: the merged profile is the member
        track("a1", "\"anonymousId\":\"cookie-1\"", "Product Added");
        TestingTekil.await(Duration.ofSeconds(10), "the anonymous cart", () -> members("sepeti-terk-edenler").size() == 2);
        assertThat(tekil.post("/v1/identify", "{\"messageId\":\"a2\",\"anonymousId\":\"cookie-1\",\"userId\":\"u-ayse\"}").status()).isEqualTo(200);
        TestingTekil.await(Duration.ofSeconds(10), "the merge", () -> members("sepeti-terk-edenler").contains(profileOf("u-ayse")));
        assertThat(members("sepeti-terk-edenler")).hasSize(2);

        // buying takes her out at once
        track("a3", "\"userId\":\"u-ayse\"", "Order Completed");
        TestingTekil.await(Duration.ofSeconds(10), "the purchase", () -> !members("sepeti-terk-edenler").contains(profileOf("u-ayse")));
        JsonNode segment = tekil.admin("/api/segments/sepeti-terk-edenler").json();
        assertThat(segment.path("size").asInt()).isEqualTo(1);
        assertThat(segment.path("lastChange").isTextual()).isTrue();

        JsonNode explained = tekil.admin("/api/segments/sepeti-terk-edenler/explain/" + profileOf("u-early")).json();
        assertThat(explained.path("member").asBoolean()).isTrue();
        assertThat(Instant.parse(explained.path("nextChange").asText())).isBefore(Instant.now().plus(Duration.ofHours(2)));

        // after a restart the segment is back with the same members
        tekil.restart();
        assertThat(members("sepeti-terk-edenler")).containsExactly(profileOf("u-early"));
        // the bulk engine's copy of the profiles is loaded at start, before any preview asks for it
        TestingTekil.await(Duration.ofSeconds(10), "the profiles loaded for previews", () -> tekil.server().segments().previews().loadedProfiles() >= 2);
    }

    /**
     * A segment saved later reads properties an earlier one did not, of events the maintainer already holds
     * (kept with only the properties the earlier segment read): the later one sees the events whole.
     */
    @Test
    void aLaterSegmentSeesThePropertiesAnEarlierOneDidNotRead() throws Exception {
        assertThat(send("POST", "/api/segments", Map.of("name", "buyers", "rule", "did \"Order Completed\" in last 30 days")).json().path("size").asInt())
                .isEqualTo(0);
        String order = String.format("{\"type\":\"track\",\"messageId\":\"o-1\",\"userId\":\"u-kupon\",\"event\":\"Order Completed\","
                + "\"properties\":{\"coupon\":\"FREE\"},\"timestamp\":\"%s\"}", Instant.now().minusSeconds(60));
        assertThat(tekil.post("/v1/track", order).status()).isEqualTo(200);
        TestingTekil.await(Duration.ofSeconds(10), "the buyer", () -> members("buyers").size() == 1);
        Response paid = send("POST", "/api/segments", Map.of("name", "paid", "rule", "did \"Order Completed\" where not coupon = \"FREE\" in last 30 days"));
        assertThat(paid.json().path("size").asInt()).as("the held order kept no coupon, the stored one has it").isEqualTo(0);
        Response free = send("POST", "/api/segments", Map.of("name", "free", "rule", "did \"Order Completed\" where coupon = \"FREE\" in last 30 days"));
        assertThat(free.json().path("size").asInt()).isEqualTo(1);
        // the sizes above are the bulk engine's; once built, the real-time engine agrees
        TestingTekil.await(Duration.ofSeconds(10), "the builds", () -> !tekil.admin("/api/segments/free").json().path("building").asBoolean()
                && !tekil.admin("/api/segments/paid").json().path("building").asBoolean());
        assertThat(members("paid")).isEmpty();
        assertThat(members("free")).containsExactly(profileOf("u-kupon"));

        // recomputed from scratch by the SQL engine: nothing changed, so nobody enters or leaves; a rename keeps the members
        Response recomputed = send("POST", "/api/segments/free/recompute", null);
        assertThat(recomputed.status()).as(recomputed.body()).isEqualTo(200);
        assertThat(recomputed.json().path("size").asInt()).isEqualTo(1);
        assertThat(recomputed.json().path("enters").asInt() + recomputed.json().path("exits").asInt()).isZero();
        assertThat(tekil.server().segments().awaitBuilt(Duration.ofSeconds(10))).isTrue();
        Response renamed = send("PUT", "/api/segments/free", Map.of("name", "Kuponla alanlar", "rule", "did \"Order Completed\" where coupon = \"FREE\" in last 30 days"));
        assertThat(renamed.json().path("name").asText()).isEqualTo("Kuponla alanlar");
        assertThat(renamed.json().path("building").asBoolean()).as("the same rule is not built again").isFalse();
        assertThat(members("free")).containsExactly(profileOf("u-kupon"));
        Response snapshot = send("POST", "/api/segments", Map.of("name", "frozen", "rule", "did \"Order Completed\" in last 30 days", "kind", "static"));
        assertThat(snapshot.status()).isEqualTo(201);
        Response refused = send("POST", "/api/segments/frozen/recompute", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("error").asText()).contains("static");
    }

    /**
     * A segment saved over a thousand profiles while events and logins keep arriving: the bulk engine chooses the
     * first members, the real-time state loads in parts meanwhile, and once built the members are exactly what the
     * bulk engine selects then (a count catches an event counted twice, a login one that went missing).
     */
    @Test
    void aSegmentSavedWhileEventsArriveIsBuiltWithNoGapAndNoDoubleCount() throws Exception {
        StringBuilder batch = new StringBuilder();
        Instant now = Instant.now();
        int message = 0;
        for (int person = 0; person < 1_200; person++) {
            String identity = person % 3 == 0 ? "\"anonymousId\":\"c-" + person + "\"" : "\"userId\":\"u-" + person + "\"";
            for (int added = 0; added < person % 4; added++) {
                batch.append(batch.isEmpty() ? "" : ",").append(String.format(
                        "{\"type\":\"track\",\"messageId\":\"h-%d\",%s,\"event\":\"Product Added\",\"timestamp\":\"%s\"}",
                        message++, identity, now.minus(Duration.ofDays(person % 40))));
            }
            if (batch.length() > 200_000) {
                assertThat(tekil.post("/v1/batch", "{\"batch\":[" + batch + "]}").status()).isEqualTo(200);
                batch.setLength(0);
            }
        }
        assertThat(tekil.post("/v1/batch", "{\"batch\":[" + batch + "]}").status()).isEqualTo(200);
        String rule = "count \"Product Added\" in last 30 days >= 2";
        Response saved = send("POST", "/api/segments", Map.of("name", "repeat adders", "rule", rule));
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        assertThat(saved.json().path("size").asInt()).isPositive();
        // meanwhile: more adds, and visitors logging in (their cookie's events join the user's)
        for (int person = 0; person < 300; person++) {
            String identity = person % 3 == 0 ? "\"anonymousId\":\"c-" + person + "\"" : "\"userId\":\"u-" + person + "\"";
            track("n-" + person, identity, "Product Added");
            if (person % 3 == 0) {
                assertThat(tekil.post("/v1/identify", String.format("{\"messageId\":\"l-%d\",\"anonymousId\":\"c-%d\",\"userId\":\"u-%d\"}",
                        person, person, person + 1)).status()).isEqualTo(200);
            }
        }
        tekil.server().segments().previews().awaitResolved(Duration.ofSeconds(30));
        assertThat(tekil.server().segments().awaitBuilt(Duration.ofSeconds(30))).isTrue();
        assertThat(tekil.admin("/api/segments/repeat-adders").json().path("building").asBoolean()).isFalse();
        Response snapshot = send("POST", "/api/segments", Map.of("name", "check", "rule", rule, "kind", "static"));
        assertThat(snapshot.status()).as(snapshot.body()).isEqualTo(201);
        java.util.List<String> built = tekil.server().segments().members("repeat-adders", null, 10_000);
        assertThat(built).hasSizeGreaterThan(300).isEqualTo(tekil.server().segments().members("check", null, 10_000));
    }

    /** Saves take the bulk engine's lock and identity's in the order previews do: saving while previewing never deadlocks. */
    @Test
    void savesAndPreviewsAtOnceDoNotWaitForEachOther() throws Exception {
        track("p-1", "\"userId\":\"u-1\"", "Product Added");
        java.util.concurrent.atomic.AtomicBoolean saving = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger previews = new java.util.concurrent.atomic.AtomicInteger();
        Thread previewing = Thread.ofPlatform().start(() -> {
            while (saving.get()) {
                tekil.server().segments().previews().preview(io.tekil.core.segment.RuleParser.parse("did \"Product Added\" in last " + (1 + previews.get() % 9)
                        + " days"), 5);
                previews.incrementAndGet();
            }
        });
        java.util.concurrent.ExecutorService saver = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<?> saves = saver.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    tekil.server().segments().create("at once " + i, io.tekil.core.segment.RuleParser.parse("count \"Product Added\" in last 30 days >= " + i));
                }
                return null;
            });
            saves.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            saving.set(false);
            saver.shutdown();
        }
        previewing.join(10_000);
        assertThat(previewing.isAlive()).isFalse();
        assertThat(previews.get()).isPositive();
        assertThat(tekil.server().segments().awaitBuilt(Duration.ofSeconds(30))).isTrue();
        assertThat(members("at-once-1")).containsExactly(profileOf("u-1"));
    }

    @Test
    void editingDeletingAndMistakesAnswerClearly() throws Exception {
        assertThat(tekil.post("/v1/batch", """
                {"batch":[{"type":"identify","messageId":"i1","userId":"u-1","traits":{"city":"İzmir"}},
                          {"type":"identify","messageId":"i2","userId":"u-2","traits":{"city":"Ankara"}}]}""").status()).isEqualTo(200);
        assertThat(send("POST", "/api/segments", Map.of("name", "İzmir", "rule", "city = \"izmir\"")).json().path("size").asInt()).isEqualTo(1);
        assertThat(send("POST", "/api/segments", Map.of("name", "izmir", "rule", "city exists")).status()).isEqualTo(409);
        Response edited = send("PUT", "/api/segments/izmir", Map.of("rule", "city in (\"Ankara\", \"İzmir\")"));
        assertThat(edited.json().path("size").asInt()).isEqualTo(2);
        assertThat(edited.json().path("enters").asInt()).isEqualTo(1);
        assertThat(send("POST", "/api/segments", Map.of("name", "izmir readers", "rule", "in segment \"izmir\"")).json().path("size").asInt()).isEqualTo(2);
        assertThat(send("POST", "/api/segments", Map.of("name", "broken", "rule", "in segment \"nope\"")).json().path("error").asText())
                .isEqualTo("segment 'broken' reads segment 'nope', which does not exist");
        assertThat(send("DELETE", "/api/segments/izmir", null).status()).isEqualTo(409);
        assertThat(send("DELETE", "/api/segments/izmir-readers", null).json().path("exits").asInt()).isEqualTo(2);
        assertThat(tekil.admin("/api/segments").json().path("segments")).hasSize(1);
        assertThat(tekil.admin("/api/segments/nope").status()).isEqualTo(404);
        assertThat(send("POST", "/api/segments", Map.of("rule", "city exists")).status()).isEqualTo(400);
        assertThat(tekil.admin("/api/segments/izmir/members?limit=1").json().path("next").isTextual()).isTrue();

        // an older segment edited to read a newer one still comes back after a restart
        assertThat(send("POST", "/api/segments", Map.of("name", "ankara", "rule", "city = \"ankara\"")).status()).isEqualTo(201);
        assertThat(send("PUT", "/api/segments/izmir", Map.of("rule", "in segment \"ankara\" or city = \"izmir\"")).status()).isEqualTo(200);
        tekil.restart();
        assertThat(tekil.admin("/api/segments").json().path("segments")).hasSize(2);
        assertThat(tekil.admin("/api/segments/izmir").json().path("size").asInt()).isEqualTo(2);
    }
}
