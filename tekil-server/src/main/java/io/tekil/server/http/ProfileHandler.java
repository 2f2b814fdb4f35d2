package io.tekil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.identity.Identifier;
import io.tekil.core.profile.ProfileFacts;
import io.tekil.core.profile.TimelineCursor;
import io.tekil.core.profile.TimelineEvent;
import io.tekil.core.profile.TimelinePage;
import io.tekil.core.store.EventStore;
import io.tekil.core.store.IdentityStore;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.identity.ProfileChange;
import io.tekil.core.identity.Provenance;
import io.tekil.server.admin.AdminTokens;
import io.tekil.server.identity.IdentityService;
import io.tekil.server.identity.IdentityView;
import io.tekil.server.identity.ProfileView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unified profiles, guarded by the admin token:
 * <ul>
 *   <li>{@code GET /api/profiles?trait.city=İzmir&limit=50}: profiles whose traits have these values</li>
 *   <li>{@code GET /api/profiles/lookup?type=email&value=...}: the profile of an identifier, normalized like events</li>
 *   <li>{@code GET /api/profiles/{id}}: its identifiers, traits and facts (an absorbed id answers with the profile it
 *   merged into)</li>
 *   <li>{@code GET /api/profiles/{id}/events?cursor=&limit=}: its cross-channel timeline, newest first</li>
 *   <li>{@code GET /api/profiles/{id}/identity}: also every link with provenance and status</li>
 *   <li>{@code DELETE /api/profiles/{id}/links/{linkId}}, {@code POST /api/profiles/{id}/unmerge {"type","value"}}: unmerge</li>
 * </ul>
 */
final class ProfileHandler extends JsonHandler {
    private final AdminTokens tokens;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 1_000;

    private final IdentityService identity;
    private final EventStore events;

    ProfileHandler(ObjectMapper mapper, AdminTokens tokens, IdentityService identity, EventStore events) {
        super(mapper);
        this.tokens = tokens;
        this.identity = identity;
        this.events = events;
    }

