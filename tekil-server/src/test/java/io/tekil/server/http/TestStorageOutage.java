package io.tekil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tekil.server.TekilServer;
import io.tekil.server.TestingStorage;
import io.tekil.server.TestingTekil;
import io.tekil.server.config.TekilConfig;
import io.tekil.server.identity.ServerIdentityInvariants;
import io.tekil.store.duckdb.DuckDbStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When storage cannot take events, clients get 503 (SDKs retry) and nothing acknowledged is lost. */
class TestStorageOutage {
    private static final String BATCH = "{\"batch\":[{\"type\":\"track\",\"messageId\":\"m-1\",\"userId\":\"u\",\"event\":\"Cart Viewed\"}]}";

    @TempDir
    Path directory;

    private TestingStorage storage;
    private TekilServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private String writeKey;

    @BeforeEach
    void start() {
        storage = new TestingStorage(DuckDbStorage.open(directory));
        server = TekilServer.start(TekilConfig.of(Map.of(
                "server.host", "127.0.0.1", "server.port", "0", "admin.token", TestingTekil.ADMIN_TOKEN,
                "ingest.queue-capacity", "2")), storage, Clock.systemUTC());
        writeKey = server.sources().create("web", io.tekil.core.event.Channel.WEB).writeKey();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(ServerIdentityInvariants.violations(server.identity(), server.storage().events())).as("identity invariants").isEmpty();
        } finally {
            server.close();
        }
    }

    private CompletableFuture<HttpResponse<String>> post(String body) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/batch"))
                .header("Authorization", TestingTekil.basic(writeKey))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void failedCommitIs503AndTheRetryIsStoredOnce() throws Exception {
        storage.failAppends(true);
        HttpResponse<String> failed = post(BATCH).get();
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).contains("nothing from this request was stored; retry").contains("disk I/O error");
        assertThat(server.storage().events().count()).isZero();

        storage.failAppends(false);
        HttpResponse<String> retried = post(BATCH).get();
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("\"stored\":1");
        assertThat(post(BATCH).get().body()).contains("\"duplicates\":1");
        assertThat(server.storage().events().count()).isEqualTo(1);
    }

    @Test
    void fullQueueAnswers503AtOnceAndQueuedRequestsStillCommit() throws Exception {
        storage.blockAppends();
        CompletableFuture<HttpResponse<String>> held = post(BATCH.replace("m-1", "held"));
        storage.awaitAppendEntered();
        // The writer is stuck in the held request's commit: two more requests fit the queue, five do not.
        List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            more.add(post(BATCH.replace("m-1", "m-" + i)));
        }
        TestingTekil.await(Duration.ofSeconds(10), "five turned-away requests",
                () -> more.stream().filter(f -> f.isDone() && f.join().statusCode() == 503).count() == 5);
        for (CompletableFuture<HttpResponse<String>> response : more) {
            if (response.isDone()) {
                assertThat(response.get().body()).contains("ingestion queue is full (2 requests waiting for storage); retry with back-off");
            }
        }
        storage.release();
        assertThat(held.get().statusCode()).isEqualTo(200);
        assertThat(more.stream().filter(f -> f.join().statusCode() == 200).count()).isEqualTo(2);
        assertThat(server.storage().events().count()).isEqualTo(3);
    }
}
