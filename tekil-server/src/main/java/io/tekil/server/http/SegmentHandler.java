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
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Draft segment rules, guarded by the admin token (the segment language is in docs/segments.md):
 * <ul>
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

    SegmentHandler(ObjectMapper mapper, AdminTokens tokens, SegmentPreviews previews) {
        super(mapper);
        this.tokens = tokens;
        this.previews = previews;
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
            throw TekilException.notFound("no segment endpoint %s %s; see docs/api.md", method, path);
        }
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
