package io.tekil.server.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Event;
import io.tekil.core.segment.EventFilter;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleJson;
import io.tekil.core.segment.RuleParts;
import io.tekil.core.segment.SegmentProfile;
import io.tekil.core.segment.live.MembershipChange;
import io.tekil.core.segment.live.SegmentMaintainer;
import io.tekil.core.store.Storage;
import io.tekil.server.identity.IdentityService;
import io.tekil.server.identity.ProfileFeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saved dynamic segments, kept current in real time.
 *
 * <p>Definitions are saved in the settings store; memberships live in a {@link SegmentMaintainer} fed by the
 * identity service ({@link ProfileFeed}: every resolved event, trait changes, merges and splits)
 * and advanced by a clock thread every 200 ms, so an exit by time alone is applied within a fraction of a second
 * and recorded at its exact moment. Saving a segment (and starting the server) pauses identity resolution,
 * registers every profile and reads the stored events its filters match: the maintainer then holds exactly what
 * resolution has seen, and every later event arrives through the feed, so nothing is missed or counted twice.
 *
 * <p>Not yet: memberships and their enter and exit records are not stored (they are recomputed at start), and
 * the backfill reads every stored event once.
 */
public final class SegmentService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentService.class);
    static final String SETTING = "segments.definitions";

    /** A saved segment. */
    public record Definition(String id, String name, Rule rule, Instant createdAt, Instant updatedAt) {
        public Definition {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
            requireNonNull(rule, "rule is null");
        }
    }

    /** A segment's state: its definition, size, and last membership change. */
    public record View(Definition definition, int size, Instant lastChange) {}

    private final IdentityService identity;
    private final Storage storage;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final SegmentMaintainer maintainer;
    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final Map<String, Instant> lastChange = new ConcurrentHashMap<>();
    private final Thread ticker;
    private volatile boolean running = true;

    private SegmentService(IdentityService identity, Storage storage, ZoneId zone, Clock clock) {
        this.identity = identity;
        this.storage = storage;
        this.clock = clock;
        this.maintainer = new SegmentMaintainer(zone);
        this.maintainer.subscribe(change -> lastChange.put(change.segmentId(), change.at()));
        this.ticker = Thread.ofVirtual().name("tekil-segment-clock").unstarted(this::tick);
    }

    public static SegmentService start(IdentityService identity, Storage storage, ZoneId zone, Clock clock) {
        SegmentService service = new SegmentService(identity, storage, zone, clock);
        service.load();
        service.ticker.start();
        return service;
    }

    /**
     * Restores the saved segments (each after the segments it reads; one that cannot be restored is logged and
     * left out) and subscribes to identity resolution within the same pause, so no event falls in between.
     */
    private void load() {
        List<Definition> saved = dependencyOrder(storage.settings().get(SETTING).map(this::read).orElse(List.of()));
        long started = System.nanoTime();
        identity.awaitResolved(Duration.ofMinutes(30));
        identity.paused(() -> {
            if (!saved.isEmpty()) {
                List<SegmentProfile> profiles = registerProfiles();
                Map<String, Map<String, List<HistoryEvent>>> history = history(profiles, saved.stream().map(Definition::rule).toList());
                for (Definition definition : saved) {
                    try {
                        maintainer.putSegment(definition.id(), definition.rule(), history, clock.instant());
                        definitions.put(definition.id(), definition);
                    } catch (RuntimeException e) {
                        LOG.error("segment '{}' could not be restored and is left out: {}", definition.id(), e.getMessage());
                    }
                }
            }
            identity.feed(new Feed());
            return null;
        });
        if (!saved.isEmpty()) {
            LOG.info("{} segments restored over {} profiles in {} ms", definitions.size(), maintainer.profileCount(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The definitions with every segment after the segments it reads (those reading missing ones last). */
    private static List<Definition> dependencyOrder(List<Definition> definitions) {
        List<Definition> ordered = new ArrayList<>();
        Set<String> placed = new java.util.HashSet<>();
        List<Definition> waiting = new ArrayList<>(definitions);
        boolean progress = true;
        while (!waiting.isEmpty() && progress) {
            progress = false;
            for (java.util.Iterator<Definition> it = waiting.iterator(); it.hasNext(); ) {
                Definition definition = it.next();
                if (placed.containsAll(RuleParts.segments(definition.rule()))) {
                    ordered.add(definition);
                    placed.add(definition.id());
                    it.remove();
                    progress = true;
                }
            }
        }
        ordered.addAll(waiting);
        return ordered;
    }

    public synchronized List<View> list() {
        return definitions.values().stream().map(this::view).toList();
    }

    public synchronized Optional<View> get(String id) {
        return Optional.ofNullable(definitions.get(id)).map(this::view);
    }

    private View view(Definition definition) {
        return new View(definition, maintainer.members(definition.id()).size(), lastChange.get(definition.id()));
    }

    /** The members, sorted, after {@code after} (exclusive; null for the first page), at most {@code limit}. */
    public List<String> members(String id, String after, int limit) {
        requireExisting(id);
        return maintainer.members(id).stream().sorted().filter(member -> after == null || member.compareTo(after) > 0).limit(limit).toList();
    }

    /** The segment's membership changes the save caused, with the saved definition. */
    public record Saved(View view, List<MembershipChange> changes) {}

    /** Creates a segment from a name (its id is the name made URL-safe) and a rule. */
    public synchronized Saved create(String name, Rule rule) {
        String id = idOf(name);
        if (definitions.containsKey(id)) {
            throw TekilException.conflict("a segment with the id '%s' exists already; choose another name or PUT /api/segments/%s to change it", id, id);
        }
        Instant now = clock.instant();
        return save(new Definition(id, name.strip(), rule, now, now));
    }

    /** Replaces a segment's rule (and name); records the enters and exits the edit causes. */
    public synchronized Saved update(String id, String name, Rule rule) {
        Definition old = requireExisting(id);
        return save(new Definition(id, name == null ? old.name() : name.strip(), rule, old.createdAt(), clock.instant()));
    }

    private Saved save(Definition definition) {
        try {
            io.tekil.core.segment.RulePrinter.print(definition.rule());
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("the rule has no text form: %s", e.getMessage());
        }
        identity.awaitResolved(Duration.ofSeconds(30));
        List<MembershipChange> changes;
        try {
            changes = identity.paused(() -> {
                List<SegmentProfile> profiles = registerProfiles();
                return maintainer.putSegment(definition.id(), definition.rule(), history(profiles, List.of(definition.rule())), clock.instant());
            });
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("%s", e.getMessage());
        }
        definitions.put(definition.id(), definition);
        write();
        return new Saved(view(definition), changes);
    }

    public synchronized List<MembershipChange> delete(String id) {
        requireExisting(id);
        List<MembershipChange> changes;
        try {
            changes = maintainer.removeSegment(id, clock.instant());
        } catch (IllegalArgumentException e) {
            throw TekilException.conflict("%s", e.getMessage());
        }
        definitions.remove(id);
        lastChange.remove(id);
        write();
        return changes;
    }

    public synchronized Definition requireExisting(String id) {
        Definition definition = definitions.get(id);
        if (definition == null) {
            throw TekilException.notFound("no segment '%s'", id);
        }
        return definition;
    }

    /**
     * Every current profile registered with the maintainer, with its traits, and profiles that no longer exist
     * forgotten (while no segment was saved, the feed skipped merges and trait changes); the snapshot is returned.
     */
    private List<SegmentProfile> registerProfiles() {
        List<SegmentProfile> profiles = identity.segmentProfiles();
        Instant now = clock.instant();
        maintainer.retainProfiles(profiles.stream().map(SegmentProfile::profileId).collect(java.util.stream.Collectors.toSet()), now);
        for (SegmentProfile profile : profiles) {
            maintainer.putProfile(profile.profileId(), profile.traits(), profile.computed(), now);
        }
        return profiles;
    }

    /** The stored events that the rules' filters match, by profile and key. */
    private Map<String, Map<String, List<HistoryEvent>>> history(List<SegmentProfile> profiles, Collection<Rule> rules) {
        Map<String, String> profileOfKey = new HashMap<>();
        profiles.forEach(profile -> profile.eventKeys().forEach(key -> profileOfKey.put(key, profile.profileId())));
        List<EventFilter> filters = rules.stream().flatMap(rule -> RuleParts.filters(rule).stream()).distinct().toList();
        Map<String, Map<String, List<HistoryEvent>>> history = new HashMap<>();
        ZoneId zone = maintainer.zone();
        storage.events().forEachEvent(Instant.EPOCH, event -> {
            String profileId = profileOfKey.get(event.profileKey());
            if (profileId != null && filters.stream().anyMatch(filter -> filter.mayMatch(event.type(), event.name()))) {
                HistoryEvent historyEvent = HistoryEvent.of(event, mapper);
                if (filters.stream().anyMatch(filter -> filter.matches(historyEvent, zone))) {
                    history.computeIfAbsent(profileId, unused -> new HashMap<>())
                            .computeIfAbsent(event.profileKey(), unused -> new ArrayList<>()).add(historyEvent);
                }
            }
        });
        return history;
    }

    /** Feeds the maintainer from identity resolution. */
    private final class Feed implements ProfileFeed {
        @Override
        public void event(String profileId, Event event) {
            if (!maintainer.hasSegments()) {
                return;
            }
            if (maintainer.mayMatch(event.type(), event.name())) {
                maintainer.onEvent(profileId, event.profileKey(), HistoryEvent.of(event, mapper), clock.instant());
            } else {
                maintainer.ensureProfile(profileId, clock.instant()); // a new profile may belong to "never ordered" at once
            }
        }

        @Override
        public void traits(String profileId, java.util.function.Supplier<ObjectNode> traits) {
            if (maintainer.readsTraits()) { // else the traits are read afresh when a segment that reads them is saved
                maintainer.putProfile(profileId, traits.get(), mapper.createObjectNode(), clock.instant());
            }
        }

        @Override
        public void merged(String survivor, String absorbed, java.util.function.Supplier<ObjectNode> traits) {
            if (maintainer.hasSegments()) {
                maintainer.onMerge(survivor, List.of(absorbed), traits.get(), mapper.createObjectNode(), clock.instant());
            }
        }

        @Override
        public void split(String from, List<ProfileFeed.Part> parts) {
            if (!maintainer.hasSegments()) {
                return;
            }
            maintainer.onSplit(from, parts.stream().map(part -> new SegmentMaintainer.Part(part.profileId(), part.eventKeys(), part.traits(),
                    mapper.createObjectNode())).toList(), clock.instant());
        }
    }

    private void tick() {
        while (running) {
            try {
                maintainer.advanceTo(clock.instant());
            } catch (RuntimeException e) {
                LOG.error("advancing segment memberships in time failed", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write() {
        ArrayNode array = mapper.createArrayNode();
        for (Definition definition : dependencyOrder(List.copyOf(definitions.values()))) {
            ObjectNode node = array.addObject();
            node.put("id", definition.id());
            node.put("name", definition.name());
            node.set("rule", RuleJson.write(definition.rule()));
            node.put("createdAt", definition.createdAt().toString());
            node.put("updatedAt", definition.updatedAt().toString());
        }
        storage.settings().put(SETTING, array.toString());
    }

    private List<Definition> read(String json) {
        try {
            List<Definition> read = new ArrayList<>();
            for (JsonNode node : mapper.readTree(json)) {
                read.add(new Definition(node.get("id").asText(), node.get("name").asText(), RuleJson.read(node.get("rule")),
                        Instant.parse(node.get("createdAt").asText()), Instant.parse(node.get("updatedAt").asText())));
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException("the saved segments are not readable JSON", e);
        }
    }

    /** A name as a URL-safe id: lower case, Turkish letters to their ASCII base, other characters to '-'. */
    static String idOf(String name) {
        if (name == null || name.isBlank()) {
            throw TekilException.userError("a segment needs a \"name\"");
        }
        String id = io.tekil.core.identity.match.TurkishFolding.fold(name).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (id.isEmpty()) {
            throw TekilException.userError("the name '%s' has no letters or digits to make an id from", name);
        }
        return id;
    }

    /** Changes whenever a membership changes. */
    public long membershipVersion() {
        return maintainer.changeCount();
    }

    public Set<String> segmentsOf(String profileId) {
        return maintainer.segmentsOf(profileId);
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
    }
}
