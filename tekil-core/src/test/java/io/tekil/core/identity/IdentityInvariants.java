package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The invariants of an {@link IdentityGraph}, checked from outside through its read-only methods: the tests run it
 * after every identity scenario (in core, on a graph restored from each store, and on every test server).
 *
 * <p>What it checks:
 * <ol>
 *   <li>every identifier ever observed is in exactly one live profile, the one {@link IdentityGraph#profileOf} names;
 *   <li>every accepted link joins two identifiers of one profile, and each profile's identifiers are connected by
 *       its accepted links;
 *   <li>no profile holds more identifiers of a type than {@link IdentityRules#limit}, nor more than
 *       {@link IdentityRules#maxIdentifiers} in all;
 *   <li>a profile's id is that of its founder, its identifier observed first ({@link IdentityGraph#profileIdOf}),
 *       and resolves to itself; the id any identifier founded resolves to the profile that identifier is in now;
 *   <li>given events with their identifiers, every event with an identifier belongs to exactly one profile: its
 *       primary identifier (the strongest, through which it is attributed) is in a live profile, which by 1 is the
 *       only one, and its other identifiers were observed too. An event with no identifier (all blocked or invalid)
 *       is kept but belongs to no profile, so it is not checked.
 * </ol>
 *
 * <p>Cost: linear in the identifiers, links and events; it reads the graph and changes nothing. The caller keeps the
 * graph from changing meanwhile (the graph is not thread-safe).
 */
public final class IdentityInvariants {
    /** Violations described at most; beyond, one more line counts the rest. */
    static final int MOST_DESCRIBED = 100;

    private IdentityInvariants() {}

    /**
     * One event as identity resolution saw it.
     *
     * @param event what names the event in a violation, such as its message id
     * @param identifiers its normalized identifiers; empty when it has none that can link
     */
    public record ObservedEvent(String event, List<Identifier> identifiers) {
        public ObservedEvent {
            requireNonNull(event, "event is null");
            identifiers = List.copyOf(identifiers);
        }
    }

    /** The violations of invariants 1 to 4, each described in a sentence; empty when the graph is sound. Never null. */
    public static List<String> check(IdentityGraph graph) {
        return check(graph, List.of());
    }

    /** The violations of every invariant, the events' included; empty when all hold. Never null. */
    public static List<String> check(IdentityGraph graph, Collection<ObservedEvent> events) {
        Violations violations = new Violations();
        Map<String, Set<Identifier>> partition = graph.partition();
        List<Identifier> observed = graph.identifiersInOrder();
        Map<Identifier, String> owners = owners(graph, partition, observed, violations);
        checkLinks(graph, partition, owners, violations);
        IdentityRules rules = graph.rules();
        partition.forEach((profileId, members) -> checkLimits(rules, profileId, members, violations));
        checkIds(graph, partition, observed, violations);
        for (ObservedEvent event : events) {
            checkEvent(rules, event, owners, violations);
        }
        return violations.list();
    }

    /** Invariant 1: each identifier's one profile, by identifier. */
    private static Map<Identifier, String> owners(IdentityGraph graph, Map<String, Set<Identifier>> partition, List<Identifier> observed,
            Violations violations) {
        Map<Identifier, String> owners = new HashMap<>();
        partition.forEach((profileId, members) -> {
            if (members.isEmpty()) {
                violations.add("profile %s has no identifiers", profileId);
            }
            for (Identifier member : members) {
                String other = owners.putIfAbsent(member, profileId);
                if (other != null) {
                    violations.add("identifier %s is in two profiles, %s and %s", member, other, profileId);
                }
                Optional<String> named = graph.profileOf(member);
                if (!named.equals(Optional.of(profileId))) {
                    violations.add("identifier %s is in profile %s but profileOf says %s", member, profileId, named.orElse("none"));
                }
            }
        });
        for (Identifier identifier : observed) {
            if (!owners.containsKey(identifier)) {
                violations.add("identifier %s was observed but is in no profile", identifier);
            }
        }
        if (owners.size() != observed.size()) {
            violations.add("the profiles hold %d identifiers but %d were observed", owners.size(), observed.size());
        }
        return owners;
    }

    /** Invariant 2: accepted links stay inside a profile and connect it. */
    private static void checkLinks(IdentityGraph graph, Map<String, Set<Identifier>> partition, Map<Identifier, String> owners,
            Violations violations) {
        Map<Identifier, List<Identifier>> accepted = new HashMap<>();
        for (Link link : graph.log()) {
            if (graph.status(link.id()) != Link.Status.ACCEPTED) {
                continue;
            }
            String from = owners.get(link.from());
            String to = owners.get(link.to());
            if (from == null || !from.equals(to)) {
                violations.add("link %d is accepted but joins %s in profile %s and %s in profile %s", link.id(), link.from(), from,
                        link.to(), to);
                continue;
            }
            accepted.computeIfAbsent(link.from(), identifier -> new ArrayList<>()).add(link.to());
            accepted.computeIfAbsent(link.to(), identifier -> new ArrayList<>()).add(link.from());
        }
        partition.forEach((profileId, members) -> {
            if (members.isEmpty()) {
                return;
            }
            Set<Identifier> reached = new HashSet<>();
            ArrayDeque<Identifier> queue = new ArrayDeque<>(List.of(members.iterator().next()));
            while (!queue.isEmpty()) {
                Identifier next = queue.poll();
                if (reached.add(next)) {
                    queue.addAll(accepted.getOrDefault(next, List.of()));
                }
            }
            if (!reached.equals(members)) {
                Set<Identifier> apart = new HashSet<>(members);
                apart.removeAll(reached);
                violations.add("profile %s is not connected by its accepted links: %s cannot be reached from %s", profileId, apart,
                        reached);
            }
        });
    }

    /** Invariant 3. */
    private static void checkLimits(IdentityRules rules, String profileId, Set<Identifier> members, Violations violations) {
        if (members.size() > rules.maxIdentifiers()) {
            violations.add("profile %s has %d identifiers; the limit is %d", profileId, members.size(), rules.maxIdentifiers());
        }
        Map<IdentifierType, Integer> counts = new HashMap<>();
        members.forEach(member -> counts.merge(member.type(), 1, Integer::sum));
        counts.forEach((type, count) -> {
            if (count > rules.limit(type)) {
                violations.add("profile %s has %d %s identifiers; the limit is %d", profileId, count, type, rules.limit(type));
            }
        });
    }

    /** Invariant 4. */
    private static void checkIds(IdentityGraph graph, Map<String, Set<Identifier>> partition, List<Identifier> observed, Violations violations) {
        Map<Identifier, Integer> order = new HashMap<>();
        for (int i = 0; i < observed.size(); i++) {
            order.put(observed.get(i), i);
        }
        partition.forEach((profileId, members) -> {
            Optional<Identifier> founder = members.stream().min(Comparator.comparingInt(member -> order.getOrDefault(member, -1)));
            if (founder.isPresent() && !profileId.equals(IdentityGraph.profileIdOf(founder.get()))) {
                violations.add("profile %s is not named after its founder %s, whose id is %s", profileId, founder.get(),
                        IdentityGraph.profileIdOf(founder.get()));
            }
            Optional<String> resolved = graph.resolve(profileId);
            if (!resolved.equals(Optional.of(profileId))) {
                violations.add("profile id %s resolves to %s, not to itself", profileId, resolved.orElse("nothing"));
            }
        });
        for (Identifier identifier : observed) {
            String founded = IdentityGraph.profileIdOf(identifier);
            Optional<String> resolved = graph.resolve(founded);
            Optional<String> now = graph.profileOf(identifier);
            if (!resolved.equals(now)) {
                violations.add("id %s, founded by %s, resolves to %s but %s is in profile %s", founded, identifier, resolved.orElse("nothing"),
                        identifier, now.orElse("none"));
            }
        }
    }

    /** Invariant 5. */
    private static void checkEvent(IdentityRules rules, ObservedEvent event, Map<Identifier, String> owners, Violations violations) {
        if (event.identifiers().isEmpty()) {
            return; // kept, but belongs to no profile
        }
        Identifier primary = rules.strongest(event.identifiers());
        if (!owners.containsKey(primary)) {
            violations.add("event %s belongs to no profile: its primary identifier %s is in none", event.event(), primary);
        }
        for (Identifier identifier : event.identifiers()) {
            if (!identifier.equals(primary) && !owners.containsKey(identifier)) {
                violations.add("event %s carries %s, which no profile holds: the event was not resolved", event.event(), identifier);
            }
        }
    }

    /** Collects descriptions, keeping the first {@link #MOST_DESCRIBED}. */
    private static final class Violations {
        private final List<String> described = new ArrayList<>();
        private int count;

        void add(String format, Object... args) {
            if (count++ < MOST_DESCRIBED) {
                described.add(String.format(format, args));
            }
        }

        List<String> list() {
            if (count > described.size()) {
                described.add(String.format("and %d more violations", count - described.size()));
            }
            return List.copyOf(described);
        }
    }
}
