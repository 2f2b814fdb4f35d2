package io.tekil.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.server.TestingTekil;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * What a Turkish web shop sends through an SDK: one message of each type, and many tracks. The SDK tests build
 * these with their SDK's own builders and check the stored result here, so both SDKs are held to the same data.
 */
final class ShopSample {
    static final Instant EVENT_TIME = Instant.parse("2026-11-20T10:15:30.123Z");
    static final String USER_ID = "u-1001";
    static final String ANONYMOUS_ID = "anon-1001";
    static final String GROUP_ID = "company-77";

    static final Map<String, Object> TRACK_PROPERTIES = Map.of("product_id", "SKU-42", "name", "Ayakkabı",
            "category", "Ayakkabı & Çanta", "price", 1299.90, "currency", "TRY", "quantity", 1);
    static final Map<String, Object> IDENTIFY_TRAITS = Map.of("email", "ayse.yilmaz@example.com", "name", "Ayşe Yılmaz",
            "city", "İstanbul", "kvkk_consent", true, "loyalty_points", 250);
    static final Map<String, Object> PAGE_PROPERTIES = Map.of("path", "/urun/ayakkabi",
            "referrer", "https://www.google.com.tr/", "title", "Ayakkabı");
    static final Map<String, Object> SCREEN_PROPERTIES = Map.of("items", 2, "total", 2599.80);
    static final Map<String, Object> SCREEN_CONTEXT = Map.of("app", Map.of("name", "Mağaza", "version", "4.2.0"),
            "os", Map.of("name", "Android"));
    static final Map<String, Object> GROUP_TRAITS = Map.of("name", "Yıldız Tekstil A.Ş.", "industry", "Perakende", "employees", 120);
    static final Map<String, Object> AMPLITUDE_OPTIONS = Map.of("session_id", 1_700_000_000L);

    private ShopSample() {}

    /** The messageIds of the six sample messages: track, identify, page, screen, group, alias. */
    static List<String> ids(String prefix) {
        return List.of(prefix + "track-1", prefix + "identify-1", prefix + "page-1", prefix + "screen-1",
                prefix + "group-1", prefix + "alias-1");
    }

    static String bulkId(String prefix, int i) {
        return String.format("%sbulk-%04d", prefix, i);
    }

    static Map<String, Object> bulkProperties(int i) {
        return Map.of("product_id", "SKU-" + i, "name", "Ayakkabı " + i, "price", 100 + i, "currency", "TRY");
    }

    static Map<String, Object> webContext(String url) {
        return Map.of(
                "ip", "85.105.12.34",
                "locale", "tr-TR",
                "timezone", "Europe/Istanbul",
                "page", Map.of("url", url, "title", "Mağaza"),
                "userAgent", "Mozilla/5.0 (X11; Linux x86_64)");
    }

    static Date at(int secondsLater) {
        return Date.from(EVENT_TIME.plus(Duration.ofSeconds(secondsLater)));
    }

    /** Spells out, field by field, that the six sample messages are stored with what the shop gave its SDK. */
    static void assertSampleStored(TestingTekil tekil, String prefix, String libraryVersion) {
        JsonNode track = StoredEvents.get(tekil, prefix + "track-1");
        assertThat(track.path("type").asText()).isEqualTo("track");
        assertThat(track.path("event").asText()).isEqualTo("Product Viewed");
        assertThat(track.path("userId").asText()).isEqualTo(USER_ID);
        assertThat(track.path("anonymousId").asText()).isEqualTo(ANONYMOUS_ID);
        assertThat(track.path("properties").path("name").asText()).isEqualTo("Ayakkabı");
        assertThat(track.path("properties").path("category").asText()).isEqualTo("Ayakkabı & Çanta");
        assertThat(track.path("properties").path("price").asDouble()).isEqualTo(1299.90);
        assertThat(track.path("properties").path("currency").asText()).isEqualTo("TRY");
        assertThat(track.path("context").path("library").path("name").asText()).isEqualTo("analytics-java");
        assertThat(track.path("context").path("library").path("version").asText()).isEqualTo(libraryVersion);
        assertThat(track.path("context").path("locale").asText()).isEqualTo("tr-TR");
        assertThat(track.path("context").path("page").path("url").asText()).isEqualTo("https://magaza.example/urun/ayakkabi");
        assertThat(track.path("integrations").path("All").asBoolean(true)).isFalse();
        assertThat(track.path("integrations").path("Amplitude").path("session_id").asLong()).isEqualTo(1_700_000_000L);
        assertThat(Instant.parse(track.path("timestamp").asText())).isEqualTo(EVENT_TIME);
        assertThat(track.hasNonNull("sentAt")).isTrue();

        JsonNode identify = StoredEvents.get(tekil, prefix + "identify-1");
        assertThat(identify.path("type").asText()).isEqualTo("identify");
        assertThat(identify.path("userId").asText()).isEqualTo(USER_ID);
        assertThat(identify.path("traits").path("name").asText()).isEqualTo("Ayşe Yılmaz");
        assertThat(identify.path("traits").path("city").asText()).isEqualTo("İstanbul");
        assertThat(identify.path("traits").path("kvkk_consent").asBoolean()).isTrue();
        assertThat(identify.path("traits").path("loyalty_points").asInt()).isEqualTo(250);
        assertThat(identify.path("integrations").path("Mixpanel").asBoolean()).isTrue();

        JsonNode page = StoredEvents.get(tekil, prefix + "page-1");
        assertThat(page.path("type").asText()).isEqualTo("page");
        assertThat(page.path("anonymousId").asText()).isEqualTo(ANONYMOUS_ID);
        assertThat(page.path("name").asText()).isEqualTo("Ürün Detayı");
        assertThat(page.path("properties").path("path").asText()).isEqualTo("/urun/ayakkabi");

        JsonNode screen = StoredEvents.get(tekil, prefix + "screen-1");
        assertThat(screen.path("type").asText()).isEqualTo("screen");
        assertThat(screen.path("name").asText()).isEqualTo("Sepet");
        assertThat(screen.path("properties").path("total").asDouble()).isEqualTo(2599.80);
        assertThat(screen.path("context").path("app").path("name").asText()).isEqualTo("Mağaza");
        assertThat(screen.path("context").path("library").path("name").asText()).isEqualTo("analytics-java");

        JsonNode group = StoredEvents.get(tekil, prefix + "group-1");
        assertThat(group.path("type").asText()).isEqualTo("group");
        assertThat(group.path("groupId").asText()).isEqualTo(GROUP_ID);
        assertThat(group.path("traits").path("name").asText()).isEqualTo("Yıldız Tekstil A.Ş.");

        JsonNode alias = StoredEvents.get(tekil, prefix + "alias-1");
        assertThat(alias.path("type").asText()).isEqualTo("alias");
        assertThat(alias.path("previousId").asText()).isEqualTo(ANONYMOUS_ID);
        assertThat(alias.path("userId").asText()).isEqualTo(USER_ID);
        assertThat(Instant.parse(alias.path("timestamp").asText())).isEqualTo(EVENT_TIME.plusSeconds(5));
    }
}
