package io.tekil.server.compat;

import static io.tekil.server.compat.ShopSample.ANONYMOUS_ID;
import static io.tekil.server.compat.ShopSample.USER_ID;
import static io.tekil.server.compat.ShopSample.at;
import static io.tekil.server.compat.ShopSample.webContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rudderstack.sdk.java.analytics.Callback;
import com.rudderstack.sdk.java.analytics.RudderAnalytics;
import com.rudderstack.sdk.java.analytics.messages.AliasMessage;
import com.rudderstack.sdk.java.analytics.messages.GroupMessage;
import com.rudderstack.sdk.java.analytics.messages.IdentifyMessage;
import com.rudderstack.sdk.java.analytics.messages.Message;
import com.rudderstack.sdk.java.analytics.messages.PageMessage;
import com.rudderstack.sdk.java.analytics.messages.ScreenMessage;
import com.rudderstack.sdk.java.analytics.messages.TrackMessage;
import io.tekil.server.TestingTekil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real RudderStack Java SDK against Tekil as its data plane, configured only with Tekil's URL and a write
 * key. RudderStack 3.1.2 posts gzip-compressed, chunked batches to {@code /v1/batch} with the write key as the
 * HTTP Basic username, puts its library info into every message's context, and sends {@code "channel":"server"}
 * on every message.
 */
class TestRudderStackSdkCompatibility {
    private static final String PREFIX = "rs-";

    @TempDir
    Path dataDir;

