package io.tekil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.tekil.core.error.TekilException;
import io.tekil.core.segment.Explanation;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleJson;
import io.tekil.core.segment.RuleParser;
import io.tekil.core.segment.RuleSyntaxException;
import io.tekil.server.admin.AdminTokens;
import io.tekil.server.segment.SegmentPreviews;
import io.tekil.server.segment.SegmentService;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Segments, guarded by the admin token (the segment language is in docs/segments.md):
 * <ul>
 *   <li>{@code POST /api/segments} with {@code {"name": "...", "rule": "..."}}: a dynamic segment, kept current from then on</li>
 *   <li>{@code GET /api/segments}, {@code GET|PUT|DELETE /api/segments/{id}}, {@code GET /api/segments/{id}/members?cursor=&limit=}</li>
 *   <li>{@code GET /api/segments/{id}/explain/{profileId}}: why a profile is in or out of a saved segment</li>
 *   <li>{@code POST /api/segments/preview} with {@code {"rule": "...", "sample": 20}}: how many profiles the rule
 *       selects now, a sample, and warnings for names never seen in the data</li>
 *   <li>{@code POST /api/segments/explain} with {@code {"rule": "...", "profileId": "..."}}: the rule tree with each
 *       node's value and evidence for that profile, and when time alone next changes the answer</li>
 * </ul>
 * The rule is its text, or its JSON form as an object.
 */
final class SegmentHandler extends JsonHandler {
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_SAMPLE = 1_000;

    private final AdminTokens tokens;
    private final SegmentPreviews previews;
    private final SegmentService segments;

    SegmentHandler(ObjectMapper mapper, AdminTokens tokens, SegmentPreviews previews, SegmentService segments) {
        super(mapper);
        this.tokens = tokens;
        this.previews = previews;
        this.segments = segments;
    }

    @Override
    protected void serve(HttpExchange exchange) throws IOException {
        AdminHandler.requireAdmin(exchange, tokens);
        if (previews == null) {
            throw TekilException.notFound("segments need identity resolution, which is off on this server (identity.enabled=false)");
        }
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        String method = exchange.getRequestMethod();
        if (path.equals("/api/segments/preview") && method.equals("POST")) {
            JsonNode request = request(exchange);
            int sample = request.path("sample").asInt(20);
            if (sample < 0 || sample > MAX_SAMPLE) {
                throw TekilException.userError("sample is %d; ask for 0 to %d profiles", sample, MAX_SAMPLE);
            }
            Rule rule = rule(request);
            awaitResolved();
            SegmentPreviews.Preview preview = previews.preview(rule, sample);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rule", preview.rule());
            body.put("json", RuleJson.write(rule));
            body.put("at", preview.at().toString());
            body.put("timeZone", previews.zone().getId());
            body.put("size", preview.size());
            body.put("profiles", preview.profiles());
            body.put("sample", preview.sample());
            body.put("warnings", preview.warnings());
            body.put("millis", preview.millis());
            Exchanges.sendJson(exchange, HttpStatus.OK, body, mapper);
        } else if (path.equals("/api/segments/explain") && method.equals("POST")) {
            JsonNode request = request(exchange);
            if (!request.path("profileId").isTextual()) {
                throw TekilException.userError("send the profile to explain as \"profileId\", with the \"rule\"");
            }
            Rule rule = rule(request);
            awaitResolved();
            String profileId = request.get("profileId").textValue();
            SegmentPreviews.ProfileExplanation explained = previews.explain(rule, profileId)
                    .orElseThrow(() -> TekilException.notFound("no profile '%s'", profileId));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("profileId", explained.profileId());
            body.put("at", explained.at().toString());
            body.put("timeZone", previews.zone().getId());
            body.put("member", explained.explanation().value());
            body.put("nextChange", explained.nextChange() == null ? null : explained.nextChange().toString());
            body.put("explanation", json(explained.explanation()));
            Exchanges.sendJson(exchange, HttpStatus.OK, body, mapper);
        } else {
            saved(exchange, path, method);
        }
    }

