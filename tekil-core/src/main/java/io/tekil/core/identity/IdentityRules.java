package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one profile may hold, and which identifier speaks for an event.
 *
 * <p>{@code priority} lists identifier types from strongest to weakest; types not listed come after, in name
 * order. A link that would give a profile more identifiers of a type than its limit, or more than
 * {@code maxIdentifiers} in all, does not merge (Segment's identity settings behave the same way): the conflict
 * is recorded and the event goes to the profile of its highest-priority identifier.
 *
 * @param limits most identifiers of a type per profile; a type not listed is unlimited (up to {@code maxIdentifiers})
 */
public record IdentityRules(List<IdentifierType> priority, Map<IdentifierType, Integer> limits, int maxIdentifiers) {
    /** user_id, crm_id, loyalty_id, email, phone, device_id, anonymous_id; at most 1 user id, 5 e-mails, 10 phones, 1,000 in all. */
    public static final IdentityRules DEFAULTS = new IdentityRules(
            List.of(IdentifierType.USER_ID, IdentifierType.CRM_ID, IdentifierType.LOYALTY_ID, IdentifierType.EMAIL,
                    IdentifierType.PHONE, IdentifierType.DEVICE_ID, IdentifierType.ANONYMOUS_ID),
            Map.of(IdentifierType.USER_ID, 1, IdentifierType.EMAIL, 5, IdentifierType.PHONE, 10),
            1_000);

    public IdentityRules {
        priority = List.copyOf(priority);
        limits = Map.copyOf(limits);
        if (maxIdentifiers < 1) {
            throw new IllegalArgumentException(String.format("maxIdentifiers must be at least 1, was %d", maxIdentifiers));
        }
        limits.forEach((type, limit) -> {
            if (limit < 1) {
                throw new IllegalArgumentException(String.format("the limit of %s must be at least 1, was %d", type, limit));
            }
        });
    }

    public IdentityRules withLimit(IdentifierType type, int limit) {
        Map<IdentifierType, Integer> changed = new HashMap<>(limits);
        changed.put(requireNonNull(type, "type is null"), limit);
        return new IdentityRules(priority, changed, maxIdentifiers);
    }

    /** Smaller is stronger. */
    public int rank(IdentifierType type) {
        int index = priority.indexOf(type);
        return index >= 0 ? index : priority.size();
    }

    /** Stronger first; same type by value, so the order is total. */
    public int compare(Identifier a, Identifier b) {
        int byRank = Integer.compare(rank(a.type()), rank(b.type()));
        return byRank != 0 ? byRank : a.compareTo(b);
    }

    public int limit(IdentifierType type) {
        return limits.getOrDefault(type, Integer.MAX_VALUE);
    }

    /** The strongest of {@code identifiers}; they must not be empty. */
    public Identifier strongest(List<Identifier> identifiers) {
        Identifier best = identifiers.getFirst();
        for (Identifier identifier : identifiers) {
            if (compare(identifier, best) < 0) {
                best = identifier;
            }
        }
        return best;
    }
}