    private TestingTekil tekil;
    private WireTap wire;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        tekil = new TestingTekil(dataDir);
        wire = new WireTap(tekil.mapper(), tekil.server().port());
    }

    @AfterEach
    void stop() {
        wire.close();
        tekil.close();
    }

    @Test
    void everyMessageTypeArrivesWithEveryField() {
        Instant started = Instant.now();
        send(RudderAnalytics.builder(tekil.writeKey()).setDataPlaneUrl(wire.baseUrl()), analytics -> {
            analytics.enqueue(TrackMessage.builder("Product Viewed")
                    .messageId(PREFIX + "track-1")
                    .userId(USER_ID)
                    .anonymousId(ANONYMOUS_ID)
                    .properties(ShopSample.TRACK_PROPERTIES)
                    .context(webContext("https://magaza.example/urun/ayakkabi"))
                    .enableIntegration("All", false)
                    .integrationOptions("Amplitude", ShopSample.AMPLITUDE_OPTIONS)
                    .timestamp(at(0)));
            analytics.enqueue(IdentifyMessage.builder()
                    .messageId(PREFIX + "identify-1")
                    .userId(USER_ID)
                    .anonymousId(ANONYMOUS_ID)
                    .traits(ShopSample.IDENTIFY_TRAITS)
                    .context(webContext("https://magaza.example/hesabim"))
                    .enableIntegration("Mixpanel", true)
                    .timestamp(at(1)));
            analytics.enqueue(PageMessage.builder("Ürün Detayı")
                    .messageId(PREFIX + "page-1")
                    .anonymousId(ANONYMOUS_ID)
                    .category("Ayakkabı")
                    .properties(ShopSample.PAGE_PROPERTIES)
                    .context(webContext("https://magaza.example/urun/ayakkabi"))
                    .enableIntegration("All", true)
                    .timestamp(at(2)));
            analytics.enqueue(ScreenMessage.builder("Sepet")
                    .messageId(PREFIX + "screen-1")
                    .userId(USER_ID)
                    .properties(ShopSample.SCREEN_PROPERTIES)
                    .context(ShopSample.SCREEN_CONTEXT)
                    .enableIntegration("Firebase", false)
                    .timestamp(at(3)));
            analytics.enqueue(GroupMessage.builder(ShopSample.GROUP_ID)
                    .messageId(PREFIX + "group-1")
                    .userId(USER_ID)
                    .traits(ShopSample.GROUP_TRAITS)
                    .context(webContext("https://magaza.example/kurumsal"))
                    .enableIntegration("Salesforce", true)
                    .timestamp(at(4)));
            analytics.enqueue(AliasMessage.builder(ANONYMOUS_ID)
                    .messageId(PREFIX + "alias-1")
                    .userId(USER_ID)
                    .context(webContext("https://magaza.example/giris"))
                    .enableIntegration("All", true)
                    .timestamp(at(5)));
        });

        List<String> ids = ShopSample.ids(PREFIX);
        List<JsonNode> stored = StoredEvents.awaitCount(tekil, "web", ids.size());
        assertThat(failed).isEmpty();
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(stored).extracting(event -> event.path("messageId").asText()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(tekil.storedEvents()).isEqualTo(ids.size());

        assertThat(wire.requests()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/batch");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(request.gzipBytes()).isTrue();
            assertThat(request.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(request.header("Authorization")).isEqualTo(TestingTekil.basic(tekil.writeKey()));
            assertThat(request.body().has("writeKey")).isFalse();
            assertThat(request.messages()).allSatisfy(message -> {
                assertThat(message.path("context").path("library").path("name").asText()).isEqualTo("analytics-java");
                assertThat(message.path("channel").asText()).isEqualTo("server");
            });
            StoredEvents.assertStoredAsSent(tekil, request, started);
        });
        ShopSample.assertSampleStored(tekil, PREFIX, "3.1.2");

        // The SDK's own "channel" is kept as sent; Tekil's source channel sits apart, under "tekil".
        assertThat(StoredEvents.get(tekil, PREFIX + "track-1").path("channel").asText()).isEqualTo("server");
        assertThat(StoredEvents.get(tekil, PREFIX + "track-1").path("tekil").path("channel").asText()).isEqualTo("web");
        assertThat(storedJson(PREFIX + "track-1").path("channel").asText()).isEqualTo("server");
    }

    @Test
    void manyTracksAreBatchedIntoSeveralRequestsAndStoredOnce() {
        int count = 400;
        int perRequest = 50;
        Instant started = Instant.now();
        send(RudderAnalytics.builder(tekil.writeKey()).setDataPlaneUrl(wire.baseUrl()).flushQueueSize(perRequest), analytics -> {
            for (int i = 0; i < count; i++) {
                analytics.enqueue(TrackMessage.builder("Product Added")
                        .messageId(ShopSample.bulkId(PREFIX, i))
                        .userId("u-" + (i % 37))
                        .properties(ShopSample.bulkProperties(i))
                        .context(Map.of("locale", "tr-TR"))
                        .timestamp(at(i)));
            }
        });

        List<String> ids = IntStream.range(0, count).mapToObj(i -> ShopSample.bulkId(PREFIX, i)).toList();
        List<JsonNode> stored = StoredEvents.awaitCount(tekil, "web", count);
        assertThat(stored).extracting(event -> event.path("messageId").asText()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(tekil.storedEvents()).isEqualTo(count);
        assertThat(failed).isEmpty();
        assertThat(delivered).hasSize(count);

        List<WireTap.Recorded> requests = wire.requests();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(count / perRequest)
                .allSatisfy(request -> assertThat(request.messages()).hasSizeLessThanOrEqualTo(perRequest));
        assertThat(requests).flatExtracting(WireTap.Recorded::messages)
                .extracting(message -> message.path("messageId").asText())
                .containsExactlyInAnyOrderElementsOf(ids);
        StoredEvents.assertStoredAsSent(tekil, requests.getLast(), started);
    }

    private JsonNode storedJson(String messageId) {
        try {
            return tekil.mapper().readTree(tekil.server().storage().events().findByMessageId(messageId).getFirst().json().utf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the client with a delivery callback, runs {@code calls}, then flushes and shuts down. */
    private void send(RudderAnalytics.Builder builder, Consumer<RudderAnalytics> calls) {
        RudderAnalytics analytics = builder.callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        delivered.add(message.messageId());
                    }

                    @Override
                    public void failure(Message message, Throwable throwable) {
                        failed.add(message.messageId() + ": " + throwable);
                    }
                })
                .build();
        try {
            calls.accept(analytics);
            analytics.flush();
        } finally {
            analytics.shutdown();
        }
    }
}
