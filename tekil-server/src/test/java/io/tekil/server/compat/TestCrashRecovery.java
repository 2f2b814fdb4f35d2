package io.tekil.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.store.Storage;
import io.tekil.server.Json;
import io.tekil.server.TestingTekil;
import io.tekil.server.config.TekilConfig;
import io.tekil.server.identity.IdentityService;
import io.tekil.server.identity.ServerIdentityInvariants;
import io.tekil.store.duckdb.DuckDbStorage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a Tekil server process with SIGKILL while several clients send batches at full speed, restarts it on
 * the same data directory, and checks Tekil's promise: every batch answered 200 is stored, each event exactly
 * once, and the de-duplication memory survives, so client retries after the crash store nothing twice. Killed again,
 * its identity graph restarts consistent with every stored event.
 */
class TestCrashRecovery {
    private static final String ADMIN_TOKEN = "crash-test-admin-token";
    private static final String SOURCE = "crash-load";
    private static final int SENDERS = 4;
    private static final int BATCH_SIZE = 100;
    private static final int MAX_BATCHES_PER_SENDER = 2_000;
    /** About a second or two of load on a 2-core machine. */
    private static final int KILL_AFTER_ACKNOWLEDGED_BATCHES = 150;
    private static final Instant EVENT_TIME_BASE = Instant.parse("2026-11-01T00:00:00Z");
    /** Event-time span of one admin API page: 5,000 events at one per millisecond, half the page limit. */
    private static final Duration PAGE_SPAN = Duration.ofSeconds(5);

    @TempDir
    Path work;

    private final ObjectMapper mapper = Json.newMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<TekilProcess> servers = new ArrayList<>();

    @AfterEach
    void killServers() {
        servers.forEach(TekilProcess::close);
        http.shutdownNow();
    }

