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
import io.tekil.importer.IdentifierList;
import io.tekil.server.identity.IdentityService;
import io.tekil.server.segment.SegmentDefinition;
import io.tekil.server.segment.SegmentPreviews;
import io.tekil.server.segment.SegmentService;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Segments, guarded by the admin token (the segment language is in docs/segments.md):
 * <ul>
 *   <li>{@code POST /api/segments} with {@code {"name": "...", "rule": "..."}}: a dynamic segment, kept current from then on;
 *       with {@code "kind": "static"} a snapshot of the profiles the rule selects now, or, with {@code "identifiers":
 *       [{"type": "email", "value": "..."}]} instead of the rule, the profiles of a list of people; or a CSV list
 *       ({@code Content-Type: text/csv}, {@code ?name=}) whose header names identifier types, or
 *       {@code &column.customer_no=crm_id} says which column is which</li>
 *   <li>{@code GET /api/segments}, {@code GET|PUT|DELETE /api/segments/{id}}, {@code GET /api/segments/{id}/members?cursor=&limit=}</li>
 *   <li>{@code POST /api/segments/{id}/recompute}: a dynamic segment's members chosen again by the SQL engine from
 *       every stored event, and its real-time state built again</li>
 *   <li>{@code GET /api/segments/{id}/history}: per day, enters, exits and the size at the day's end</li>
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
    private static final int MAX_LIST_BODY = 64 * 1024 * 1024;
    private static final int MAX_SAMPLE = 1_000;

    private final AdminTokens tokens;
    private final SegmentPreviews previews;
    private final SegmentService segments;
    private final IdentityService identity;

    SegmentHandler(ObjectMapper mapper, AdminTokens tokens, SegmentPreviews previews, SegmentService segments, IdentityService identity) {
        super(mapper);
        this.identity = identity;
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
            Exchanges.sendJson(exchange, HttpStatus.CREATED, saved(save(exchange, null)), mapper);
        } else if (parts.length == 2 && method.equals("GET")) {
            Exchanges.sendJson(exchange, HttpStatus.OK, json(segments.get(parts[1])
                    .orElseThrow(() -> TekilException.notFound("no segment '%s'", parts[1]))), mapper);
        } else if (parts.length == 2 && method.equals("PUT")) {
            segments.requireExisting(parts[1]);
            Exchanges.sendJson(exchange, HttpStatus.OK, saved(save(exchange, parts[1])), mapper);
        } else if (parts.length == 3 && parts[2].equals("recompute") && method.equals("POST")) {
            Exchanges.sendJson(exchange, HttpStatus.OK, saved(segments.recompute(parts[1])), mapper);
        } else if (parts.length == 3 && parts[2].equals("history") && method.equals("GET")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("segment", parts[1]);
            body.put("timeZone", previews.zone().getId());
            body.put("days", segments.history(parts[1]).stream().map(day -> Map.of("day", day.day().toString(), "enters", day.enters(),
                    "exits", day.exits(), "size", day.size())).toList());
            Exchanges.sendJson(exchange, HttpStatus.OK, body, mapper);
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
            SegmentDefinition definition = segments.requireExisting(parts[1]);
            if (definition.kind() == SegmentDefinition.Kind.STATIC) {
                throw TekilException.userError("segment '%s' is static (%s): its members were fixed when it was saved, so there is no rule "
                        + "to explain; GET /api/segments/%s/members lists them", definition.id(), definition.origin(), definition.id());
            }
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

    /** Creates ({@code id} null) or replaces a segment from the request: JSON (dynamic, static snapshot, static list) or a CSV list. */
    private SegmentService.Saved save(HttpExchange exchange, String id) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv")) {
            Exchanges.Body body = Exchanges.readBody(exchange, MAX_LIST_BODY, "64 MB for an identifier list");
            Map<String, String> query = Exchanges.query(exchange);
            Map<String, String> columns = new LinkedHashMap<>();
            query.forEach((key, value) -> {
                if (key.startsWith("column.")) {
                    columns.put(key.substring("column.".length()), value);
                }
            });
            IdentifierList list = IdentifierList.read(body.bytes(), body.length(), identity.identifierTypes(), columns);
            String name = query.get("name");
            return id == null ? segments.createList(name, list) : segments.updateList(id, name, list);
        }
        JsonNode request = request(exchange, MAX_LIST_BODY);
        String name = request.path("name").asText(null);
        String kind = request.path("kind").asText("dynamic");
        if (kind.equals("dynamic")) {
            Rule rule = rule(request);
            return id == null ? segments.create(name, rule) : segments.update(id, name, rule);
        }
        if (!kind.equals("static")) {
            throw TekilException.userError("kind is '%s'; a segment is \"dynamic\" (the default) or \"static\"", kind);
        }
        if (request.has("identifiers")) {
            IdentifierList list = identifiers(request.get("identifiers"));
            return id == null ? segments.createList(name, list) : segments.updateList(id, name, list);
        }
        Rule rule = rule(request);
        return id == null ? segments.createSnapshot(name, rule) : segments.updateSnapshot(id, name, rule);
    }

    /** {@code [{"type": "email", "value": "..."}, ...]}: one person each. */
    private IdentifierList identifiers(JsonNode array) {
        if (!array.isArray()) {
            throw TekilException.userError("send \"identifiers\" as an array such as [{\"type\": \"email\", \"value\": \"ayse@example.com\"}]");
        }
        java.util.List<Map.Entry<String, String>> entries = new java.util.ArrayList<>();
        array.forEach(entry -> entries.add(new java.util.AbstractMap.SimpleEntry<>(entry.path("type").asText(null), entry.path("value").asText(null))));
        return IdentifierList.of(entries, identity.identifierTypes());
    }

    private static Map<String, Object> saved(SegmentService.Saved saved) {
        Map<String, Object> body = json(saved.view());
        if (saved.list() != null) {
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("rows", saved.list().rows());
            list.put("matched", saved.list().matched());
            list.put("profiles", saved.list().profiles());
            list.put("unmatchedLines", saved.list().unmatchedLines());
            list.put("ignoredColumns", saved.list().ignoredColumns());
            body.put("list", list);
        }
        body.put("enters", saved.changes().stream().filter(change -> change.kind() == io.tekil.core.segment.live.MembershipChange.Kind.ENTER).count());
        body.put("exits", saved.changes().stream().filter(change -> change.kind() == io.tekil.core.segment.live.MembershipChange.Kind.EXIT).count());
        return body;
    }

    private static Map<String, Object> json(SegmentService.View view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", view.definition().id());
        json.put("name", view.definition().name());
        SegmentDefinition definition = view.definition();
        json.put("kind", definition.kind().label());
        json.put("rule", definition.rule() == null ? null : io.tekil.core.segment.RulePrinter.print(definition.rule()));
        json.put("json", definition.rule() == null ? null : RuleJson.write(definition.rule()));
        if (definition.origin() != null) {
            json.put("origin", definition.origin());
        }
        json.put("size", view.size());
        if (definition.kind() == SegmentDefinition.Kind.DYNAMIC) {
            json.put("building", view.building());
            if (view.buildError() != null) {
                json.put("buildError", view.buildError());
            }
        }
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
        return request(exchange, MAX_BODY);
    }

    private JsonNode request(HttpExchange exchange, int limit) throws IOException {
        Exchanges.Body body = Exchanges.readBody(exchange, limit, limit == MAX_BODY ? "64 KB for segment requests" : "64 MB for saving a segment");
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
