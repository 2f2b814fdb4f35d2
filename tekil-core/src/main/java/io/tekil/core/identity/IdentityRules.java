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

    /**
     * Rules from their configuration text: {@code priority} lists types strongest first
     * ({@code user_id,crm_id,email,...}; custom types may be listed), {@code limits} gives most identifiers of a type
     * per profile ({@code user_id=1,email=5,phone=10}).
     *
     * @throws IllegalArgumentException naming every problem
     */
    public static IdentityRules parse(String priority, String limits, int maxIdentifiers) {
        List<String> problems = new java.util.ArrayList<>();
        List<IdentifierType> order = new java.util.ArrayList<>();
        for (String name : priority.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                IdentifierType type = IdentifierType.of(name);
                if (order.contains(type)) {
                    problems.add(String.format("priority lists '%s' twice", type));
                } else {
                    order.add(type);
                }
            } catch (IllegalArgumentException e) {
                problems.add("priority: " + e.getMessage());
            }
        }
        Map<IdentifierType, Integer> limitsByType = new HashMap<>();
        for (String entry : limits.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            try {
                if (equals < 0) {
                    throw new IllegalArgumentException("not of the form type=N");
                }
                int limit = Integer.parseInt(entry.substring(equals + 1).trim());
                if (limit < 1) {
                    throw new IllegalArgumentException("the limit must be at least 1");
                }
                limitsByType.put(IdentifierType.of(entry.substring(0, equals)), limit);
            } catch (IllegalArgumentException e) { // NumberFormatException included
                problems.add(String.format("limit '%s': %s", entry.trim(), e instanceof NumberFormatException ? "not a whole number" : e.getMessage()));
            }
        }
        if (maxIdentifiers < 1) {
            problems.add(String.format("the most identifiers per profile must be at least 1, was %d", maxIdentifiers));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new IdentityRules(order, limitsByType, maxIdentifiers);
    }
}
