package io.tekil.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.tekil.core.error.TekilException;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.match.Matcher;
import io.tekil.server.admin.AdminTokens;
import io.tekil.server.identity.IdentityService;
import io.tekil.server.identity.ProfileMatchingService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Probabilistic matching, guarded by the admin token:
 * <ul>
 *   <li>{@code POST /api/matching/run}: match the current profiles; links above the link threshold, queues pairs above the review one</li>
 *   <li>{@code GET /api/matching/reviews?status=pending&limit=100}: the suggested links with their explanations</li>
 *   <li>{@code POST /api/matching/reviews/{id}/accept} and {@code .../reject}: a person's decision</li>
 * </ul>
 */
final class MatchingHandler extends JsonHandler {
    private final AdminTokens tokens;
    private final IdentityService identity;
    private final Matcher matcher;

    MatchingHandler(ObjectMapper mapper, AdminTokens tokens, IdentityService identity, Matcher matcher) {
        super(mapper);
        this.tokens = tokens;
        this.identity = identity;
        this.matcher = matcher;
    }

    @Override
    protected void serve(HttpExchange exchange) throws IOException {
        AdminHandler.requireAdmin(exchange, tokens);
        if (identity == null) {
            throw TekilException.notFound("identity resolution is off on this server (identity.enabled=false), so there is nothing to match");
        }
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        String[] parts = path.substring("/api/matching".length()).split("/");
        String method = exchange.getRequestMethod();
        if (parts.length == 2 && parts[1].equals("run") && method.equals("POST")) {
            identity.awaitResolved(java.time.Duration.ofSeconds(30));
            ProfileMatchingService.MatchingRun run = identity.matching().match(matcher, 1);
            Exchanges.sendJson(exchange, HttpStatus.OK, run, mapper);
        } else if (parts.length == 2 && parts[1].equals("reviews") && method.equals("GET")) {
            Map<String, String> query = Exchanges.query(exchange);
            int limit = ProfileHandler.limit(query.get("limit"));
            List<Map<String, Object>> reviews = identity.matching().reviews(query.getOrDefault("status", "pending"), limit).stream()
                    .map(MatchingHandler::json).toList();
            Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("reviews", reviews, "count", reviews.size()), mapper);
        } else if (parts.length == 4 && parts[1].equals("reviews") && method.equals("POST")
                && (parts[3].equals("accept") || parts[3].equals("reject"))) {
            long id;
            try {
                id = Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                throw TekilException.userError("a review id is a whole number, not '%s'", parts[2]);
            }
            ProfileMatchingService.ReviewDecision decision = parts[3].equals("accept") ? identity.matching().accept(id) : identity.matching().reject(id);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("review", json(decision.review()));
            body.put("changes", ProfileHandler.changes(decision.changes()));
            body.put("conflicts", decision.conflicts());
            Exchanges.sendJson(exchange, HttpStatus.OK, body, mapper);
        } else {
            throw TekilException.notFound("no matching endpoint %s %s; see docs/api.md", method, path);
        }
    }

    private static Map<String, Object> json(ProfileMatchingService.ReviewView review) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", review.id());
        json.put("status", review.status());
        json.put("a", identifier(review.a()));
        json.put("b", identifier(review.b()));
        json.put("profileA", review.profileA());
        json.put("profileB", review.profileB());
        json.put("probability", review.probability());
        json.put("score", review.score());
        json.put("explanation", review.explanation());
        if (review.decidedAt() != null) {
            json.put("decidedAt", review.decidedAt().toString());
        }
        return json;
    }

    private static Map<String, String> identifier(Identifier identifier) {
        return Map.of("type", identifier.type().name(), "value", identifier.value());
    }
}
