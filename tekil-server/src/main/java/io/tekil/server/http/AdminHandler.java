package io.tekil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.MessageType;
import io.tekil.core.event.Source;
import io.tekil.core.store.EventQuery;
import io.tekil.core.store.EventStore;
import io.tekil.server.admin.AdminTokens;
import io.tekil.server.admin.SourceRegistry;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API under {@code /api}, guarded by the admin bearer token:
 * <ul>
 *   <li>{@code GET /api/sources}, {@code POST /api/sources {"name","channel"}}</li>
 *   <li>{@code GET /api/events?source=&type=&from=&to=&limit=}, {@code GET /api/events/{messageId}[?source=]}</li>
 *   <li>{@code GET /api/quarantine?source=&limit=}</li>
 * </ul>
 */
final class AdminHandler extends JsonHandler {
    private static final int MAX_SOURCE_BODY = 16 * 1024;

    private final AdminTokens tokens;
    private final SourceRegistry sources;
    private final EventStore events;

    AdminHandler(ObjectMapper mapper, AdminTokens tokens, SourceRegistry sources, EventStore events) {
        super(mapper);
        this.tokens = tokens;
        this.sources = sources;
        this.events = events;
    }

    /** @throws TekilException unauthorized unless the request carries the admin bearer token */
    static void requireAdmin(HttpExchange exchange, AdminTokens tokens) {
        String token = Exchanges.bearerToken(exchange);
        if (token == null) {
            throw TekilException.unauthorized("missing admin token: send 'Authorization: Bearer <token>' "
                    + "(printed at first start, or set with TEKIL_ADMIN_TOKEN)");
        }
        if (!tokens.verify(token)) {
            throw TekilException.unauthorized("wrong admin token; use the one printed at first start, set TEKIL_ADMIN_TOKEN, "
                    + "or make a new one with `tekil token reset`");
        }
    }

    @Override
    protected void serve(HttpExchange exchange) throws IOException {
        requireAdmin(exchange, tokens);
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/api/sources" -> {
                switch (method) {
                    case "GET" -> Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("sources", sources.list().stream().map(AdminHandler::json).toList()), mapper);
                    case "POST" -> createSource(exchange);
                    default -> Exchanges.methodNotAllowed(exchange, mapper, "GET", "POST");
                }
            }
            case "/api/events" -> {
                if (isGet(exchange)) {
                    listEvents(exchange);
                }
            }
            case "/api/quarantine" -> {
                if (!isGet(exchange)) {
                    return;
                }
                Map<String, String> query = Exchanges.query(exchange);
                String source = knownSource(query.get("source"));
                int limit = limit(query.get("limit"));
                Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("events",
                        events.quarantined(source, limit).stream().map(e -> EventJson.of(e, mapper)).toList()), mapper);
            }
            default -> {
                if (path.startsWith("/api/events/")) {
                    if (!isGet(exchange)) {
                        return;
                    }
                    String messageId = URLDecoder.decode(exchange.getRequestURI().getRawPath().substring("/api/events/".length()), StandardCharsets.UTF_8);
                    getEvent(exchange, messageId);
                } else {
                    throw TekilException.notFound("no admin endpoint %s; see docs/api.md", path);
                }
            }
        }
    }

    private void createSource(HttpExchange exchange) throws IOException {
        Exchanges.Body body = Exchanges.readBody(exchange, MAX_SOURCE_BODY, "16 KB for admin requests");
        JsonNode request;
        try {
            request = mapper.readTree(body.bytes(), 0, body.length());
        } catch (IOException e) {
            throw TekilException.userError("the body must be JSON such as {\"name\":\"web-shop\",\"channel\":\"web\"}");
        }
        if (request == null || !request.path("name").isTextual() || !request.path("channel").isTextual()) {
            throw TekilException.userError("send {\"name\":\"web-shop\",\"channel\":\"web\"}; channel is one of %s", Channel.allIds());
        }
        Channel channel;
        try {
            channel = Channel.parse(request.get("channel").asText());
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("%s", e.getMessage());
        }
        Source source = sources.create(request.get("name").asText(), channel);
        Exchanges.sendJson(exchange, HttpStatus.CREATED, json(source), mapper);
    }

    private void listEvents(HttpExchange exchange) throws IOException {
        Map<String, String> query = Exchanges.query(exchange);
        String source = knownSource(query.get("source"));
        MessageType type = null;
        if (query.get("type") != null && !query.get("type").isEmpty()) {
            type = MessageType.fromId(query.get("type")).orElseThrow(() -> TekilException.userError(
                    "unknown type '%s'; use one of %s", query.get("type"), MessageType.allIds()));
        }
        EventQuery eventQuery = new EventQuery(source, type, instant(query, "from"), instant(query, "to"), limit(query.get("limit")));
        List<JsonNode> found = events.find(eventQuery).stream().<JsonNode>map(e -> EventJson.of(e, mapper)).toList();
        Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("events", found), mapper);
    }

    private void getEvent(HttpExchange exchange, String messageId) throws IOException {
        String source = Exchanges.query(exchange).get("source");
        List<Event> found = events.findByMessageId(messageId).stream()
                .filter(event -> source == null || event.source().equals(source))
                .toList();
        if (found.isEmpty()) {
            throw TekilException.notFound("no event with messageId '%s'%s", messageId, source == null ? "" : " in source '" + source + "'");
        }
        if (found.size() > 1) {
            throw TekilException.conflict("messageId '%s' exists in sources %s; add ?source=NAME", messageId,
                    found.stream().map(Event::source).toList());
        }
        Exchanges.sendJson(exchange, HttpStatus.OK, EventJson.of(found.getFirst(), mapper), mapper);
    }

    private String knownSource(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        if (!sources.exists(name)) {
            throw TekilException.notFound("no source named '%s'; list them with GET /api/sources", name);
        }
        return name;
    }

    static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= EventQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw TekilException.userError("limit must be a whole number from 1 to %d, was '%s'", EventQuery.MAX_LIMIT, text);
    }

    private static Instant instant(Map<String, String> query, String name) {
        String text = query.get(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw TekilException.userError("'%s' must be an ISO-8601 instant such as 2026-11-22T00:00:00Z, was '%s'", name, text);
        }
    }

    /** True for GET; otherwise answers 405 and returns false. */
    boolean isGet(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            return true;
        }
        Exchanges.methodNotAllowed(exchange, mapper, "GET");
        return false;
    }

    private static Map<String, Object> json(Source source) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", source.name());
        json.put("channel", source.channel().id());
        json.put("writeKey", source.writeKey());
        json.put("createdAt", source.createdAt().toString());
        return json;
    }
}