    @Override
    protected void serve(HttpExchange exchange) throws IOException {
        AdminHandler.requireAdmin(exchange, tokens);
        if (identity == null) {
            throw TekilException.notFound("identity resolution is off on this server (identity.enabled=false), so there are no profiles");
        }
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        String[] parts = path.substring("/api/profiles".length()).split("/");
        String method = exchange.getRequestMethod();
        if (parts.length <= 1 && method.equals("GET")) {
            search(exchange);
        } else if (parts.length == 3 && parts[2].equals("events") && method.equals("GET")) {
            timeline(exchange, parts[1]);
        } else if (parts.length == 2 && parts[1].equals("changes") && method.equals("GET")) {
            changeFeed(exchange);
        } else if (parts.length == 2 && parts[1].equals("lookup") && method.equals("GET")) {
            Map<String, String> query = Exchanges.query(exchange);
            IdentifierType type = type(query.get("type"));
            String value = query.get("value");
            if (value == null || value.isBlank()) {
                throw TekilException.userError("give the identifier's value: /api/profiles/lookup?type=email&value=ayse@example.com");
            }
            awaitResolved();
            ProfileView profile = identity.lookup(type, value).orElseThrow(() -> TekilException.notFound(
                    "no profile has %s '%s' (after normalization; blocked and invalid values never link)", type, value));
            Exchanges.sendJson(exchange, HttpStatus.OK, withFacts(profile), mapper);
        } else if (parts.length == 2 && method.equals("GET")) {
            awaitResolved();
            Exchanges.sendJson(exchange, HttpStatus.OK, withFacts(profile(parts[1], false)), mapper);
        } else if (parts.length == 3 && parts[2].equals("identity") && method.equals("GET")) {
            awaitResolved();
            IdentityView view = identity.identity(parts[1]).orElseThrow(() -> TekilException.notFound("no profile '%s'", parts[1]));
            Exchanges.sendJson(exchange, HttpStatus.OK, json(view), mapper);
        } else if (parts.length == 4 && parts[2].equals("links") && method.equals("DELETE")) {
            long linkId;
            try {
                linkId = Long.parseLong(parts[3]);
            } catch (NumberFormatException e) {
                throw TekilException.userError("a link id is a whole number, not '%s'", parts[3]);
            }
            awaitResolved();
            Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("changes", changes(identity.removeLink(parts[1], linkId))), mapper);
        } else if (parts.length == 3 && parts[2].equals("unmerge") && method.equals("POST")) {
            Exchanges.Body body = Exchanges.readBody(exchange, 16 * 1024, "16 KB for admin requests");
            JsonNode request;
            try {
                request = mapper.readTree(body.bytes(), 0, body.length());
            } catch (IOException e) {
                request = null;
            }
            if (request == null || !request.path("type").isTextual() || !request.path("value").isTextual()) {
                throw TekilException.userError("send the identifier to take out, such as {\"type\":\"device_id\",\"value\":\"d-aile-tableti\"}");
            }
            IdentifierType type = type(request.get("type").asText());
            String value = request.get("value").asText();
            Identifier identifier = identity.identifier(type, value).orElseThrow(() ->
                    TekilException.userError("'%s' is not a linkable %s (blocked or invalid)", value, type));
            awaitResolved();
            Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("changes", changes(identity.detach(parts[1], identifier))), mapper);
        } else {
            throw TekilException.notFound("no profile endpoint %s %s; see docs/api.md", method, path);
        }
    }

    private void search(HttpExchange exchange) throws IOException {
        Map<String, String> query = Exchanges.query(exchange);
        Map<String, String> criteria = new LinkedHashMap<>();
        query.forEach((name, value) -> {
            if (name.startsWith("trait.") && name.length() > "trait.".length()) {
                criteria.put(name.substring("trait.".length()), value);
            } else if (!name.equals("limit")) {
                throw TekilException.userError("unknown parameter '%s'; search with trait.NAME=VALUE, such as /api/profiles?trait.city=İzmir", name);
            }
        });
        if (criteria.isEmpty()) {
            throw TekilException.userError("give at least one trait to search by, such as /api/profiles?trait.city=İzmir; "
                    + "to find a profile by an identifier use /api/profiles/lookup?type=email&value=...");
        }
        int limit = limit(query.get("limit"));
        awaitResolved();
        List<Map<String, Object>> found = identity.search(criteria, limit).stream().map(ProfileHandler::json).toList();
        Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("profiles", found, "count", found.size()), mapper);
    }

    private void timeline(HttpExchange exchange, String id) throws IOException {
        Map<String, String> query = Exchanges.query(exchange);
        int limit = limit(query.get("limit"));
        TimelineCursor after;
        try {
            after = query.get("cursor") == null || query.get("cursor").isEmpty() ? null : TimelineCursor.decode(query.get("cursor"));
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("%s", e.getMessage());
        }
        awaitResolved();
        Map.Entry<String, List<String>> profile = identity.eventKeys(id).orElseThrow(() -> TekilException.notFound("no profile '%s'", id));
        TimelinePage page = events.timeline(profile.getValue(), after, limit);
        List<Map<String, Object>> shown = new ArrayList<>(page.events().size());
        for (TimelineEvent event : page.events()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("messageId", event.messageId());
            json.put("type", event.type().id());
            if (event.name() != null) {
                json.put("name", event.name());
            }
            json.put("timestamp", event.timestamp().toString());
            json.put("receivedAt", event.receivedAt().toString());
            json.put("source", event.source());
            json.put("channel", event.channel().id());
            json.put("identifier", event.profileKey());
            // stored messages are valid JSON (checked at ingestion), so they go out as they are, not parsed again
            json.put("message", new com.fasterxml.jackson.databind.util.RawValue(new String(event.json().utf8(), java.nio.charset.StandardCharsets.UTF_8)));
            shown.add(json);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profile", profile.getKey());
        body.put("events", shown);
        body.put("next", page.next() == null ? null : page.next().encode());
        Exchanges.sendJson(exchange, HttpStatus.OK, body, mapper);
    }

    static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw TekilException.userError("limit must be a whole number from 1 to %d, not '%s'", MAX_LIMIT, text);
    }

    /** The profile with the facts of its events, read from the event store outside the identity lock. */
    private Map<String, Object> withFacts(ProfileView profile) {
        Map<String, Object> json = json(profile);
        ProfileFacts facts = events.facts(profile.eventKeys());
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("firstSeen", facts.firstSeen() == null ? null : facts.firstSeen().toString());
        shown.put("lastSeen", facts.lastSeen() == null ? null : facts.lastSeen().toString());
        shown.put("events", facts.events());
        Map<String, Long> byType = new java.util.TreeMap<>();
        facts.eventsByType().forEach((type, count) -> byType.put(type.id(), count));
        shown.put("eventsByType", byType);
        shown.put("channels", facts.channels().stream().map(Channel::id).sorted().toList());
        shown.put("sources", facts.sources().stream().sorted().toList());
        json.put("facts", shown);
        return json;
    }

    private void awaitResolved() {
        identity.awaitResolved(java.time.Duration.ofSeconds(10));
    }

    private ProfileView profile(String id, boolean withLinks) {
        return identity.profile(id, withLinks).orElseThrow(() -> TekilException.notFound("no profile '%s'", id));
    }

    /** A type profiles can have ({@link IdentityService#identifierTypes}); else a 400 that lists them. */
    private IdentifierType type(String name) {
        java.util.Set<IdentifierType> types = identity.identifierTypes();
        if (name == null || name.isBlank()) {
            throw TekilException.userError("give the identifier's type, one of %s", types);
        }
        IdentifierType type;
        try {
            type = IdentifierType.of(name);
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("%s", e.getMessage());
        }
        if (!types.contains(type)) {
            throw TekilException.userError("'%s' is not an identifier type here: use one of %s, or declare it in identity.custom-types", type, types);
        }
        return type;
    }

    private static Map<String, Object> json(ProfileView profile) {
        return json(profile, null);
    }

    /** The profile; each identifier with where it was first seen when {@code firstSeen} is given. */
    private static Map<String, Object> json(ProfileView profile, Map<Identifier, Provenance> firstSeen) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", profile.id());
        if (!profile.requestedId().equals(profile.id()) && profile.requestedId().startsWith("p_")) {
            json.put("mergedFrom", profile.requestedId());
        }
        json.put("identifiers", profile.identifiers().stream().map(id -> {
            Map<String, Object> identifier = new LinkedHashMap<>();
            identifier.put("type", id.type().name());
            identifier.put("value", id.value());
            if (firstSeen != null) {
                Provenance seen = firstSeen.get(id);
                identifier.put("firstSeen", seen == null ? null : provenance(new LinkedHashMap<>(), seen));
            }
            return identifier;
        }).toList());
        Map<String, Object> traits = new LinkedHashMap<>();
        profile.traits().forEach((name, trait) -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("value", trait.value());
            shown.put("source", trait.source());
            shown.put("channel", trait.channel().id());
            shown.put("at", trait.at().toString());
            traits.put(name, shown);
        });
        json.put("traits", traits);
        return json;
    }

    /** The profile, each identifier with where it was first seen, its links, conflicts, merges and unmerges. */
    private static Map<String, Object> json(IdentityView view) {
        ProfileView profile = view.profile();
        Map<String, Object> json = json(profile, view.firstSeen());
        json.put("links", profile.links().stream().map(ProfileHandler::link).toList());
        json.put("conflicts", profile.links().stream().filter(link -> link.rejection() != null).map(link -> {
            Map<String, Object> conflict = new LinkedHashMap<>();
            conflict.put("linkId", link.link().id());
            conflict.put("from", link.link().from().key());
            conflict.put("to", link.link().to().key());
            conflict.put("reason", link.rejection());
            return provenance(conflict, link.link().provenance());
        }).toList());
        json.put("merges", view.merges().stream().map(merge -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("linkId", merge.link().id());
            shown.put("survivor", merge.survivor());
            shown.put("absorbed", merge.absorbed());
            return provenance(shown, merge.link().provenance());
        }).toList());
        json.put("unmerges", profile.links().stream().filter(link -> link.removedAt() != null).map(link -> {
            Map<String, Object> unmerge = new LinkedHashMap<>();
            unmerge.put("linkId", link.link().id());
            unmerge.put("from", link.link().from().key());
            unmerge.put("to", link.link().to().key());
            unmerge.put("removedAt", link.removedAt().toString());
            return unmerge;
        }).toList());
        return json;
    }

    private static Map<String, Object> link(ProfileView.LinkView view) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("id", view.link().id());
        link.put("from", view.link().from().key());
        link.put("to", view.link().to().key());
        link.put("status", view.status().name().toLowerCase(java.util.Locale.ROOT));
        provenance(link, view.link().provenance());
        if (view.rejection() != null) {
            link.put("reason", view.rejection());
        }
        if (view.removedAt() != null) {
            link.put("removedAt", view.removedAt().toString());
        }
        return link;
    }

    /** Adds where something was seen ({@code source}, {@code messageId}, {@code rule}, {@code at}) to {@code json}. */
    private static Map<String, Object> provenance(Map<String, Object> json, Provenance provenance) {
        json.put("source", provenance.source());
        json.put("messageId", provenance.messageId());
        json.put("rule", provenance.rule());
        json.put("at", provenance.at().toString());
        return json;
    }

    static List<Map<String, Object>> changes(List<ProfileChange> changes) {
        return changes.stream().map(change -> change(new LinkedHashMap<>(), change)).toList();
    }

    private static Map<String, Object> change(Map<String, Object> json, ProfileChange change) {
        switch (change) {
            case ProfileChange.Merged merged -> {
                json.put("change", "profile.merged");
                json.put("survivor", merged.survivor());
                json.put("absorbed", merged.absorbed());
                json.put("linkId", merged.linkId());
            }
            case ProfileChange.Split split -> {
                json.put("change", "profile.split");
                json.put("from", split.from());
                json.put("into", split.into());
                json.put("linkId", split.linkId());
            }
        }
        return json;
    }

    /** {@code GET /api/profiles/changes?after=N&limit=M}: the stored merges and splits after sequence N, oldest first. */
    private void changeFeed(HttpExchange exchange) throws IOException {
        Map<String, String> query = Exchanges.query(exchange);
        for (String name : query.keySet()) {
            if (!name.equals("after") && !name.equals("limit")) {
                throw TekilException.userError("unknown parameter '%s'; follow changes with /api/profiles/changes?after=SEQUENCE&limit=N", name);
            }
        }
        long after;
        try {
            after = Long.parseLong(query.getOrDefault("after", "0"));
        } catch (NumberFormatException e) {
            after = -1;
        }
        if (after < 0) {
            throw TekilException.userError("after must be a change sequence (a whole number from 0), not '%s'; pass the last one you handled",
                    query.get("after"));
        }
        int limit = limit(query.get("limit")); // no wait for resolution: a cursor over stored rows; the rest comes at the next poll
        List<Map<String, Object>> shown = new ArrayList<>();
        long next = after;
        for (IdentityStore.StoredChange stored : identity.changes(after, limit)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sequence", stored.sequence());
            change(json, stored.change());
            json.put("at", stored.at().toString());
            shown.add(json);
            next = stored.sequence();
        }
        Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("changes", shown, "next", next), mapper);
    }
}
