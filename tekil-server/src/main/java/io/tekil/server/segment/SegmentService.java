package io.tekil.server.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Event;
import io.tekil.core.identity.Identifier;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RulePrinter;
import io.tekil.core.segment.SegmentProfile;
import io.tekil.core.segment.live.MembershipChange;
import io.tekil.core.segment.live.SegmentMaintainer;
import io.tekil.core.store.MembershipStore;
import io.tekil.core.store.Storage;
import io.tekil.importer.IdentifierList;
import io.tekil.server.SerialWorker;
import io.tekil.server.identity.IdentityService;
import io.tekil.server.identity.ProfileFeed;
import io.tekil.server.segment.SegmentDefinition.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saved segments: dynamic ones kept current in real time, static ones with members fixed when saved.
 *
 * <p>Definitions are saved in the settings store; memberships live in a {@link SegmentMaintainer} fed by the
 * identity service ({@link ProfileFeed}: every resolved event, trait changes, merges and splits) and advanced by a
 * clock thread every 200 ms, so an exit by time alone is applied within a fraction of a second and recorded at its
 * exact moment. Saving a dynamic segment pauses identity resolution while the bulk engine selects its members
 * over every stored event; its real-time state then loads in the background ({@link SegmentBuilds}), with every
 * later event arriving through the feed, so nothing is missed or counted twice. Starting the server pauses
 * resolution, registers every profile and reads the stored events the saved segments' filters match (only events
 * of the filters' types and names), so the maintainer holds exactly what resolution has seen.
 *
 * <p>Every enter and exit is stored ({@link MembershipStore}, through a {@link MembershipRecorder}); that record
 * gives a segment's history and holds the members of static segments. At start the dynamic segments are
 * recomputed, and the differences from the stored members (changes while the server was stopped) are recorded
 * with the cause {@value #RESTART_CAUSE}.
 */
public final class SegmentService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentService.class);
    static final String SETTING = "segments.definitions";
    static final String RESTART_CAUSE = "recomputed at start";
    private static final int UNMATCHED_SHOWN = 20;

    /**
     * A segment's state: its definition, size, and last membership change.
     *
     * @param building whether its real-time state is still loading: meanwhile the profiles not loaded yet keep the
     *     members the bulk engine chose when it was saved
     * @param buildError why its last build was given up (then {@code building} stays true); null when it was not
     */
    public record View(SegmentDefinition definition, int size, Instant lastChange, boolean building, String buildError) {}

    /**
     * How an uploaded list matched profiles.
     *
     * @param unmatchedLines the first lines of the file (up to 20) whose identifiers belong to no profile
     */
    public record ListMatch(int rows, int matched, int profiles, List<Long> unmatchedLines, List<String> ignoredColumns) {}

    /** The segment's membership changes the save caused, with the saved segment; {@code list} only for an uploaded list. */
    public record Saved(View view, List<MembershipChange> changes, ListMatch list) {}

    /** One day of a segment's history: its enters and exits that day and its size at the day's end. */
    public record Day(LocalDate day, long enters, long exits, long size) {}

    private final IdentityService identity;
    private final Storage storage;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final SegmentMaintainer maintainer;
    private final SegmentPreviews previews;
    private final MembershipRecorder recorder;
    /** Applies identity resolution's output to the maintainer in order; when 50,000 changes wait, resolution waits. */
    private final SerialWorker worker = new SerialWorker("tekil-segments", 50_000);
    private final Map<String, SegmentDefinition> definitions = new LinkedHashMap<>();
    /** Saved segments that could not be restored at start: kept in the settings (and their records kept) for a later start. */
    private final Map<String, SegmentDefinition> leftOut = new LinkedHashMap<>();
    private final Map<String, Instant> lastChange = new ConcurrentHashMap<>();
    private final SegmentBuilds builds;
    private final Thread ticker;
    private final Thread warmer;
    private volatile boolean running = true;

    /**
     * Loads the bulk engine's copy of the profiles right after the start (identity was restored before), so the
     * first preview or save does not pay for reading every profile (12 s at a million profiles); later ones read
     * only what changed.
     */
    private void warmPreviews() {
        try {
            long started = System.nanoTime();
            previews.warm();
            LOG.info("profiles loaded for previews in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            if (running) {
                LOG.warn("loading the profiles for previews failed; the first preview loads them: {}", e.getMessage());
            }
        }
    }

    private SegmentService(IdentityService identity, Storage storage, ZoneId zone, Clock clock) {
        this.identity = identity;
        this.storage = storage;
        this.clock = clock;
        this.maintainer = new SegmentMaintainer(zone);
        this.maintainer.subscribe(change -> lastChange.put(change.segmentId(), change.at()));
        this.previews = new SegmentPreviews(identity, storage, zone, clock, maintainer::segmentsOf);
        this.maintainer.subscribe(change -> previews.membershipChanged(change.profileId()));
        this.recorder = new MembershipRecorder(storage.memberships());
        this.builds = new SegmentBuilds(identity, storage, maintainer, worker, clock);
        this.ticker = Thread.ofVirtual().name("tekil-segment-clock").unstarted(this::tick);
        this.warmer = Thread.ofPlatform().name("tekil-preview-warmup").daemon().unstarted(this::warmPreviews);
    }

    public static SegmentService start(IdentityService identity, Storage storage, ZoneId zone, Clock clock) {
        SegmentService service = new SegmentService(identity, storage, zone, clock);
        service.load();
        service.ticker.start();
        service.warmer.start();
        return service;
    }

    /**
     * Subscribes to every membership change from now on, in order, as it is applied: the in-process stream that
     * destinations and journeys follow. The listener runs on the thread that applied the change, under the
     * maintainer's lock, so it must be quick and must call neither the segment service nor identity resolution
     * (both may be waiting for that thread); hand work to another thread instead.
     */
    public void subscribe(java.util.function.Consumer<MembershipChange> listener) {
        maintainer.subscribe(listener);
    }

    /** Draft rules tried on the current profiles, reading the saved segments' memberships. */
    public SegmentPreviews previews() {
        return previews;
    }

    /**
     * Restores the saved segments (each after the segments it reads; one that cannot be restored is logged and
     * left out), records how their memberships differ from the stored ones, and subscribes to identity resolution,
     * all within one pause so no event falls in between.
     */
    private void load() {
        List<SegmentDefinition> saved = SegmentDefinition.dependencyOrder(storage.settings().get(SETTING)
                .map(json -> SegmentDefinition.read(json, mapper)).orElse(List.of()));
        Map<String, Set<String>> recorded = storage.memberships().members();
        long started = System.nanoTime();
        identity.awaitResolved(Duration.ofMinutes(30));
        identity.paused(() -> {
            Instant now = clock.instant();
            if (!saved.isEmpty()) {
                List<SegmentProfile> profiles = registerProfiles();
                Map<String, Map<String, List<HistoryEvent>>> history = history(profiles,
                        saved.stream().filter(definition -> definition.kind() == Kind.DYNAMIC).map(SegmentDefinition::rule).toList());
                for (SegmentDefinition definition : saved) {
                    try {
                        if (definition.kind() == Kind.STATIC) {
                            maintainer.putStaticSegment(definition.id(), currentIds(recorded.getOrDefault(definition.id(), Set.of())), now, RESTART_CAUSE);
                        } else {
                            maintainer.putSegment(definition.id(), definition.rule(), history, now);
                        }
                        definitions.put(definition.id(), definition);
                    } catch (RuntimeException e) {
                        leftOut.put(definition.id(), definition);
                        LOG.error("segment '{}' could not be restored and is left out (its definition and records are kept): {}", definition.id(),
                                e.getMessage());
                    }
                }
            }
            recorder.acceptAll(differences(recorded, now));
            maintainer.subscribe(recorder);
            identity.feed(new Feed());
            return null;
        });
        Set<String> savedIds = new HashSet<>();
        saved.forEach(definition -> savedIds.add(definition.id()));
        for (String id : recorded.keySet()) {
            if (!savedIds.contains(id)) {
                storage.memberships().forget(id); // deleted before its records were forgotten
            }
        }
        definitions.keySet().forEach(id -> storage.memberships().lastChange(id).ifPresent(at -> lastChange.put(id, at)));
        if (!saved.isEmpty()) {
            LOG.info("{} segments restored over {} profiles in {} ms", definitions.size(), maintainer.profileCount(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** What to record so the stored memberships equal the restored ones. */
    private List<MembershipChange> differences(Map<String, Set<String>> recorded, Instant now) {
        List<MembershipChange> changes = new ArrayList<>();
        for (String id : definitions.keySet()) {
            Set<String> before = recorded.getOrDefault(id, Set.of());
            Set<String> after = maintainer.members(id);
            before.stream().filter(profileId -> !after.contains(profileId)).sorted()
                    .forEach(profileId -> changes.add(new MembershipChange(id, profileId, MembershipChange.Kind.EXIT, now, RESTART_CAUSE)));
            after.stream().filter(profileId -> !before.contains(profileId)).sorted()
                    .forEach(profileId -> changes.add(new MembershipChange(id, profileId, MembershipChange.Kind.ENTER, now, RESTART_CAUSE)));
        }
        return changes;
    }

    /** The current ids of profiles, following merges; ids no profile ever had are left out. */
    private Set<String> currentIds(Collection<String> profileIds) {
        Set<String> current = new HashSet<>();
        profileIds.forEach(id -> identity.currentId(id).ifPresent(current::add));
        return current;
    }

    public synchronized List<View> list() {
        return definitions.values().stream().map(this::view).toList();
    }

    public synchronized Optional<View> get(String id) {
        return Optional.ofNullable(definitions.get(id)).map(this::view);
    }

    private View view(SegmentDefinition definition) {
        return new View(definition, maintainer.members(definition.id()).size(), lastChange.get(definition.id()), maintainer.isBuilding(definition.id()),
                builds.failure(definition.id()).orElse(null));
    }

    /** The members, sorted, after {@code after} (exclusive; null for the first page), at most {@code limit}. */
    public List<String> members(String id, String after, int limit) {
        requireExisting(id);
        return maintainer.members(id).stream().sorted().filter(member -> after == null || member.compareTo(after) > 0).limit(limit).toList();
    }

    /** The segment's size over time: one entry per day with a change, oldest first, in the workspace time zone. */
    public List<Day> history(String id) {
        requireExisting(id);
        recorder.flush();
        List<Day> days = new ArrayList<>();
        long size = 0;
        for (MembershipStore.DayCount count : storage.memberships().daily(id, maintainer.zone())) {
            size += count.enters() - count.exits();
            days.add(new Day(count.day(), count.enters(), count.exits(), size));
        }
        return days;
    }

    /**
     * Creates a dynamic segment from a name (its id is the name made URL-safe) and a rule: the bulk engine chooses
     * its members at once, and its real-time state loads in the background ({@link SegmentBuilds}).
     */
    public synchronized Saved create(String name, Rule rule) {
        return saveDynamic(newDefinition(name, Kind.DYNAMIC, rule, null));
    }

    /** Creates a static segment from the profiles a rule selects now. */
    public synchronized Saved createSnapshot(String name, Rule rule) {
        Instant now = clock.instant();
        return snapshot(newDefinition(name, Kind.STATIC, rule, "snapshot of the rule at " + now), rule);
    }

    /** Creates a static segment from a list of people by their identifiers. */
    public synchronized Saved createList(String name, IdentifierList list) {
        return list(newDefinition(name, Kind.STATIC, null, "uploaded list"), list);
    }

    /** Replaces a segment's rule (and name), making it dynamic; records the enters and exits the edit causes. */
    public synchronized Saved update(String id, String name, Rule rule) {
        SegmentDefinition changed = changed(id, name, Kind.DYNAMIC, rule, null);
        SegmentDefinition old = definitions.get(id);
        if (old != null && old.kind() == Kind.DYNAMIC && rule.equals(old.rule()) && !maintainer.isBuilding(id)) {
            definitions.put(id, changed); // a new name for the same rule: the members stay as they are
            write();
            return new Saved(view(changed), List.of(), null);
        }
        return saveDynamic(changed);
    }

    /**
     * Recomputes a dynamic segment from scratch: the SQL engine chooses its members again from every stored event
     * (the differences are recorded as enters and exits), and its real-time state is built again.
     */
    public synchronized Saved recompute(String id) {
        SegmentDefinition definition = leftOut.containsKey(id) ? leftOut.get(id) : requireExisting(id);
        if (definition.kind() != Kind.DYNAMIC) {
            throw TekilException.conflict("segment '%s' is static: its members are fixed, there is nothing to recompute; PUT a rule to make it dynamic", id);
        }
        return saveDynamic(changed(id, null, Kind.DYNAMIC, definition.rule(), null));
    }

    /** Replaces a segment's members by the profiles a rule selects now, making it static. */
    public synchronized Saved updateSnapshot(String id, String name, Rule rule) {
        return snapshot(changed(id, name, Kind.STATIC, rule, "snapshot of the rule at " + clock.instant()), rule);
    }

    /** Replaces a segment's members by an uploaded list, making it static. */
    public synchronized Saved updateList(String id, String name, IdentifierList list) {
        return list(changed(id, name, Kind.STATIC, null, "uploaded list"), list);
    }

    private SegmentDefinition newDefinition(String name, Kind kind, Rule rule, String origin) {
        String id = SegmentDefinition.idOf(name);
        if (leftOut.containsKey(id)) {
            throw TekilException.conflict("segment '%s' is saved but could not be restored at start (see the server log); PUT /api/segments/%s "
                    + "to change its rule, or DELETE it", id, id);
        }
        if (definitions.containsKey(id)) {
            throw TekilException.conflict("a segment with the id '%s' exists already; choose another name or PUT /api/segments/%s to change it", id, id);
        }
        Instant now = clock.instant();
        return new SegmentDefinition(id, name.strip(), kind, rule, origin, now, now);
    }

    private SegmentDefinition changed(String id, String name, Kind kind, Rule rule, String origin) {
        SegmentDefinition old = leftOut.containsKey(id) ? leftOut.get(id) : requireExisting(id);
        return new SegmentDefinition(id, name == null ? old.name() : name.strip(), kind, rule, origin, old.createdAt(), clock.instant());
    }

    /** The members are taken outside the pause (the bulk engine reads identity), and brought up to date within it. */
    private Saved snapshot(SegmentDefinition definition, Rule rule) {
        requirePrintable(rule);
        awaitResolved();
        Set<String> selected = previews.select(rule).selected();
        return save(definition, () -> maintainer.putStaticSegment(definition.id(), currentIds(selected), clock.instant(), "snapshot of the rule"), null);
    }

    private Saved list(SegmentDefinition definition, IdentifierList list) {
        awaitResolved();
        Set<String> members = new HashSet<>();
        List<Long> unmatched = new ArrayList<>();
        int matched = 0;
        for (IdentifierList.Row row : list.rows()) {
            Optional<String> profileId = row.identifiers().stream().map(this::profileOf).flatMap(Optional::stream).findFirst();
            if (profileId.isPresent()) {
                matched++;
                members.add(profileId.get());
            } else if (unmatched.size() < UNMATCHED_SHOWN) {
                unmatched.add(row.line());
            }
        }
        ListMatch match = new ListMatch(list.rows().size(), matched, members.size(), unmatched, list.ignoredColumns());
        return save(definition, () -> maintainer.putStaticSegment(definition.id(), currentIds(members), clock.instant(), "uploaded list"), match);
    }

    private Optional<String> profileOf(Identifier identifier) {
        return identity.profileIdOf(identifier.type(), identifier.value());
    }

    /**
     * Saves a dynamic segment: the bulk engine selects the rule's profiles over every stored event, then, with
     * identity resolution paused, the maintainer takes them as the segment's members (recording the enters and
     * exits) and starts following the rule for every event from then on; the history of each profile then loads
     * in the background, and once a profile's is loaded the rule alone decides for it. The pause makes the
     * boundary for the real-time state: an event resolved before it is in the history, one after it reaches the
     * maintainer live, and one in both is held once. The first members are the bulk engine's answer a moment
     * before the pause; the build corrects what changed since.
     */
    private Saved saveDynamic(SegmentDefinition definition) {
        Rule rule = definition.rule();
        requirePrintable(rule);
        try { // refused before any costly work
            maintainer.check(definition.id(), rule, clock.instant());
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("%s", e.getMessage());
        }
        awaitResolved();
        // chosen before the pause, so resolution waits only while the maintainer takes them: events resolved in
        // between are not in these members, but in the history the build loads, so each profile they touch is
        // checked with them when its part arrives, as for events during the build
        Set<String> selected = previews.select(rule).selected();
        return save(definition, () -> {
            Instant now = clock.instant();
            List<String> live = identity.profileIds();
            maintainer.retainProfiles(new HashSet<>(live), now);
            SegmentMaintainer.Started started = maintainer.startBuild(definition.id(), rule, new HashSet<>(live), selected, now, "segment saved");
            builds.load(started.build(), rule, live);
            // the saved segment's own changes (a member's readers, and profiles gone, change too, and are recorded)
            return started.changes().stream().filter(change -> change.segmentId().equals(definition.id())).toList();
        }, null);
    }

    /** Waits until no segment is being built (for tests and benchmarks); false when {@code timeout} passed first. */
    public boolean awaitBuilt(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (builds.busy() || maintainer.isBuilding()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static void requirePrintable(Rule rule) {
        try {
            RulePrinter.print(rule);
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("the rule has no text form: %s", e.getMessage());
        }
    }

    /** Applies a change to the maintainer with identity resolution paused, then saves the definition once its records are stored. */
    private Saved save(SegmentDefinition definition, Supplier<List<MembershipChange>> apply, ListMatch match) {
        List<MembershipChange> changes;
        try {
            changes = identity.paused(() -> {
                worker.drain(); // what resolution produced before the pause is applied first
                return apply.get();
            });
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("%s", e.getMessage());
        }
        recorder.flush();
        definitions.put(definition.id(), definition);
        leftOut.remove(definition.id());
        write();
        return new Saved(view(definition), changes, match);
    }

    private void awaitResolved() {
        identity.awaitResolved(Duration.ofSeconds(30));
    }

    public synchronized List<MembershipChange> delete(String id) {
        if (leftOut.remove(id) != null && !definitions.containsKey(id)) {
            write();
            storage.memberships().forget(id);
            return List.of();
        }
        requireExisting(id);
        List<MembershipChange> changes;
        try {
            changes = identity.paused(() -> {
                worker.drain();
                return maintainer.removeSegment(id, clock.instant());
            });
        } catch (IllegalArgumentException e) {
            throw TekilException.conflict("%s", e.getMessage());
        }
        definitions.remove(id);
        write();
        recorder.flush();
        storage.memberships().forget(id);
        lastChange.remove(id);
        return changes;
    }

    public synchronized SegmentDefinition requireExisting(String id) {
        SegmentDefinition definition = definitions.get(id);
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
        maintainer.retainProfiles(profiles.stream().map(SegmentProfile::profileId).collect(Collectors.toSet()), now);
        for (SegmentProfile profile : profiles) {
            maintainer.putProfile(profile.profileId(), profile.traits(), profile.computed(), now);
        }
        return profiles;
    }

    /** The stored events of the rules' filters' types and names, by profile and key. */
    private Map<String, Map<String, List<HistoryEvent>>> history(List<SegmentProfile> profiles, Collection<Rule> rules) {
        Map<String, String> profileOfKey = new HashMap<>();
        profiles.forEach(profile -> profile.eventKeys().forEach(key -> profileOfKey.put(key, profile.profileId())));
        Map<String, Map<String, List<HistoryEvent>>> history = new HashMap<>();
        SegmentBuilds.historyByKey(storage, rules, mapper).forEach((key, events) -> {
            String profileId = profileOfKey.get(key);
            if (profileId != null) {
                history.computeIfAbsent(profileId, unused -> new HashMap<>()).put(key, events);
            }
        });
        return history;
    }

    /**
     * Feeds the maintainer from identity resolution: what the change needs of identity (the merged traits) is taken
     * on the identity thread, and the maintainer applies it on the {@link SerialWorker}, at the moment it runs.
     */
    private final class Feed implements ProfileFeed {
        @Override
        public void event(String profileId, Event event) {
            if (!maintainer.hasSegments()) {
                return;
            }
            if (maintainer.mayMatch(event.type(), event.name())) {
                HistoryEvent historyEvent = HistoryEvent.of(event, mapper);
                worker.submit(() -> maintainer.onEvent(profileId, event.profileKey(), historyEvent, clock.instant()));
            } else {
                worker.submit(() -> maintainer.ensureProfile(profileId, clock.instant())); // a new profile may belong to "never ordered" at once
            }
        }

        @Override
        public void traits(String profileId, Supplier<ObjectNode> traits) {
            if (maintainer.readsTraits()) { // else the traits are read afresh when a segment that reads them is saved
                ObjectNode current = traits.get();
                worker.submit(() -> maintainer.putProfile(profileId, current, mapper.createObjectNode(), clock.instant()));
            }
        }

        @Override
        public void merged(String survivor, String absorbed, Supplier<ObjectNode> traits) {
            if (maintainer.hasSegments()) {
                ObjectNode current = traits.get();
                worker.submit(() -> maintainer.onMerge(survivor, List.of(absorbed), current, mapper.createObjectNode(), clock.instant()));
            }
        }

        @Override
        public void split(String from, List<ProfileFeed.Part> parts) {
            if (!maintainer.hasSegments()) {
                return;
            }
            List<SegmentMaintainer.Part> applied = parts.stream().map(part -> new SegmentMaintainer.Part(part.profileId(), part.eventKeys(), part.traits(),
                    mapper.createObjectNode())).toList();
            worker.submit(() -> maintainer.onSplit(from, applied, clock.instant()));
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean tickQueued = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Every 200 ms, queues an advance in time on the worker, behind the events resolved before it, so an exit by
     * time is never recorded ahead of an event that keeps the profile in (one advance waits in the queue at most).
     */
    private void tick() {
        while (running) {
            if (tickQueued.compareAndSet(false, true)) {
                try {
                    worker.submit(() -> {
                        tickQueued.set(false);
                        maintainer.advanceTo(clock.instant());
                    });
                } catch (RuntimeException e) {
                    tickQueued.set(false);
                    LOG.error("advancing segment memberships in time failed", e);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write() {
        List<SegmentDefinition> all = new ArrayList<>(definitions.values());
        leftOut.values().stream().filter(definition -> !definitions.containsKey(definition.id())).forEach(all::add);
        storage.settings().put(SETTING, SegmentDefinition.write(SegmentDefinition.dependencyOrder(all), mapper));
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
        warmer.interrupt();
        try {
            warmer.join(30_000); // not reading storage while it closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            ticker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        builds.close();
        worker.close();
        recorder.close();
    }
}