    @Test
    void acknowledgedEventsSurviveKillNineExactlyOnce() throws Exception {
        Path data = work.resolve("data");
        TekilProcess first = start(data, "first.log");
        String writeKey = createSource(first);

        BatchLoad load = new BatchLoad(mapper, http, first.uri("/v1/batch"), writeKey, SENDERS, BATCH_SIZE,
                MAX_BATCHES_PER_SENDER, EVENT_TIME_BASE);
        try (load) {
            load.start();
            load.awaitAcknowledged(KILL_AFTER_ACKNOWLEDGED_BATCHES, Duration.ofSeconds(60));
            assertThat(first.killHard()).as("exit status of a process killed by SIGKILL (128 + 9)").isEqualTo(137);
            load.awaitStopped(Duration.ofSeconds(60));
        }
        List<BatchLoad.Batch> acknowledged = load.acknowledged();
        List<BatchLoad.Batch> unacknowledged = load.unacknowledged();
        assertThat(acknowledged.size() + unacknowledged.size()).isEqualTo(load.events() / BATCH_SIZE);

        TekilProcess second = start(data, "second.log");
        Map<String, Integer> stored = storedMessageIds(second, load.events());
        assertThat(duplicates(stored)).as("messageIds stored more than once").isEmpty();
        assertThat(missing(messageIds(acknowledged), stored.keySet())).as("acknowledged events that are not stored").isEmpty();
        assertThat(missing(stored.keySet(), sentIds(load))).as("stored events that were never sent").isEmpty();

        for (BatchLoad.Batch retry : List.of(acknowledged.getFirst(), acknowledged.get(acknowledged.size() / 2), acknowledged.getLast())) {
            JsonNode response = postBatch(second, writeKey, retry);
            assertThat(response.path("stored").asInt()).as("%s", response).isZero();
            assertThat(response.path("duplicates").asInt()).as("%s", response).isEqualTo(BATCH_SIZE);
        }
        for (BatchLoad.Batch retry : unacknowledged) {
            JsonNode response = postBatch(second, writeKey, retry);
            assertThat(response.path("stored").asInt() + response.path("duplicates").asInt()).as("%s", response).isEqualTo(BATCH_SIZE);
        }

        Map<String, Integer> afterRetries = storedMessageIds(second, load.events());
        assertThat(duplicates(afterRetries)).as("messageIds stored more than once after the retries").isEmpty();
        assertThat(missing(sentIds(load), afterRetries.keySet())).as("sent events still not stored after the retries").isEmpty();
        assertThat(missing(afterRetries.keySet(), sentIds(load))).as("stored events that were never sent").isEmpty();

        // identity resolution caught up after the crash: every event of a user is on that user's profile
        for (int user : new int[] {0, 498, 996}) {
            long expected = 0;
            for (long n = user; n < load.events(); n += 997) {
                expected++;
            }
            HttpResponse<String> profile = http.send(HttpRequest.newBuilder(second.uri("/api/profiles/lookup?type=user_id&value=u-" + user))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(profile.statusCode()).as(profile.body()).isEqualTo(200);
            assertThat(mapper.readTree(profile.body()).path("facts").path("events").asLong()).as("events on the profile of u-%d", user).isEqualTo(expected);
        }

        assertThat(second.killHard()).isEqualTo(137);
        assertIdentityInvariantsAfterRestart(data);
    }

    /**
     * Starts identity resolution in this JVM on the data the killed server left, as a restart does (the graph restored
     * from its log, the events since its watermark resolved again), and checks the identity invariants over every
     * stored event.
     */
    private static void assertIdentityInvariantsAfterRestart(Path data) {
        TekilConfig config = TekilConfig.of(Map.of());
        try (Storage storage = DuckDbStorage.open(data);
                IdentityService identity = IdentityService.start(storage, config.identityRules(), config.identifierNormalizer(),
                        config.get(TekilConfig.TRAIT_PRIORITY), Clock.systemUTC())) {
            assertThat(ServerIdentityInvariants.violations(identity, storage.events())).as("identity invariants").isEmpty();
        }
    }

    private TekilProcess start(Path data, String logName) {
        TekilProcess server = TekilProcess.start(data, work.resolve(logName), ADMIN_TOKEN);
        servers.add(server);
        return server;
    }

    private String createSource(TekilProcess server) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/api/sources"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + SOURCE + "\",\"channel\":\"server\"}"))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return mapper.readTree(response.body()).path("writeKey").asText();
    }

    private JsonNode postBatch(TekilProcess server, String writeKey, BatchLoad.Batch batch) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri("/v1/batch"))
                .header("Authorization", TestingTekil.basic(writeKey))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.body(), StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    /**
     * How often each messageId is stored in the load's source, read page by page through the admin API. Event
     * {@code n} has event time {@code base + n ms}, so each page asks for a span of event time that holds at
     * most half the page limit, even if every event in it were stored twice.
     */
    private Map<String, Integer> storedMessageIds(TekilProcess server, long events) throws IOException, InterruptedException {
        Map<String, Integer> counts = new HashMap<>();
        Instant end = EVENT_TIME_BASE.plusMillis(events);
        for (Instant from = EVENT_TIME_BASE; from.isBefore(end); from = from.plus(PAGE_SPAN)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri(String.format(
                            "/api/events?source=%s&from=%s&to=%s&limit=10000", SOURCE, from, from.plus(PAGE_SPAN))))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .GET()
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = mapper.readTree(response.body()).path("events");
            assertThat(page.size()).as("events in one page").isLessThan(10_000);
            page.forEach(event -> counts.merge(event.path("messageId").asText(), 1, Integer::sum));
        }
        return counts;
    }

    private static Map<String, Integer> duplicates(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .filter(entry -> entry.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The elements of {@code expected} that {@code actual} lacks; unlike AssertJ's containsAll, linear in size. */
    private static Set<String> missing(Set<String> expected, Set<String> actual) {
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(actual);
        return missing;
    }

    private static Set<String> messageIds(List<BatchLoad.Batch> batches) {
        Set<String> ids = new HashSet<>();
        batches.forEach(batch -> ids.addAll(batch.messageIds()));
        return ids;
    }

    private static Set<String> sentIds(BatchLoad load) {
        return LongStream.range(0, load.events()).mapToObj(BatchLoad::messageId).collect(Collectors.toSet());
    }
}
