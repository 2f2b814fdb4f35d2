package io.tekil.server.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.error.TekilException;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.identity.match.ProfileMatching;
import io.tekil.core.store.SettingsStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Suggested links waiting for a person: pairs whose match probability fell between the review threshold and the
 * link threshold. Each keeps the two identifiers it would link and its explanation. A decided pair is never
 * suggested again (nor linked automatically, once rejected). Kept as one JSON document in the settings store,
 * written on every change; sized for thousands of suggestions, not millions. Not thread-safe: the identity
 * service's monitor guards it.
 */
final class ReviewQueue {
    static final String SETTING = "matching.reviews";

    enum Status { PENDING, ACCEPTED, REJECTED }

    record Review(long id, Identifier a, Identifier b, String profileA, String profileB, double probability, double score, String explanation,
            Status status, Instant decidedAt) {
        String pairKey() {
            return pairKey(a, b);
        }

        static String pairKey(Identifier a, Identifier b) {
            return a.key().compareTo(b.key()) <= 0 ? a.key() + "\n" + b.key() : b.key() + "\n" + a.key();
        }

        Review decided(Status decision, Instant at) {
            return new Review(id, a, b, profileA, profileB, probability, score, explanation, decision, at);
        }
    }

    private final SettingsStore settings;
    private final ObjectMapper mapper;
    private final Map<Long, Review> reviews = new LinkedHashMap<>();
    private final Map<String, Review> byPair = new LinkedHashMap<>();
    private long nextId = 1;

    ReviewQueue(SettingsStore settings, ObjectMapper mapper) {
        this.settings = settings;
        this.mapper = mapper;
        settings.get(SETTING).ifPresent(this::read);
    }

    /** Whether a pair may be linked or suggested: false once a person rejected it. */
    boolean allowed(ProfileMatching.Suggestion suggestion) {
        Review known = byPair.get(Review.pairKey(suggestion.identifierA(), suggestion.identifierB()));
        return known == null || known.status() != Status.REJECTED;
    }

    /** Adds suggestions not seen before (a pending or decided pair is not added twice); saves. Returns how many were new. */
    int add(List<ProfileMatching.Suggestion> suggestions) {
        int added = 0;
        for (ProfileMatching.Suggestion suggestion : suggestions) {
            String key = Review.pairKey(suggestion.identifierA(), suggestion.identifierB());
            if (byPair.containsKey(key)) {
                continue;
            }
            Review review = new Review(nextId++, suggestion.identifierA(), suggestion.identifierB(), suggestion.profileA(), suggestion.profileB(),
                    suggestion.explanation().probability(), suggestion.explanation().weight(), suggestion.explanation().describe(), Status.PENDING, null);
            reviews.put(review.id(), review);
            byPair.put(key, review);
            added++;
        }
        if (added > 0) {
            save();
        }
        return added;
    }

    List<Review> list(Status status, int limit) {
        return reviews.values().stream().filter(review -> status == null || review.status() == status).limit(limit).toList();
    }

    /** @throws TekilException not found for an unknown id, conflict when already decided */
    Review pending(long id) {
        Review review = reviews.get(id);
        if (review == null) {
            throw TekilException.notFound("no review %d; see GET /api/matching/reviews", id);
        }
        if (review.status() != Status.PENDING) {
            throw TekilException.conflict("review %d was %s already", id, review.status().name().toLowerCase(Locale.ROOT));
        }
        return review;
    }

    Review decide(long id, Status decision, Instant at) {
        Review decided = pending(id).decided(decision, at);
        reviews.put(id, decided);
        byPair.put(decided.pairKey(), decided);
        save();
        return decided;
    }

    private void save() {
        ArrayNode array = mapper.createArrayNode();
        for (Review review : reviews.values()) {
            ObjectNode node = array.addObject();
            node.put("id", review.id());
            node.put("a", review.a().key());
            node.put("b", review.b().key());
            node.put("profileA", review.profileA());
            node.put("profileB", review.profileB());
            node.put("probability", review.probability());
            node.put("score", review.score());
            node.put("explanation", review.explanation());
            node.put("status", review.status().name());
            if (review.decidedAt() != null) {
                node.put("decidedAt", review.decidedAt().toString());
            }
        }
        settings.put(SETTING, array.toString());
    }

    private void read(String json) {
        JsonNode array;
        try {
            array = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored review queue is not readable: " + e.getMessage(), e);
        }
        List<Review> loaded = new ArrayList<>();
        for (JsonNode node : array) {
            loaded.add(new Review(node.get("id").asLong(), identifier(node.get("a").asText()), identifier(node.get("b").asText()),
                    node.get("profileA").asText(), node.get("profileB").asText(), node.get("probability").asDouble(), node.get("score").asDouble(),
                    node.get("explanation").asText(), Status.valueOf(node.get("status").asText()),
                    node.hasNonNull("decidedAt") ? Instant.parse(node.get("decidedAt").asText()) : null));
        }
        for (Review review : loaded) {
            reviews.put(review.id(), review);
            byPair.put(review.pairKey(), review);
            nextId = Math.max(nextId, review.id() + 1);
        }
    }

    private static Identifier identifier(String key) {
        int colon = key.indexOf(':');
        return Identifier.of(IdentifierType.of(key.substring(0, colon)), key.substring(colon + 1));
    }
}