    private void saved(HttpExchange exchange, String path, String method) throws IOException {
        String[] parts = path.substring("/api/segments".length()).split("/");
        if (parts.length <= 1 && method.equals("GET")) {
            Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("segments", segments.list().stream().map(SegmentHandler::json).toList()), mapper);
        } else if (parts.length <= 1 && method.equals("POST")) {
            JsonNode request = request(exchange);
            Rule rule = rule(request);
            SegmentService.Saved saved = segments.create(request.path("name").asText(null), rule);
            Exchanges.sendJson(exchange, HttpStatus.CREATED, saved(saved), mapper);
        } else if (parts.length == 2 && method.equals("GET")) {
            Exchanges.sendJson(exchange, HttpStatus.OK, json(segments.get(parts[1])
                    .orElseThrow(() -> TekilException.notFound("no segment '%s'", parts[1]))), mapper);
        } else if (parts.length == 2 && method.equals("PUT")) {
            JsonNode request = request(exchange);
            Exchanges.sendJson(exchange, HttpStatus.OK, saved(segments.update(parts[1], request.path("name").asText(null), rule(request))), mapper);
        } else if (parts.length == 2 && method.equals("DELETE")) {
            int exits = segments.delete(parts[1]).size();
            Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("deleted", parts[1], "exits", exits), mapper);
        } else if (parts.length == 3 && parts[2].equals("members") && method.equals("GET")) {
            Map<String, String> query = Exchanges.query(exchange);
            int limit = ProfileHandler.limit(query.get("limit"));
            java.util.List<String> members = segments.members(parts[1], query.get("cursor"), limit + 1);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("members", members.size() > limit ? members.subList(0, limit) : members);
            body.put("next", members.size() > limit ? members.get(limit - 1) : null);
            Exchanges.sendJson(exchange, HttpStatus.OK, body, mapper);
        } else if (parts.length == 4 && parts[2].equals("explain") && method.equals("GET")) {
            SegmentService.Definition definition = segments.requireExisting(parts[1]);
            awaitResolved();
            SegmentPreviews.ProfileExplanation explained = previews.explain(definition.rule(), parts[3])
                    .orElseThrow(() -> TekilException.notFound("no profile '%s'", parts[3]));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("segment", definition.id());
            body.put("profileId", explained.profileId());
            body.put("at", explained.at().toString());
            body.put("member", explained.explanation().value());
            body.put("nextChange", explained.nextChange() == null ? null : explained.nextChange().toString());
            body.put("explanation", json(explained.explanation()));
            Exchanges.sendJson(exchange, HttpStatus.OK, body, mapper);
        } else {
            throw TekilException.notFound("no segment endpoint %s %s; see docs/api.md", method, path);
        }
    }

    private static Map<String, Object> saved(SegmentService.Saved saved) {
        Map<String, Object> body = json(saved.view());
        body.put("enters", saved.changes().stream().filter(change -> change.kind() == io.tekil.core.segment.live.MembershipChange.Kind.ENTER).count());
        body.put("exits", saved.changes().stream().filter(change -> change.kind() == io.tekil.core.segment.live.MembershipChange.Kind.EXIT).count());
        return body;
    }

    private static Map<String, Object> json(SegmentService.View view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", view.definition().id());
        json.put("name", view.definition().name());
        json.put("kind", "dynamic");
        json.put("rule", io.tekil.core.segment.RulePrinter.print(view.definition().rule()));
        json.put("json", RuleJson.write(view.definition().rule()));
        json.put("size", view.size());
        json.put("lastChange", view.lastChange() == null ? null : view.lastChange().toString());
        json.put("createdAt", view.definition().createdAt().toString());
        json.put("updatedAt", view.definition().updatedAt().toString());
        return json;
    }

    /** A preview right after ingestion sees every acknowledged event on its profile. */
    private void awaitResolved() {
        previews.awaitResolved(Duration.ofSeconds(10));
    }

    private JsonNode request(HttpExchange exchange) throws IOException {
        Exchanges.Body body = Exchanges.readBody(exchange, MAX_BODY, "64 KB for segment requests");
        try {
            JsonNode request = mapper.readTree(body.bytes(), 0, body.length());
            if (request != null && request.isObject()) {
                return request;
            }
        } catch (IOException e) {
            // answered below
        }
        throw TekilException.userError("send a JSON object such as {\"rule\": \"did \\\"Order Completed\\\" in last 30 days\"}");
    }

    private static Rule rule(JsonNode request) {
        JsonNode rule = request.get("rule");
        try {
            if (rule != null && rule.isTextual()) {
                return RuleParser.parse(rule.textValue());
            }
            if (rule != null && rule.isObject()) {
                return RuleJson.read(rule);
            }
        } catch (RuleSyntaxException e) {
            throw TekilException.userError("the rule does not parse: %s", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("the rule's JSON is not a rule: %s", e.getMessage());
        }
        throw TekilException.userError("send the rule as \"rule\": its text, or its JSON form as an object (docs/segments.md)");
    }

    private static Map<String, Object> json(Explanation explanation) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rule", explanation.rule());
        json.put("value", explanation.value());
        if (!explanation.evidence().isEmpty()) {
            json.put("evidence", explanation.evidence());
        }
        if (!explanation.eventIds().isEmpty()) {
            json.put("events", explanation.eventIds());
        }
        if (!explanation.parts().isEmpty()) {
            json.put("parts", explanation.parts().stream().map(SegmentHandler::json).toList());
        }
        return json;
    }
}
