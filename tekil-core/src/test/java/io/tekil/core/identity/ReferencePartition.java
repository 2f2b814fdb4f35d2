package io.tekil.core.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Identity resolution computed from scratch in the plainest way, from the specification in the class Javadoc of
 * {@link IdentityGraph} and {@link IdentityRules} rather than from the graph's code: the oracle the property test
 * holds the graph to. It shares nothing with the graph but {@link IdentityGraph#profileIdOf} (the hash that names a
 * profile after its founder), and it is slow on purpose: every answer replays the whole log with set merging.
 *
 * <p>The specification, as implemented here:
 * <ul>
 *   <li>An event links its strongest identifier to each of its others; a manual link joins its two. Stronger means
 *       earlier in the priority list, types not listed coming after the listed ones in name order, then by value.
 *   <li>A pair linked before, removed since or not, is not linked again: a removed pair stays apart.
 *   <li>Identifiers are numbered in the order first seen, an event's in strength order (the strongest first).
 *   <li>Removing a link takes it out of the replay; detaching an identifier removes every link it has.
 *   <li>From singletons, each non-removed link in log order merges the profiles of its two identifiers, unless the
 *       merged profile would hold more identifiers of a type than that type's limit (a type with no limit has none)
 *       or more identifiers than the most per profile; then it merges nothing (rejected).
 *   <li>A profile's id is {@code profileIdOf} its identifier seen first.
 *   <li>An event belongs to the profile of its strongest identifier.
 * </ul>
 */
final class ReferencePartition {
    private final List<IdentifierType> priority;
    private final Map<IdentifierType, Integer> limits;
    private final int maxIdentifiers;
    private final List<Identifier> seen = new ArrayList<>();
    /** Each link as its two identifiers, the stronger first, in log order. */
    private final List<List<Identifier>> links = new ArrayList<>();
    private final Set<Integer> removed = new HashSet<>();

    ReferencePartition(IdentityRules rules) {
        this.priority = rules.priority();
        this.limits = rules.limits();
        this.maxIdentifiers = rules.maxIdentifiers();
    }

    /** Records an event's identifiers and returns its primary (strongest) one. */
    Identifier observe(List<Identifier> identifiers) {
        List<Identifier> ordered = new ArrayList<>(identifiers);
        ordered.sort(this::compareStrength);
        for (Identifier identifier : ordered) {
            if (!seen.contains(identifier)) {
                seen.add(identifier);
            }
        }
        Identifier primary = ordered.getFirst();
        for (Identifier other : ordered) {
            if (!other.equals(primary) && !linkedBefore(primary, other)) {
                links.add(List.of(primary, other));
            }
        }
        return primary;
    }

    /** A manual link: decided like an event carrying the two identifiers. */
    void link(Identifier a, Identifier b) {
        observe(List.of(a, b));
    }

    void removeLink(int linkId) {
        removed.add(linkId);
    }

    void detach(Identifier identifier) {
        for (int linkId = 0; linkId < links.size(); linkId++) {
            if (links.get(linkId).contains(identifier)) {
                removed.add(linkId);
            }
        }
    }

    boolean isRemoved(int linkId) {
        return removed.contains(linkId);
    }

    /** The identifiers in the order first seen. */
    List<Identifier> seen() {
        return List.copyOf(seen);
    }

    /** The link log, each link as its stronger and its weaker identifier. */
    List<List<Identifier>> links() {
        return List.copyOf(links);
    }

    /** The strongest of an event's identifiers, through which the event belongs to a profile. */
    Identifier primary(List<Identifier> identifiers) {
        List<Identifier> ordered = new ArrayList<>(identifiers);
        ordered.sort(this::compareStrength);
        return ordered.getFirst();
    }

    /** The profiles and link statuses a replay of the log from scratch gives. */
    Replay replay() {
        Map<Identifier, Set<Identifier>> profileOf = new HashMap<>();
        for (Identifier identifier : seen) {
            profileOf.put(identifier, Set.of(identifier));
        }
        List<Link.Status> statuses = new ArrayList<>();
        for (int linkId = 0; linkId < links.size(); linkId++) {
            if (removed.contains(linkId)) {
                statuses.add(Link.Status.REMOVED);
                continue;
            }
            Set<Identifier> a = profileOf.get(links.get(linkId).get(0));
            Set<Identifier> b = profileOf.get(links.get(linkId).get(1));
            if (a == b) {
                statuses.add(Link.Status.ACCEPTED);
                continue;
            }
            Set<Identifier> merged = new HashSet<>(a);
            merged.addAll(b);
            if (!withinLimits(merged)) {
                statuses.add(Link.Status.REJECTED);
                continue;
            }
            statuses.add(Link.Status.ACCEPTED);
            for (Identifier member : merged) {
                profileOf.put(member, merged);
            }
        }
        Map<String, Set<Identifier>> partition = new HashMap<>();
        Map<Identifier, String> ids = new HashMap<>();
        for (Identifier identifier : seen) { // in first-seen order, so the first identifier met of a profile is its founder
            if (!ids.containsKey(identifier)) {
                String id = IdentityGraph.profileIdOf(identifier);
                Set<Identifier> profile = profileOf.get(identifier);
                partition.put(id, Set.copyOf(profile));
                profile.forEach(member -> ids.put(member, id));
            }
        }
        return new Replay(partition, ids, statuses);
    }

    /**
     * @param partition each profile's id and identifiers
     * @param profileOf each identifier's profile id
     * @param statuses each link's status, by link id
     */
    record Replay(Map<String, Set<Identifier>> partition, Map<Identifier, String> profileOf, List<Link.Status> statuses) {}

    private boolean withinLimits(Set<Identifier> profile) {
        if (profile.size() > maxIdentifiers) {
            return false;
        }
        Map<IdentifierType, Integer> counts = new HashMap<>();
        profile.forEach(identifier -> counts.merge(identifier.type(), 1, Integer::sum));
        for (Map.Entry<IdentifierType, Integer> count : counts.entrySet()) {
            Integer limit = limits.get(count.getKey());
            if (limit != null && count.getValue() > limit) {
                return false;
            }
        }
        return true;
    }

    private boolean linkedBefore(Identifier a, Identifier b) {
        return links.contains(List.of(a, b)) || links.contains(List.of(b, a));
    }

    private int compareStrength(Identifier a, Identifier b) {
        int byRank = Integer.compare(rank(a.type()), rank(b.type()));
        if (byRank != 0) {
            return byRank;
        }
        int byType = a.type().name().compareTo(b.type().name());
        return byType != 0 ? byType : a.value().compareTo(b.value());
    }

    private int rank(IdentifierType type) {
        return priority.contains(type) ? priority.indexOf(type) : priority.size();
    }
}
