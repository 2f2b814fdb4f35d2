package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

import io.tekil.core.collect.LongSet;
import io.tekil.core.ingest.MessageKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The deterministic identity graph: which identifiers belong to one person.
 *
 * <p>Design. The graph is an append-only log of {@link Link}s (two identifiers seen in one event, with
 * provenance); profiles are decisions derived from it. Replaying the log in order from singletons, each link
 * merges the profiles of its two identifiers unless the merged profile would break a limit of the
 * {@link IdentityRules} (then it is recorded as a {@link Conflict}). This class keeps the result of that
 * replay up to date incrementally, and the invariant is that its partition always equals a replay of the
 * non-removed links from scratch; the property tests check exactly that, against a reference of their own.
 *
 * <p>Ids. A profile's id is derived from its founder, the identifier of the profile seen first; on a merge the
 * profile with the earlier founder survives. So ids are stable across merges, the id of an absorbed profile
 * resolves to the survivor through its founder ({@link #resolve}), and a merge followed by its unmerge restores
 * the original profiles with their original ids.
 *
 * <p>Unmerge. A removed pair stays apart: observing the same two identifiers together again (a replayed event,
 * the tablet's next event with the same e-mail) does not link them. Removing a link (or every link of an identifier) can only change decisions inside the raw
 * component of its identifiers (the identifiers reachable over non-removed links, accepted or rejected, since a
 * rejected link may be accepted once a profile is split). Only that component is replayed, in log order.
 *
 * <p>Events are attributed through their primary identifier (the strongest one they carry): an event belongs
 * to whatever profile that identifier is in now, so merges and splits re-attribute events without touching them
 * and no event is ever lost or counted twice.
 *
 * <p>Cost: observing an event is a few hash lookups per identifier (the first by the identifier's fingerprint, in a
 * {@link FingerprintTable}, which reads neither the identifier nor its text), plus, for a merge, moving the smaller
 * profile's identifiers. An unmerge is linear in the links of the affected raw component. Not thread-safe: one
 * writer (like the event writer) owns it.
 */
public final class IdentityGraph {
    private final IdentityRules rules;
    private final FingerprintTable<Node> nodes = new FingerprintTable<>();
    /** What {@link #prefetch} read, kept so that the compiler keeps the reads. */
    private long prefetched;
    private final List<Link> log = new ArrayList<>();
    private final BitSet removed = new BitSet();
    /** The {@link #pair} of every two identifiers a link joins, removed links included. */
    private final LongSet linkedPairs = new LongSet();
    private final Map<String, Profile> profiles = new HashMap<>();
    private final List<FirstSeen> unsavedIdentifiers = new ArrayList<>();
    private final List<Link> unsavedLinks = new ArrayList<>();
    private final List<LogEntries.Removal> unsavedRemovals = new ArrayList<>();
    private final List<LogEntries.Changed> unsavedChanges = new ArrayList<>();
    /**
     * The rejected links (merging would have broken a limit when decided), each with why: the decision and its reason
     * in one place, so a re-decided link loses or gets both (a removed link keeps the reason it never merged for).
     */
    private final Map<Long, String> rejections = new HashMap<>();
    /** The types of the identifiers seen (a custom type stays here after it is no longer declared). */
    private final Set<IdentifierType> types = new HashSet<>();
    /** When each removed link was taken out, by link id. */
    private final Map<Long, Instant> removals = new HashMap<>();
    /** Every profile id ever used, by the identifier that founded it, so absorbed ids resolve. */
    private final Map<String, Node> founders = new HashMap<>();

    public IdentityGraph(IdentityRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** What observing one event decided. */
    public record Observation(Identifier primary, String profileId, List<ProfileChange> changes, List<Conflict> conflicts) {
        public Observation {
            changes = List.copyOf(changes);
            conflicts = List.copyOf(conflicts);
        }
    }

    /**
     * Records the identifiers one event carries (already normalized) and links each to the strongest of them.
     * A pair already linked earlier adds nothing to the log.
     *
     * @throws IllegalArgumentException when {@code identifiers} is empty
     */
    public Observation observe(Collection<Identifier> identifiers, Provenance provenance) {
        if (identifiers.isEmpty()) {
            throw new IllegalArgumentException("an event needs at least one identifier to be attributed to a profile");
        }
        if (identifiers.size() == 1) { // most events: one cookie, or a login's user id alone
            Identifier only = identifiers.iterator().next();
            return new Observation(only, node(only, provenance).profile.id(), List.of(), List.of());
        }
        Identifier[] ordered = identifiers.toArray(Identifier[]::new);
        Arrays.sort(ordered, rules::compare); // a repeat needs no check: it is the primary's node, or its pair is linked already
        Identifier primary = ordered[0];
        Node first = node(primary, provenance);
        List<ProfileChange> changes = null;
        List<Conflict> conflicts = null;
        for (int i = 1; i < ordered.length; i++) {
            Node second = node(ordered[i], provenance);
            if (first == second || linkedPairs.contains(pair(first, second))) {
                continue; // linked before, or unmerged by an operator: an unmerged pair stays apart
            }
            if (changes == null) {
                changes = new ArrayList<>(1);
                conflicts = new ArrayList<>(0);
            }
            link(first, second, provenance, changes, conflicts);
        }
        return new Observation(primary, first.profile.id(), changes == null ? List.of() : unsaved(changes, provenance.at()),
                conflicts == null ? List.of() : conflicts);
    }

    /**
     * Looks each identifier up, changing nothing the graph answers. A lookup in a graph of many identifiers waits for memory more
     * than once (the table's slot, the node, its profile, the profile's id); lookups of different identifiers do not
     * depend on each other, so done one after another with nothing between them, their waits overlap, and the
     * {@link #observe} calls that follow find more of what they need in the cache. For a caller that has a group of
     * events to observe (docs/benchmarks.md, "Sixteenth session").
     */
    public void prefetch(Collection<Identifier> identifiers) {
        for (Identifier identifier : identifiers) {
            Node node = nodes.get(identifier);
            if (node != null) {
                prefetched += node.sequence + node.profile.id.hashCode();
            }
        }
    }

    /** Adds a link between two identifiers (a manual or probabilistic one), deciding it like an event's. */
    public Observation link(Identifier a, Identifier b, Provenance provenance) {
        Identifier from = rules.compare(a, b) <= 0 ? a : b;
        Identifier to = from == a ? b : a;
        Node fromNode = node(from, provenance);
        Node toNode = node(to, provenance);
        List<ProfileChange> changes = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        if (fromNode != toNode && !linkedPairs.contains(pair(fromNode, toNode))) { // else linked before, or unmerged by an operator
            link(fromNode, toNode, provenance, changes, conflicts);
        }
        return new Observation(from, fromNode.profile.id(), unsaved(changes, provenance.at()), conflicts);
    }

    /** Logs and decides a new link between two distinct identifiers not linked before. */
    private void link(Node from, Node to, Provenance provenance, List<ProfileChange> changes, List<Conflict> conflicts) {
        Link link = new Link(log.size(), from.identifier, to.identifier, provenance);
        append(link, from, to);
        unsavedLinks.add(link);
        decide(link, from, to, changes, conflicts);
    }

    private void append(Link link, Node a, Node b) {
        log.add(link);
        a.links.add(link);
        b.links.add(link);
        linkedPairs.add(pair(a, b));
    }

    /** Keeps {@code changes} to be saved with the log entries that made them; returns them. */
    private List<ProfileChange> unsaved(List<ProfileChange> changes, Instant at) {
        for (ProfileChange change : changes) {
            unsavedChanges.add(new LogEntries.Changed(change, at));
        }
        return changes;
    }

    /** Hands over, and forgets, what was added or removed since the last call. */
    public LogEntries drainUnsaved() {
        LogEntries unsaved = new LogEntries(unsavedIdentifiers, unsavedLinks, unsavedRemovals, unsavedChanges);
        unsavedIdentifiers.clear();
        unsavedLinks.clear();
        unsavedRemovals.clear();
        unsavedChanges.clear();
        return unsaved;
    }

    /**
     * Rebuilds a graph from its stored log: identifiers in first-seen order, then links in id order, a removed
     * link kept in the log but not decided. The result equals the graph that wrote the log.
     */
    public static IdentityGraph restore(IdentityRules rules, io.tekil.core.store.IdentityStore store) {
        IdentityGraph graph = new IdentityGraph(rules);
        store.load(new io.tekil.core.store.IdentityStore.Reader() {
            @Override
            public void identifier(Identifier identifier) {
                graph.node(identifier, null);
            }

            @Override
            public void link(Link link, Instant removedAt) {
                if (link.id() != graph.log.size()) {
                    throw new IllegalStateException(String.format("the identity log is broken: link %d follows %d links", link.id(), graph.log.size()));
                }
                Node from = graph.node(link.from(), null);
                Node to = graph.node(link.to(), null);
                // the graph's own identifiers, so that the store's copies (two per link) are not kept
                Link kept = new Link(link.id(), from.identifier, to.identifier, link.provenance());
                graph.append(kept, from, to);
                if (removedAt != null) {
                    graph.removed.set((int) link.id());
                    graph.removals.put(link.id(), removedAt);
                } else {
                    graph.decide(kept, null, null);
                }
            }
        });
        return graph; // nothing unsaved: restored identifiers and links are not handed to storage again
    }

    /** Applies one link's decision to the current profiles. */
    private void decide(Link link, List<ProfileChange> changes, List<Conflict> conflicts) {
        decide(link, nodes.get(link.from()), nodes.get(link.to()), changes, conflicts);
    }

    private void decide(Link link, Node from, Node to, List<ProfileChange> changes, List<Conflict> conflicts) {
        Profile p = from.profile;
        Profile q = to.profile;
        if (p == q) {
            return;
        }
        String conflict = conflict(p, q);
        if (conflict != null) {
            rejections.put(link.id(), conflict);
            if (conflicts != null) {
                conflicts.add(new Conflict(link, conflict));
            }
            return;
        }
        String pId = p.id();
        String qId = q.id();
        Profile big = p.members.size() >= q.members.size() ? p : q;
        profiles.remove(pId);
        profiles.remove(qId);
        big.absorb(big == p ? q : p); // moves the smaller one's identifiers; the earlier founder stays founder
        big.register();
        if (changes != null) {
            String survivor = big.id();
            changes.add(new ProfileChange.Merged(survivor, survivor.equals(pId) ? qId : pId, link.id()));
        }
    }

    private String conflict(Profile p, Profile q) {
        for (Map.Entry<IdentifierType, Integer> count : q.counts.entrySet()) {
            int together = count.getValue() + p.counts.getOrDefault(count.getKey(), 0);
            int limit = rules.limit(count.getKey());
            if (together > limit) {
                return String.format("the profile would have %d %s identifiers; the limit is %d", together, count.getKey(), limit);
            }
        }
        int size = p.members.size() + q.members.size();
        if (size > rules.maxIdentifiers()) {
            return String.format("the profile would have %d identifiers; the limit is %d", size, rules.maxIdentifiers());
        }
        return null;
    }

    /**
     * Unmerge: takes a link out and re-decides the links of its raw component in log order.
     *
     * @return the splits (and any merges a formerly rejected link now makes); empty when the link had not merged anything
     * @throws IllegalArgumentException when there is no such link or it was removed already
     */
    public List<ProfileChange> removeLink(long linkId, Instant at) {
        requireNonNull(at, "at is null");
        if (linkId < 0 || linkId >= log.size() || removed.get((int) linkId)) {
            throw new IllegalArgumentException(String.format("no link %d in the identity graph (or it was removed already)", linkId));
        }
        Link link = log.get((int) linkId);
        remove(linkId, at);
        if (rejections.containsKey(linkId)) {
            return List.of();
        }
        return unsaved(recompute(List.of(nodes.get(link.from()), nodes.get(link.to())), linkId), at);
    }

    /**
     * Unmerge of an identifier (a shared family tablet, an e-mail typed wrongly at a till): removes every link it
     * has, so it stands alone and its profile is re-decided without it.
     */
    public List<ProfileChange> detach(Identifier identifier, Instant at) {
        requireNonNull(at, "at is null");
        Node node = nodes.get(identifier);
        if (node == null) {
            throw new IllegalArgumentException(String.format("no identifier %s in the identity graph", identifier));
        }
        List<Node> touched = new ArrayList<>();
        touched.add(node);
        long last = -1;
        for (Link link : node.links) {
            if (!removed.get((int) link.id())) {
                remove(link.id(), at);
                Node other = nodes.get(link.from().equals(identifier) ? link.to() : link.from());
                touched.add(other);
                last = Math.max(last, link.id());
            }
        }
        return last < 0 ? List.of() : unsaved(recompute(touched, last), at);
    }

    private void remove(long linkId, Instant at) {
        removed.set((int) linkId);
        removals.put(linkId, at);
        unsavedRemovals.add(new LogEntries.Removal(linkId, at));
    }

    /** Replays the non-removed links of the raw components of {@code starts} from singletons. */
    private List<ProfileChange> recompute(List<Node> starts, long cause) {
        Set<Node> component = new LinkedHashSet<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        for (Node start : starts) {
            if (component.add(start)) {
                queue.add(start);
            }
        }
        Set<Long> linkIds = new HashSet<>();
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            for (Link link : node.links) {
                if (removed.get((int) link.id())) {
                    continue;
                }
                linkIds.add(link.id());
                Node other = nodes.get(link.from().equals(node.identifier) ? link.to() : link.from());
                if (component.add(other)) {
                    queue.add(other);
                }
            }
        }
        Map<Node, String> before = new HashMap<>();
        Set<String> oldIds = new LinkedHashSet<>();
        for (Node node : component) {
            before.put(node, node.profile.id());
            oldIds.add(node.profile.id());
        }
        // The old profiles may also hold identifiers outside this component only if their links were removed, in
        // which case those identifiers were reached too; so every member of an old profile is in the component.
        oldIds.forEach(profiles::remove);
        for (Node node : component) {
            new Profile(node).register();
        }
        List<Long> ordered = new ArrayList<>(linkIds);
        ordered.sort(null);
        for (long id : ordered) {
            rejections.remove(id);
            decide(log.get((int) id), null, null);
        }
        return changes(component, before, cause);
    }

    private List<ProfileChange> changes(Set<Node> component, Map<Node, String> before, long cause) {
        Map<String, Set<String>> oldToNew = new LinkedHashMap<>();
        Map<String, Set<String>> newToOld = new LinkedHashMap<>();
        for (Node node : component) {
            String old = before.get(node);
            String now = node.profile.id();
            oldToNew.computeIfAbsent(old, id -> new LinkedHashSet<>()).add(now);
            newToOld.computeIfAbsent(now, id -> new LinkedHashSet<>()).add(old);
        }
        List<ProfileChange> changes = new ArrayList<>();
        oldToNew.forEach((old, now) -> {
            if (now.size() > 1) {
                changes.add(new ProfileChange.Split(old, now.stream().sorted().toList(), cause));
            }
        });
        newToOld.forEach((now, olds) -> {
            for (String old : olds.stream().sorted().toList()) {
                if (!old.equals(now) && oldToNew.get(old).size() == 1) {
                    changes.add(new ProfileChange.Merged(now, old, cause));
                }
            }
        });
        return changes;
    }

    /** The profile an identifier is in now, or empty when it was never seen. */
    public Optional<String> profileOf(Identifier identifier) {
        Node node = nodes.get(identifier);
        return node == null ? Optional.empty() : Optional.of(node.profile.id());
    }

    /**
     * The current id of a profile id, following merges: a live id is itself; an absorbed one resolves to the
     * profile its founder is in now. Empty when no profile ever had this id.
     */
    public Optional<String> resolve(String profileId) {
        if (profiles.containsKey(profileId)) {
            return Optional.of(profileId);
        }
        Node founder = founders.get(profileId);
        return founder == null ? Optional.empty() : Optional.of(founder.profile.id());
    }

    /** The identifiers of a live profile, strongest first; empty when there is no such live profile. */
    public List<Identifier> identifiers(String profileId) {
        Profile profile = profiles.get(profileId);
        if (profile == null) {
            return List.of();
        }
        List<Identifier> identifiers = new ArrayList<>(profile.members.size());
        profile.members.forEach(node -> identifiers.add(node.identifier));
        identifiers.sort(rules::compare);
        return identifiers;
    }

    /** Every link that touches a live profile's identifiers, in log order, removed ones included. */
    public List<Link> links(String profileId) {
        Profile profile = profiles.get(profileId);
        if (profile == null) {
            return List.of();
        }
        Set<Link> links = new HashSet<>();
        profile.members.forEach(node -> links.addAll(node.links));
        List<Link> ordered = new ArrayList<>(links);
        ordered.sort((a, b) -> Long.compare(a.id(), b.id()));
        return ordered;
    }

    /** @throws IllegalArgumentException when there is no such link */
    public Link.Status status(long linkId) {
        if (linkId < 0 || linkId >= log.size()) {
            throw new IllegalArgumentException(String.format("no link %d in the identity graph; it has %d", linkId, log.size()));
        }
        if (removed.get((int) linkId)) {
            return Link.Status.REMOVED;
        }
        return rejections.containsKey(linkId) ? Link.Status.REJECTED : Link.Status.ACCEPTED;
    }

    /** Why a rejected link merged nothing (the limit it would have broken); empty for a link that is not rejected. */
    public Optional<String> rejection(long linkId) {
        return status(linkId) == Link.Status.REJECTED ? Optional.of(rejections.get(linkId)) : Optional.empty();
    }

    /** When a removed link was taken out; empty for a link that is not removed. */
    public Optional<Instant> removedAt(long linkId) {
        return status(linkId) == Link.Status.REMOVED ? Optional.of(removals.get(linkId)) : Optional.empty();
    }

    /**
     * Where an identifier is in the order first seen, from 0 (the store's order, {@link io.tekil.core.store.IdentityStore#firstSeen});
     * of two identifiers the one seen first founds the profile they share. Empty when never seen.
     */
    public OptionalLong position(Identifier identifier) {
        Node node = nodes.get(identifier);
        return node == null ? OptionalLong.empty() : OptionalLong.of(node.sequence);
    }

    /** The link log in order, removed links included (their status says so). */
    public List<Link> log() {
        return List.copyOf(log);
    }

    /** Every identifier ever observed, in the order first seen. */
    public List<Identifier> identifiersInOrder() {
        Identifier[] ordered = new Identifier[nodes.size()];
        nodes.forEachValue(node -> ordered[node.sequence] = node.identifier); // sequences are 0 to size - 1
        return List.of(ordered);
    }

    /** The types of the identifiers ever observed. */
    public Set<IdentifierType> types() {
        return Set.copyOf(types);
    }

    /** The ids of the live profiles. */
    public List<String> profileIds() {
        return List.copyOf(profiles.keySet());
    }

    /** The live profiles, each as its id and identifiers. */
    public Map<String, Set<Identifier>> partition() {
        Map<String, Set<Identifier>> partition = new HashMap<>();
        profiles.forEach((id, profile) -> {
            Set<Identifier> members = new HashSet<>();
            profile.members.forEach(node -> members.add(node.identifier));
            partition.put(id, members);
        });
        return partition;
    }

    public int profileCount() {
        return profiles.size();
    }

    /** How many identifiers were ever observed; grows when an event brings a new one. */
    public int identifierCount() {
        return nodes.size();
    }

    public IdentityRules rules() {
        return rules;
    }

    /** The id a profile founded by {@code identifier} has: a hash of its key, so the same data gives the same ids. */
    public static String profileIdOf(Identifier identifier) {
        MessageKey hash = MessageKey.hash(identifier.key().getBytes(StandardCharsets.UTF_8));
        return "p_" + java.util.HexFormat.of().toHexDigits(hash.high());
    }

    /** The identifier's node, created when it is new; {@code seen} is where it was seen (null: restored or replayed, not to be saved). */
    private Node node(Identifier identifier, Provenance seen) {
        Node node = nodes.get(identifier);
        assert node == null || node.identifier.equals(identifier) : "two identifiers with one fingerprint: " + identifier + ", " + node.identifier;
        if (node == null) {
            node = new Node(identifier, nodes.size());
            nodes.putNew(identifier, node);
            types.add(identifier.type());
            if (seen != null) {
                unsavedIdentifiers.add(new FirstSeen(identifier, seen));
            }
            founders.put(node.profileId, node);
            new Profile(node).register();
        }
        return node;
    }

    /**
     * A unique key for an unordered pair of identifiers. The two sequences are packed into a long and then mixed
     * with a bijection (MurmurHash3's finalizer), because {@code Long.hashCode} of the packed value is
     * {@code low ^ high}, which collides for most pairs of nearby sequences and turns the map's bins into trees.
     */
    private static long pair(Node a, Node b) {
        int low = Math.min(a.sequence, b.sequence);
        int high = Math.max(a.sequence, b.sequence);
        long h = ((long) low << 32) | (high & 0xffffffffL);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static final class Node {
        final Identifier identifier;
        final int sequence;
        final String profileId;
        final List<Link> links = new ArrayList<>(2);
        Profile profile;

        Node(Identifier identifier, int sequence) {
            this.identifier = identifier;
            this.sequence = sequence;
            this.profileId = profileIdOf(identifier);
        }
    }

    private final class Profile {
        Node founder;
        /** The founder's profile id, kept here so that reading a profile's id is one read less. */
        String id;
        final List<Node> members = new ArrayList<>(1);
        final Map<IdentifierType, Integer> counts = new HashMap<>(4);

        Profile(Node founder) {
            found(founder);
            add(founder);
        }

        void register() {
            profiles.put(id(), this);
        }

        String id() {
            return id;
        }

        private void found(Node node) {
            founder = node;
            id = node.profileId;
        }

        private void add(Node node) {
            members.add(node);
            counts.merge(node.identifier.type(), 1, Integer::sum);
            node.profile = this;
        }

        /** Takes over every identifier of {@code other}; the earlier founder of the two stays founder. */
        void absorb(Profile other) {
            other.members.forEach(this::add);
            if (other.founder.sequence < founder.sequence) {
                found(other.founder);
            }
        }
    }
}
