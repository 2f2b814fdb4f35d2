package io.tekil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Source;
import io.tekil.server.config.TekilConfig;
import io.tekil.server.identity.ServerIdentityInvariants;
import io.tekil.store.duckdb.DuckDbStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real Tekil server on a free loopback port over a temporary data directory, with a known admin token and
 * one web source, plus a small HTTP client for tests. Whenever it stops the server (a restart, the end of a test), it
 * first checks the identity invariants over the graph and every stored event ({@link #assertIdentityInvariants}).
 */
public final class TestingTekil implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token";

    private final Path dataDir;
    private final Map<String, String> settings;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = Json.newMapper();
    private TekilServer server;
    private Source source;
    private final TestingClock clock = new TestingClock();

    public TestingTekil(Path dataDir) {
        this(dataDir, Map.of());
    }

    public TestingTekil(Path dataDir, Map<String, String> overrides) {
        this.dataDir = dataDir;
        this.settings = new HashMap<>(overrides);
        settings.putIfAbsent(TekilConfig.SERVER_HOST.name(), "127.0.0.1");
        settings.putIfAbsent(TekilConfig.SERVER_PORT.name(), "0");
        settings.putIfAbsent(TekilConfig.ADMIN_TOKEN.name(), ADMIN_TOKEN);
        settings.put(TekilConfig.DATA_DIR.name(), dataDir.toString());
        start();
    }

    /** Starts (again) on the same data directory, on a new free port. */
    public void start() {
        server = TekilServer.start(TekilConfig.of(settings), DuckDbStorage.open(dataDir), clock);
        source = server.sources().list().stream().filter(s -> s.name().equals("web"))
                .findFirst()
                .orElseGet(() -> server.sources().create("web", Channel.WEB));
    }

    public void restart() {
        stop();
        start();
    }

    /** Restarts as if the server had been stopped for {@code stopped}: its clock is that much later from then on. */
    public void restartAfter(Duration stopped) {
        stop();
        clock.advance(stopped);
        start();
    }

    /**
     * Once every accepted event is resolved, the identity invariants hold over the graph and every stored event
     * ({@link ServerIdentityInvariants}); nothing to check when identity resolution is off.
     */
    public void assertIdentityInvariants() {
        if (server.identity() != null) {
            assertThat(ServerIdentityInvariants.violations(server.identity(), server.storage().events())).as("identity invariants").isEmpty();
        }
    }

    private void stop() {
        try {
            assertIdentityInvariants();
        } finally {
            server.close();
        }
    }

    public TekilServer server() {
        return server;
    }

    public String writeKey() {
        return source.writeKey();
    }

    public Source source() {
        return source;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** POSTs {@code body} with the source's write key as Basic username. */
    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", basic(writeKey()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    /** GETs an admin API path with the admin token. */
    public Response admin(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(), mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String basic(String writeKey) {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    public long storedEvents() {
        return server.storage().events().count();
    }

    /** Polls {@code condition} every 20 ms until it holds, failing after {@code timeout}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Checks the identity invariants, then stops the server. */
    @Override
    public void close() {
        stop();
    }

    public record Response(int status, String body, ObjectMapper mapper) {
        public JsonNode json() {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
