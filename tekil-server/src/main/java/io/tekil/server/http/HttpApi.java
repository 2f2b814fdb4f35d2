package io.tekil.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tekil.core.error.TekilException;
import io.tekil.core.ingest.IngestLimits;
import io.tekil.core.store.EventStore;
import io.tekil.server.admin.AdminTokens;
import io.tekil.server.admin.SourceRegistry;
import io.tekil.server.identity.IdentityService;
import io.tekil.server.imports.ImportJobs;
import io.tekil.server.ingest.IngestService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Tekil's HTTP server on the JDK's built-in server, one virtual thread per request. */
public final class HttpApi implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the body then
        // waits for the client's delayed ACK of the headers (40 ms on Linux) whenever the body is not tiny. Read once,
        // when the server's configuration class loads, so it is set before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private HttpApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static HttpApi start(String host, int port, ObjectMapper mapper, IngestService ingest, IngestLimits limits,
            AdminTokens tokens, SourceRegistry sources, EventStore events, ImportJobs imports, IdentityService identity, io.tekil.core.identity.match.Matcher matcher,
            io.tekil.server.segment.SegmentPreviews previews, io.tekil.server.segment.SegmentService segments)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        server.createContext("/v1/", new TrackingHandler(mapper, ingest, limits));
        server.createContext("/api/", new AdminHandler(mapper, tokens, sources, events));
        ImportHandler importHandler = new ImportHandler(mapper, tokens, sources, imports);
        server.createContext("/api/imports", importHandler);
        server.createContext("/api/mappings", importHandler);
        server.createContext("/api/profiles", new ProfileHandler(mapper, tokens, identity, events));
        server.createContext("/api/matching", new MatchingHandler(mapper, tokens, identity, matcher));
        server.createContext("/api/segments", new SegmentHandler(mapper, tokens, previews, segments, identity));
        server.createContext("/health", new JsonHandler(mapper) {
            @Override
            protected void serve(HttpExchange exchange) throws IOException {
                Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("status", "ok"), mapper);
            }
        });
        server.createContext("/", new JsonHandler(mapper) {
            @Override
            protected void serve(HttpExchange exchange) {
                throw TekilException.notFound("no endpoint %s; the tracking API is under /v1, the admin API under /api, see docs/api.md",
                        exchange.getRequestURI().getPath());
            }
        });
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new HttpApi(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting requests and waits up to a second for those in flight. */
    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }
}
