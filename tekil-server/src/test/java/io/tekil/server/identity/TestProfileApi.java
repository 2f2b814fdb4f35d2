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
    void theIdentityShowsFirstSightingsConflictsWithTheirReasonMergesAndUnmergesAcrossRestarts() {
        tekil = new TestingTekil(directory);
        tekil.post("/v1/batch", """
                {"batch":[
                 {"type":"page","messageId":"m1","anonymousId":"c-laptop","name":"Ana Sayfa"},
                 {"type":"identify","messageId":"m2","anonymousId":"c-laptop","userId":"u-ayse","traits":{"email":"AYŞE.İNCE@Example.com"}},
                 {"type":"track","messageId":"m3","anonymousId":"c-laptop","userId":"u-zeynep","event":"Product Viewed"}]}""");
        String id = lookup("user_id", "u-ayse").path("id").asText();

        JsonNode identity = tekil.admin("/api/profiles/" + id + "/identity").json();
        Map<String, String> firstSeen = new java.util.HashMap<>();
        identity.path("identifiers").forEach(identifier -> firstSeen.put(identifier.path("value").asText(),
                identifier.path("firstSeen").path("messageId").asText()));
        assertThat(firstSeen).isEqualTo(Map.of("c-laptop", "m1", "u-ayse", "m2", "ayşe.ince@example.com", "m2"));
        assertThat(identity.path("conflicts")).singleElement().satisfies(conflict -> {
            assertThat(conflict.path("reason").asText()).isEqualTo("the profile would have 2 user_id identifiers; the limit is 1");
            assertThat(conflict.path("messageId").asText()).isEqualTo("m3");
            assertThat(conflict.path("from").asText() + " " + conflict.path("to").asText()).isEqualTo("user_id:u-zeynep anonymous_id:c-laptop");
        });
        assertThat(identity.path("merges")).hasSize(2);
        assertThat(identity.path("merges").get(1).path("survivor").asText()).as("the cookie was seen first").isEqualTo(id);
        assertThat(identity.path("merges").findValuesAsText("messageId")).containsOnly("m2");
        assertThat(identity.path("unmerges")).isEmpty();

        long mailLink = -1;
        for (JsonNode link : identity.path("links")) {
            if (link.path("from").asText().equals("user_id:u-ayse") && link.path("to").asText().startsWith("email:")) {
                mailLink = link.path("id").asLong();
            }
        }
        assertThat(mailLink).isNotNegative();
        Response removed = tekil.send(HttpRequest.newBuilder(tekil.uri("/api/profiles/" + id + "/links/" + mailLink))
                .header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN).DELETE().build());
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);

        long removedLink = mailLink;
        tekil.restart();
        JsonNode after = tekil.admin("/api/profiles/" + id + "/identity").json();
        assertThat(after.path("unmerges")).singleElement().satisfies(unmerge -> {
            assertThat(unmerge.path("linkId").asLong()).isEqualTo(removedLink);
            assertThat(unmerge.path("removedAt").asText()).isNotBlank();
        });
        assertThat(after.path("merges")).hasSize(1);
        assertThat(after.path("conflicts").get(0).path("reason").asText()).as("re-derived after the restart").contains("limit is 1");
        assertThat(after.path("identifiers").findValuesAsText("value")).containsExactlyInAnyOrder("u-ayse", "c-laptop");
        assertThat(after.path("identifiers").get(0).path("firstSeen").path("source").asText()).isNotBlank();
    }

    @Test
    void aProfileShowsMergedTraitsFactsAndItsCrossChannelTimeline() {
        tekil = new TestingTekil(directory);
        String crmKey = tekil.server().sources().create("crm", io.tekil.core.event.Channel.CRM).writeKey();
        tekil.post("/v1/batch", """
                {"batch":[
                 {"type":"page","messageId":"w1","anonymousId":"c-laptop","name":"Ana Sayfa","timestamp":"2026-11-01T10:00:00+03:00","context":{"traits":{"city":"Ankara"}}},
                 {"type":"track","messageId":"w2","anonymousId":"c-laptop","event":"Product Viewed","timestamp":"2026-11-01T10:05:00+03:00"},
                 {"type":"identify","messageId":"w3","anonymousId":"c-laptop","userId":"u-ayse","timestamp":"2026-11-02T09:00:00+03:00",
                  "traits":{"email":"ayse@example.com","city":"İzmir","birthday":"1990-05-14","firstName":"Ayşe"}}]}""");
        // the CRM says another birthday, earlier in time: it still wins (profile.trait-priority), the city does not
        tekil.send(HttpRequest.newBuilder(tekil.uri("/v1/identify")).header("Authorization", TestingTekil.basic(crmKey))
                .POST(HttpRequest.BodyPublishers.ofString("""
                {"userId":"u-ayse","messageId":"c1","timestamp":"2026-10-01T09:00:00Z","traits":{"birthday":"1990-04-15","city":"Bursa"}}""")).build());

        JsonNode profile = lookup("user_id", "u-ayse");
        JsonNode traits = profile.path("traits");
        assertThat(traits.path("city").path("value").asText()).isEqualTo("İzmir");
        assertThat(traits.path("city").path("source").asText()).isEqualTo("web");
        assertThat(traits.path("birthday").path("value").asText()).as("the CRM's birth date beats the web form's").isEqualTo("1990-04-15");
        assertThat(traits.path("birthday").path("channel").asText()).isEqualTo("crm");
        assertThat(traits.path("birthday").path("at").asText()).isEqualTo("2026-10-01T09:00:00Z");
        assertThat(traits.path("firstName").path("value").asText()).isEqualTo("Ayşe");

        JsonNode facts = profile.path("facts");
        assertThat(facts.path("events").asLong()).isEqualTo(4);
        assertThat(facts.path("firstSeen").asText()).isEqualTo("2026-10-01T09:00:00Z");
        assertThat(facts.path("lastSeen").asText()).isEqualTo("2026-11-02T06:00:00Z");
        assertThat(facts.path("eventsByType").path("identify").asLong()).isEqualTo(2);
        assertThat(facts.path("eventsByType").path("page").asLong()).isEqualTo(1);
        assertThat(texts(facts.path("channels"))).containsExactly("crm", "web");
        assertThat(texts(facts.path("sources"))).containsExactly("crm", "web");

        // the anonymous browsing before the login is on the profile's timeline, newest first, two per page
        String id = profile.path("id").asText();
        JsonNode first = tekil.admin("/api/profiles/" + id + "/events?limit=2").json();
        assertThat(first.path("events").findParents("message").stream().map(e -> e.path("messageId").asText()).toList()).containsExactly("w3", "w2");
        assertThat(first.path("events").get(1).path("message").path("event").asText()).isEqualTo("Product Viewed");
        assertThat(first.path("events").get(1).path("identifier").asText()).isEqualTo("anonymous_id:c-laptop");
        JsonNode second = tekil.admin("/api/profiles/" + id + "/events?limit=2&cursor=" + first.path("next").asText()).json();
        assertThat(second.path("events").findParents("message").stream().map(e -> e.path("messageId").asText()).toList()).containsExactly("w1", "c1");
        assertThat(second.path("next").isNull()).isTrue();
        assertThat(tekil.admin("/api/profiles/" + id + "/events?cursor=bozuk").json().path("error").asText())
                .contains("is not a timeline cursor");
        assertThat(tekil.admin("/api/profiles/" + id + "/events?limit=0").status()).isEqualTo(400);

        tekil.restart();
        assertThat(lookup("user_id", "u-ayse").path("traits")).isEqualTo(traits);
    }

    @Test
    void profilesAreFoundByTraitWhateverTheCaseOfTurkishLetters() {
        tekil = new TestingTekil(directory);
        tekil.post("/v1/batch", """
                {"batch":[
                 {"type":"identify","messageId":"i1","userId":"u-1","traits":{"city":"İzmir","gender":"female"}},
                 {"type":"identify","messageId":"i2","userId":"u-2","traits":{"city":"IZMIR","gender":"male"}},
                 {"type":"identify","messageId":"i3","userId":"u-3","traits":{"city":"Ankara","gender":"female"}},
                 {"type":"identify","messageId":"i4","anonymousId":"c-4","traits":{"city":"izmir"}},
                 {"type":"identify","messageId":"i5","anonymousId":"c-4","userId":"u-4","timestamp":"2030-01-01T00:00:00Z","traits":{"city":"Ankara"}}]}""");

        JsonNode izmir = tekil.admin("/api/profiles?trait.city=" + URLEncoder.encode("İzmir", StandardCharsets.UTF_8)).json();
        assertThat(izmir.path("count").asInt()).as("u-4 moved to Ankara after its cookie said izmir").isEqualTo(2);
        JsonNode women = tekil.admin("/api/profiles?trait.city=izmir&trait.gender=female").json();
        assertThat(women.path("profiles").findValuesAsText("value")).contains("u-1").doesNotContain("u-2");
        assertThat(tekil.admin("/api/profiles?trait.city=izmir&limit=1").json().path("count").asInt()).isEqualTo(1);
        assertThat(tekil.admin("/api/profiles").json().path("error").asText()).contains("at least one trait");
        assertThat(tekil.admin("/api/profiles?city=izmir").json().path("error").asText()).contains("unknown parameter 'city'");
    }

    @Test
    void anUnmergeTakesTheTraitsAndEventsOfTheDetachedIdentifierAlong() {
        tekil = new TestingTekil(directory);
        tekil.post("/v1/batch", """
                {"batch":[
                 {"type":"identify","messageId":"a1","anonymousId":"c-anne","timestamp":"2026-11-01T10:00:00Z","context":{"device":{"id":"d-tablet"}},"traits":{"email":"anne@x.com","city":"Konya"}},
                 {"type":"identify","messageId":"k1","anonymousId":"c-kiz","timestamp":"2026-11-02T10:00:00Z","context":{"device":{"id":"d-tablet"}},"traits":{"email":"kiz@x.com","city":"Eskişehir"}}]}""");
        JsonNode family = lookup("email", "anne@x.com");
        assertThat(family.path("traits").path("city").path("value").asText()).isEqualTo("Eskişehir");
        assertThat(family.path("facts").path("events").asLong()).isEqualTo(2);

        tekil.send(HttpRequest.newBuilder(tekil.uri("/api/profiles/" + family.path("id").asText() + "/unmerge"))
                .header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"device_id\",\"value\":\"d-tablet\"}")).build());
        JsonNode anne = lookup("email", "anne@x.com");
        JsonNode kiz = lookup("email", "kiz@x.com");
        assertThat(anne.path("traits").path("city").path("value").asText()).isEqualTo("Konya");
        assertThat(kiz.path("traits").path("city").path("value").asText()).isEqualTo("Eskişehir");
        assertThat(anne.path("facts").path("events").asLong()).isEqualTo(1);
        assertThat(tekil.admin("/api/profiles/" + kiz.path("id").asText() + "/events").json().path("events").findParents("message").stream().map(e -> e.path("messageId").asText()).toList())
                .containsExactly("k1");
    }

    @Test
    void mergesAndSplitsAreEmittedAsChangeRecords() {
        tekil = new TestingTekil(directory);
        java.util.List<io.tekil.core.identity.ProfileChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        tekil.server().identity().onChange(changes::add);
        tekil.post("/v1/batch", """
                {"batch":[
                 {"type":"page","messageId":"p1","anonymousId":"c-1","name":"Ana Sayfa"},
                 {"type":"identify","messageId":"p2","anonymousId":"c-1","userId":"u-1"}]}""");
        JsonNode profile = lookup("user_id", "u-1");
        assertThat(changes).singleElement().isInstanceOfSatisfying(io.tekil.core.identity.ProfileChange.Merged.class,
                merged -> assertThat(merged.survivor()).isEqualTo(profile.path("id").asText()));

        tekil.send(HttpRequest.newBuilder(tekil.uri("/api/profiles/" + profile.path("id").asText() + "/unmerge"))
                .header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"anonymous_id\",\"value\":\"c-1\"}")).build());
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1)).isInstanceOfSatisfying(io.tekil.core.identity.ProfileChange.Split.class,
                split -> assertThat(split.into()).hasSize(2).contains(profile.path("id").asText()));

        // a consumer that follows from storage reads the same changes, and resumes from its cursor after a restart
        JsonNode first = tekil.admin("/api/profiles/changes?limit=1").json();
        assertThat(first.path("changes")).singleElement().satisfies(change -> {
            assertThat(change.path("sequence").asLong()).isEqualTo(1);
            assertThat(change.path("change").asText()).isEqualTo("profile.merged");
            assertThat(change.path("survivor").asText()).isEqualTo(profile.path("id").asText());
            assertThat(change.path("at").asText()).isNotBlank();
        });
        tekil.restart();
        JsonNode rest = tekil.admin("/api/profiles/changes?after=" + first.path("next").asLong()).json();
        assertThat(rest.path("changes")).singleElement().satisfies(change -> {
            assertThat(change.path("change").asText()).isEqualTo("profile.split");
            assertThat(texts(change.path("into"))).hasSize(2).contains(profile.path("id").asText());
        });
        assertThat(rest.path("next").asLong()).isEqualTo(2);
        assertThat(tekil.admin("/api/profiles/changes?after=2").json().path("changes")).as("nothing new after a restart's replay").isEmpty();
        assertThat(tekil.admin("/api/profiles/changes?after=-1").status()).isEqualTo(400);
        assertThat(tekil.admin("/api/profiles/changes?since=1").json().path("error").asText()).contains("/api/profiles/changes?after=");
    }

    @Test
    void blockedValuesAndThePhoneRegionAreConfigurable() {
        tekil = new TestingTekil(directory, Map.of(TekilConfig.IDENTITY_BLOCKED_VALUES.name(), "yok@yok.com",
                TekilConfig.IDENTITY_PHONE_REGION.name(), "DE"));
        tekil.post("/v1/batch", """
                {"batch":[
                 {"type":"identify","messageId":"b1","userId":"u-1","traits":{"email":"YOK@yok.com","phone":"030 1234567"}},
                 {"type":"identify","messageId":"b2","userId":"u-2","traits":{"email":"yok@yok.com"}}]}""");
        assertThat(tekil.admin("/api/profiles/lookup?type=email&value=yok@yok.com").status()).isEqualTo(404);
        assertThat(identifiers(lookup("user_id", "u-1"))).containsExactlyInAnyOrder("user_id:u-1", "phone:+49301234567");
        assertThat(lookup("user_id", "u-2").path("id")).isNotEqualTo(lookup("user_id", "u-1").path("id"));
    }

    @Test
    void invalidValuesAreKeptAsTraitsButLinkNobodyAndAbsorbedIdsAnswerWithTheSurvivor() {
        tekil = new TestingTekil(directory);
        tekil.post("/v1/batch", """
                {"batch":[
                 {"type":"identify","messageId":"i1","userId":"u-1","traits":{"email":"yok","phone":"bozuk numara"}},
                 {"type":"identify","messageId":"i2","userId":"u-2","traits":{"email":"yok","phone":"bozuk numara"}},
                 {"type":"page","messageId":"i3","anonymousId":"c-1","name":"Ana Sayfa"}]}""");
        JsonNode first = lookup("user_id", "u-1");
        assertThat(identifiers(first)).containsExactly("user_id:u-1");
        assertThat(first.path("traits").path("phone").path("value").asText()).isEqualTo("bozuk numara");
        assertThat(first.path("traits").path("email").path("value").asText()).isEqualTo("yok");
        assertThat(lookup("user_id", "u-2").path("id")).as("the same invalid values link nobody").isNotEqualTo(first.path("id"));

        String cookieProfile = lookup("anonymous_id", "c-1").path("id").asText();
        String userProfile = first.path("id").asText();
        tekil.post("/v1/batch", """
                {"batch":[{"type":"identify","messageId":"i4","anonymousId":"c-1","userId":"u-1"}]}""");
        JsonNode absorbed = tekil.admin("/api/profiles/" + cookieProfile).json();
        assertThat(absorbed.path("id").asText()).as("u-1 was seen first, so its profile survives").isEqualTo(userProfile);
        assertThat(absorbed.path("mergedFrom").asText()).isEqualTo(cookieProfile);
        assertThat(identifiers(absorbed)).containsExactlyInAnyOrder("user_id:u-1", "anonymous_id:c-1");
        assertThat(tekil.send(HttpRequest.newBuilder(tekil.uri("/api/profiles/" + cookieProfile)).GET().build()).status())
                .as("no admin token").isEqualTo(401);
        assertThat(tekil.send(HttpRequest.newBuilder(tekil.uri("/api/profiles/" + cookieProfile + "/identity"))
                .header("Authorization", "Bearer wrong").GET().build()).status()).isEqualTo(401);
    }

    @Test
    void aDeclaredCustomTypeLinksAndAnUndeclaredOneDoesNot() {
        tekil = new TestingTekil(directory, Map.of(TekilConfig.IDENTITY_CUSTOM_TYPES.name(), "member_no"));
        tekil.post("/v1/batch", """
                {"batch":[
                 {"type":"track","messageId":"k1","anonymousId":"c-magaza-kiosk","event":"x","context":{"externalIds":[{"id":"M-İ42","type":"member_no","collection":"users","encoding":"none"}]}},
                 {"type":"track","messageId":"k2","anonymousId":"c-telefon","event":"x","context":{"externalIds":[{"id":"M-İ42","type":"member_no","collection":"users","encoding":"none"}]}},
                 {"type":"track","messageId":"k3","anonymousId":"c-tablet","event":"x","context":{"externalIds":[{"id":"M-İ42","type":"membr_no","collection":"users","encoding":"none"}]}}]}""");
        assertThat(identifiers(lookup("member_no", "M-İ42"))).containsExactlyInAnyOrder("member_no:M-İ42", "anonymous_id:c-magaza-kiosk",
                "anonymous_id:c-telefon");
        assertThat(identifiers(lookup("anonymous_id", "c-tablet"))).as("a mistyped type links nothing").containsExactly("anonymous_id:c-tablet");
        Response undeclared = tekil.admin("/api/profiles/lookup?type=membr_no&value=M-42");
        assertThat(undeclared.status()).isEqualTo(400);
        assertThat(undeclared.json().path("error").asText()).contains("declare it in identity.custom-types");

        // the type taken out of the list: what it linked stays linked, can be found and taken out; new values do not link
        tekil.close();
        tekil = new TestingTekil(directory);
        tekil.post("/v1/batch", """
                {"batch":[{"type":"track","messageId":"k4","anonymousId":"c-yeni","event":"x","context":{"externalIds":[{"id":"M-İ42","type":"member_no","collection":"users","encoding":"none"}]}}]}""");
        JsonNode member = lookup("member_no", "M-İ42");
        assertThat(identifiers(member)).containsExactlyInAnyOrder("member_no:M-İ42", "anonymous_id:c-magaza-kiosk", "anonymous_id:c-telefon");
        Response detached = tekil.send(HttpRequest.newBuilder(tekil.uri("/api/profiles/" + member.path("id").asText() + "/unmerge"))
                .header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"member_no\",\"value\":\"M-İ42\"}")).build());
        assertThat(detached.status()).as(detached.body()).isEqualTo(200);
        assertThat(lookup("anonymous_id", "c-magaza-kiosk").path("id")).isNotEqualTo(lookup("anonymous_id", "c-telefon").path("id"));
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

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static java.util.List<String> identifiers(JsonNode profile) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        profile.path("identifiers").forEach(id -> keys.add(id.path("type").asText() + ":" + id.path("value").asText()));
        return keys;
    }
}
