package io.tekil.server.identity;

import io.tekil.core.error.TekilException;
import io.tekil.core.event.Event;
import io.tekil.core.ingest.IdentifiedEvent;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierExtractor;
import io.tekil.core.identity.IdentifierNormalizer;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.identity.IdentityGraph;
import io.tekil.core.identity.IdentityRules;
import io.tekil.core.identity.Link;
import io.tekil.core.identity.ProfileChange;
import io.tekil.core.identity.MergeHistory;
import io.tekil.core.identity.Provenance;
import io.tekil.core.identity.match.TurkishFolding;
import io.tekil.core.profile.ProfileTraits;
import io.tekil.core.profile.Trait;
import io.tekil.core.profile.TraitExtractor;
import io.tekil.core.profile.TraitRules;
import io.tekil.core.store.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs identity resolution on every committed event, on one thread, and keeps the identity graph's log durable.
 *
 * <p>Design: the group committer hands each committed group to {@link #accept} (a queue; the committer never
 * waits). The worker extracts each event's identifiers, observes them in the {@link IdentityGraph}, and about once
 * a second saves the new identifiers, links and removals to the {@link io.tekil.core.store.IdentityStore}, then the
 * latest {@code receivedAt} it has processed (the watermark) to the settings store. At start the graph is restored
 * from the log, and every event received since the watermark minus {@link #CATCH_UP_MARGIN} is observed again:
 * observing is idempotent (a pair already linked adds nothing), so the overlap is harmless, and an event that was
 * acknowledged but not yet resolved when the process died is resolved after the restart. The margin covers events
 * committed out of {@code receivedAt} order (at most the ack timeout apart).
 *
 * <p>Back-pressure: when {@link #MAX_QUEUED_EVENTS} wait, the writer waits for room after acknowledging its group,
 * so under sustained overload ingestion slows to the resolution rate. If resolution stalls, the queue is dropped
 * and the worker reads the events back from the store: memory stays bounded and nothing is lost.
 *
 * <p>The graph is guarded by this object's monitor; the API's reads and unmerges take it too.
 */
public final class IdentityService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityService.class);
    static final String WATERMARK_SETTING = "identity.watermark";
    static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(2);
    /** While running, events are committed at most an ack timeout out of receipt order. */
    private static final Duration RUNNING_CATCH_UP_MARGIN = Duration.ofSeconds(30);
    private static final long SAVE_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final Storage storage;
    private final IdentityGraph graph;
    private final IdentifierExtractor extractor;
    private final IdentifierNormalizer normalizer;
    private final ProfileTraits traits;
    private final TraitExtractor traitExtractor;
    private final ProfileMatchingService matching;
    private final Clock clock;
    /** Events held in memory at most; beyond, they are dropped from the queue and read back from the store. */
    static final int MAX_QUEUED_EVENTS = 100_000;

    private final LinkedBlockingQueue<List<IdentifiedEvent>> queue = new LinkedBlockingQueue<>();
    /**
     * Events whose identifiers are read ahead at a time: a whole group of tracking requests (a few hundred events), and
     * few enough that what they read (a few cache lines an identifier, some hundreds of KB in all) is still in the cache
     * when the events are observed, however large a group.
     */
    private static final int READ_AHEAD = 512;
    private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean behind;
    private final Object room = new Object();
    /**
     * No progress for this long means resolution stalled. Long enough to outlast a DuckDB checkpoint of a large
     * database, which blocks the resolver's save (10 s did not, at ten million events: the queue was dropped and
     * read back from the store, which cost far more).
     */
    private static final long STALL_NANOS = Duration.ofSeconds(60).toNanos();
    private final java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
    private final Thread worker;
    private final IdentitySaver saver;
    private volatile boolean running = true;
    private Instant watermark;
    private long pending;
    private int waiters;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;
    private final ProfileFeeds feeds;

    private IdentityService(Storage storage, IdentityGraph graph, ProfileTraits traits, IdentifierNormalizer normalizer, Clock clock) {
        this.storage = storage;
        this.graph = graph;
        this.traits = traits;
        this.mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        this.feeds = new ProfileFeeds(this::traitsOf,
                id -> graph.identifiers(id).stream().map(Identifier::key).collect(java.util.stream.Collectors.toSet()));
        this.traitExtractor = new TraitExtractor(mapper);
        this.matching = new ProfileMatchingService(this, new ReviewQueue(storage.settings(), mapper));
        this.normalizer = normalizer;
        this.extractor = new IdentifierExtractor(normalizer);
        this.clock = clock;
        this.worker = Thread.ofPlatform().name("tekil-identity").unstarted(this::run);
        this.saver = new IdentitySaver(storage, WATERMARK_SETTING);
    }

    /** Restores the graph and the traits, catches up on events since the watermark, and starts the worker. */
    public static IdentityService start(Storage storage, IdentityRules rules, IdentifierNormalizer normalizer, TraitRules traitRules, Clock clock) {
        long started = System.nanoTime();
        ProfileTraits traits = new ProfileTraits(traitRules);
        storage.profiles().loadTraits((identifier, list) -> list.forEach(trait -> traits.offer(identifier, trait)));
        traits.drainUnsaved();
        IdentityService service = new IdentityService(storage, IdentityGraph.restore(rules, storage.identities()), traits, normalizer, clock);
        Instant since = storage.settings().get(WATERMARK_SETTING).map(Instant::parse).map(at -> at.minus(CATCH_UP_MARGIN)).orElse(Instant.EPOCH);
        long[] caughtUp = {0};
        synchronized (service) {
            storage.events().forEachEvent(since, event -> {
                service.observe(event);
                caughtUp[0]++;
            });
            service.save();
        }
        LOG.info("identity graph restored with {} profiles; {} events since {} resolved again ({} ms)", service.graph.profileCount(),
                caughtUp[0], since, Duration.ofNanos(System.nanoTime() - started).toMillis());
        service.worker.start();
        return service;
    }

    /**
     * Queues committed events for resolution; never blocks (the writer calls it before acknowledging). While the
     * worker is catching up from the store, events are not queued: the catch-up reads them.
     */
    public void accept(List<IdentifiedEvent> committed) {
        if (committed.isEmpty() || behind) {
            return;
        }
        queued.addAndGet(committed.size());
        queue.add(committed);
    }

    /**
     * Back-pressure, run by the writer after it acknowledged a group: while more than {@link #MAX_QUEUED_EVENTS}
     * wait, the writer waits for the worker to make room, so ingestion slows to what resolution keeps up with
     * (reading events back from the store costs far more than resolving them from memory). Only when the worker
     * makes no progress for {@link #STALL_NANOS} (resolution stalled) is the queue dropped, for the worker to read
     * the events back from the store once it recovers; ingestion goes on meanwhile.
     */
    public void throttle() {
        long lastProgress = System.nanoTime();
        long seen = progress.get();
        synchronized (room) {
            while (queued.get() > MAX_QUEUED_EVENTS && !behind) {
                try {
                    room.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long now = progress.get();
                if (now != seen) {
                    seen = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                    LOG.warn("identity resolution made no progress for {} s with {} events queued; ingestion goes on and resolution will "
                            + "catch up from the store", Duration.ofNanos(STALL_NANOS).toSeconds(), queued.get());
                    behind = true;
                }
            }
        }
    }

    private void madeRoom() {
        synchronized (room) {
            room.notifyAll();
        }
    }

    private void run() {
        long lastSave = System.nanoTime();
        while (running || !queue.isEmpty()) {
            try {
                if (behind) {
                    List<IdentifiedEvent> dropped;
                    while ((dropped = queue.poll()) != null) {
                        queued.addAndGet(-dropped.size()); // read back from the store below
                    }
                    madeRoom();
                    catchUp();
                    continue;
                }
                List<IdentifiedEvent> group = queue.poll(200, TimeUnit.MILLISECONDS);
                synchronized (this) {
                    boolean idle = group == null;
                    while (group != null) {
                        resolve(group);
                        queued.addAndGet(-group.size());
                        progress.incrementAndGet();
                        madeRoom();
                        group = queue.poll();
                    }
                    if (pending > 0 && (idle || waiters > 0 || System.nanoTime() - lastSave > SAVE_EVERY_NANOS)) {
                        saver.save(changes()); // written in the background: resolution goes on meanwhile
                        lastSave = System.nanoTime();
                    }
                    notifyAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the events stay in the store; they are resolved again from the watermark at the next start
                LOG.error("identity resolution failed; the events are kept and are resolved again at the next start", e);
            }
        }
    }

    /** Reads back from the store what was dropped from the queue; new events queue again meanwhile (observing twice is harmless). */
    private void catchUp() {
        Instant since;
        synchronized (this) {
            since = watermark == null ? Instant.EPOCH : watermark.minus(RUNNING_CATCH_UP_MARGIN);
            behind = false;
        }
        LOG.warn("identity resolution fell more than {} events behind; reading events since {} back from the store", MAX_QUEUED_EVENTS, since);
        storage.events().forEachEvent(since, event -> {
            synchronized (this) {
                observe(event);
            }
        });
        synchronized (this) {
            save();
        }
    }

    /** Subscribes to merges and splits only (see {@link ProfileFeed#change}). */
    public void onChange(java.util.function.Consumer<ProfileChange> listener) {
        feed(new ProfileFeed() {
            @Override
            public void change(ProfileChange change) {
                listener.accept(change);
            }
        });
    }

    public void feed(ProfileFeed feed) {
        feeds.add(feed);
    }

    /** Runs {@code work} while no event is resolved and no profile changes (for a consistent snapshot). */
    public synchronized <T> T paused(java.util.function.Supplier<T> work) {
        return work.get();
    }

    private com.fasterxml.jackson.databind.node.ObjectNode traitsOf(String profileId) {
        return ProfileView.traitObject(traits.merged(graph.identifiers(profileId)));
    }

    IdentityGraph graph() {
        return graph;
    }

    ProfileTraits traits() {
        return traits;
    }

    Clock clock() {
        return clock;
    }

    /** Saves the graph's and traits' changes and publishes {@code changes}; the caller holds this service's lock. */
    void saveAndPublish(List<ProfileChange> changes) {
        save();
        publish(changes);
    }

    private void publish(List<ProfileChange> changes) {
        changes.forEach(touched::touch);
        feeds.changes(changes);
    }

    private final TouchedProfiles touched = new TouchedProfiles();

    /** Where the journal of changed profiles is now, for {@link #segmentProfilesSince}. */
    public synchronized long touchedMark() {
        return touched.mark();
    }

    /** The profiles whose identifiers or traits changed, and those merged away or split, since a mark. */
    public record ProfilesSince(long mark, List<io.tekil.core.segment.SegmentProfile> changed, java.util.Set<String> removed) {}

    /**
     * The segment form of every profile changed since {@code mark} (new identifiers, traits, merges, splits) and the
     * ids that no longer name a live profile; empty when the journal no longer reaches back that far (read every
     * profile instead).
     */
    public synchronized Optional<ProfilesSince> segmentProfilesSince(long mark) {
        return touched.since(mark).map(ids -> {
            List<io.tekil.core.segment.SegmentProfile> changed = new java.util.ArrayList<>();
            java.util.Set<String> removed = new java.util.HashSet<>();
            for (String id : ids) {
                segmentProfileOf(id).ifPresentOrElse(changed::add, () -> removed.add(id));
            }
            return new ProfilesSince(touched.mark(), changed, removed);
        });
    }

    /**
     * Observes a committed group's events, {@link #READ_AHEAD} at a time, each part's identifiers looked up first so
     * that their reads from memory overlap ({@link IdentityGraph#prefetch}); events whose identifiers validation did not
     * find (read back from the store) are not read ahead.
     */
    private void resolve(List<IdentifiedEvent> group) {
        for (int from = 0; from < group.size(); from += READ_AHEAD) {
            List<IdentifiedEvent> part = group.subList(from, Math.min(group.size(), from + READ_AHEAD));
            for (IdentifiedEvent identified : part) {
                if (identified.identifiers() != null) {
                    graph.prefetch(identified.identifiers());
                }
            }
            part.forEach(this::observe);
        }
    }

    private void observe(Event event) {
        observe(IdentifiedEvent.unextracted(event));
    }

    private void observe(IdentifiedEvent identified) {
        Event event = identified.event();
        boolean extracted = identified.identifiers() != null; // else read from the message here
        List<Identifier> identifiers = extracted ? identified.identifiers() : extractor.extract(event.json().utf8(), event.type());
        if (!identifiers.isEmpty()) {
            int known = graph.identifierCount();
            IdentityGraph.Observation observation = graph.observe(identifiers, Provenance.event(event.source(), event.messageId(), event.receivedAt()));
            if (graph.identifierCount() != known) { // a new identifier: in this profile, or a profile of its own when a limit refused the link
                for (Identifier identifier : identifiers) {
                    graph.profileOf(identifier).ifPresent(touched::touch);
                }
            }
            if (!observation.changes().isEmpty()) {
                publish(observation.changes());
            }
            boolean traitsChanged = false;
            for (Trait trait : extracted ? identified.traits() : traitExtractor.extract(event)) {
                traits.offer(observation.primary(), trait);
                traitsChanged = true;
            }
            if (traitsChanged) {
                touched.touch(observation.profileId());
            }
            feeds.event(observation.profileId(), event, traitsChanged);
        }
        if (watermark == null || event.receivedAt().isAfter(watermark)) {
            watermark = event.receivedAt();
        }
        pending++;
    }

    /** Writes every change so far, and waits until it is written. */
    private void save() {
        saver.saveAndWait(changes());
    }

    /** Takes the changes since the last save, for the {@link IdentitySaver} to write. */
    private IdentitySaver.Changes changes() {
        pending = 0;
        return new IdentitySaver.Changes(graph.drainUnsaved(), traits.drainUnsaved(), watermark);
    }

    /** Waits until every event accepted so far is resolved and saved (for tests and orderly reads). */
    public synchronized void awaitResolved(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        waiters++;
        try {
            awaitEmpty(deadline);
        } finally {
            waiters--;
        }
    }

    private void awaitEmpty(long deadline) {
        while (queued.get() > 0 || pending > 0 || behind || saver.busy()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw TekilException.unavailable("identity resolution is behind; retry shortly", null);
            }
            try {
                wait(Math.max(1, Math.min(10, left / 1_000_000))); // the saver does not notify: look again soon
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw TekilException.unavailable("interrupted while waiting for identity resolution", e);
            }
        }
    }

    /** The profile an identifier belongs to, normalized the same way as events; empty when unknown or not linkable. */
    public synchronized Optional<ProfileView> lookup(IdentifierType type, String value) {
        return identifier(type, value).flatMap(graph::profileOf).flatMap(id -> profile(id, false));
    }

    /**
     * The identifier types profiles can have: the built-in ones, the declared custom ones, and any other type whose
     * identifiers the graph holds from before it was no longer declared (they still join profiles, so they can be
     * looked up and taken out).
     */
    public synchronized java.util.Set<IdentifierType> identifierTypes() {
        java.util.Set<IdentifierType> types = new java.util.LinkedHashSet<>(IdentifierType.BUILT_IN);
        types.addAll(normalizer.customTypes());
        types.addAll(graph.types());
        return types;
    }

    /**
     * The identifier a type and value name, normalized like events'; for a type no longer declared, whose identifiers
     * the graph still holds, the value as stored (trimmed). Empty when the value cannot link.
     */
    public synchronized Optional<Identifier> identifier(IdentifierType type, String value) {
        if (normalizer.isDeclared(type) || value == null || value.isBlank()) {
            return normalizer.normalize(type, value);
        }
        return graph.types().contains(type) ? Optional.of(Identifier.of(type, value.strip())) : Optional.empty();
    }

    /** The id of the profile an identifier belongs to (normalized like events); empty when none or invalid. */
    public synchronized Optional<String> profileIdOf(IdentifierType type, String value) {
        return identifier(type, value).flatMap(graph::profileOf);
    }

    /** The ids of the live profiles. */
    public synchronized List<String> profileIds() {
        return graph.profileIds();
    }

    /** The profile whose events are stored under {@code profileKey} ({@link Identifier#key}) now; empty when no profile has it. */
    public synchronized Optional<String> profileOfKey(String profileKey) {
        int colon = profileKey.indexOf(':');
        if (colon <= 0 || colon == profileKey.length() - 1) {
            return Optional.empty();
        }
        try {
            return graph.profileOf(Identifier.of(new IdentifierType(profileKey.substring(0, colon)), profileKey.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a key of an identifier (a type name no rule allows)
        }
    }

    /** The current id of a profile id, following merges; empty when no profile ever had it. */
    public synchronized Optional<String> currentId(String profileId) {
        return graph.resolve(profileId);
    }

    /** The live profile for {@code id}, following merges; empty when no profile ever had this id. */
    public synchronized Optional<ProfileView> profile(String id, boolean withLinks) {
        return graph.resolve(id).map(live -> view(live, id, withLinks));
    }

    /** The live id of {@code id} and the profile keys of its events, without building its traits (for the timeline). */
    public synchronized Optional<Map.Entry<String, List<String>>> eventKeys(String id) {
        return graph.resolve(id).map(live -> Map.entry(live, graph.identifiers(live).stream().map(Identifier::key).toList()));
    }

    private ProfileView view(String live, String requestedId, boolean withLinks) {
        List<Identifier> identifiers = graph.identifiers(live);
        return new ProfileView(live, requestedId, identifiers, traits.merged(identifiers), withLinks ? graph.links(live).stream()
                .map(link -> new ProfileView.LinkView(link, graph.status(link.id()), graph.rejection(link.id()).orElse(null),
                        graph.removedAt(link.id()).orElse(null)))
                .toList() : List.of());
    }

    /**
     * The identity of the live profile for {@code id}, following merges: its identifiers with where each was first
     * seen, its links with their decisions, and its merges. Empty when no profile ever had this id. The first
     * sightings are read from storage after the graph is let go, so resolution does not wait for the read.
     */
    public Optional<IdentityView> identity(String id) {
        ProfileView profile;
        List<MergeHistory.Merge> merges;
        Map<Long, Identifier> byPosition = new java.util.HashMap<>();
        synchronized (this) {
            Optional<String> live = graph.resolve(id);
            if (live.isEmpty()) {
                return Optional.empty();
            }
            profile = view(live.get(), id, true);
            merges = MergeHistory.of(graph, live.get());
            profile.identifiers().forEach(identifier -> byPosition.put(graph.position(identifier).getAsLong(), identifier));
        }
        Map<Identifier, Provenance> firstSeen = new java.util.HashMap<>();
        storage.identities().firstSeen(byPosition.keySet()).forEach((position, seen) -> firstSeen.put(byPosition.get(position), seen));
        return Optional.of(new IdentityView(profile, firstSeen, merges));
    }

    /** Every profile as a segment engine sees it: its event keys and merged traits (trait name to value). */
    public synchronized List<io.tekil.core.segment.SegmentProfile> segmentProfiles() {
        List<io.tekil.core.segment.SegmentProfile> profiles = new java.util.ArrayList<>(graph.profileCount());
        graph.partition().keySet().forEach(id -> profiles.add(segmentProfile(id)));
        return profiles;
    }

    /**
     * Every live profile as {@link #segmentProfiles} gives them, read a thousand at a time with resolution going on
     * in between, so reading a million profiles does not stop resolution for seconds. Not one snapshot: a profile
     * created, merged or split while they are read may be missing or stale, so a reader that follows changes takes
     * {@link #touchedMark} before calling and reads what changed since afterwards.
     */
    public List<io.tekil.core.segment.SegmentProfile> segmentProfilesInParts() {
        List<String> ids = profileIds();
        List<io.tekil.core.segment.SegmentProfile> profiles = new java.util.ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += PROFILES_PER_PART) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + PROFILES_PER_PART));
            synchronized (this) {
                part.forEach(id -> segmentProfileOf(id).ifPresent(profiles::add));
            }
        }
        return profiles;
    }

    private static final int PROFILES_PER_PART = 1_000;

    /** The segment form of a live profile; empty when the id names no live profile (merged away, split off, never used). */
    public synchronized Optional<io.tekil.core.segment.SegmentProfile> segmentProfileOf(String id) {
        return graph.resolve(id).filter(id::equals).map(this::segmentProfile);
    }

    private io.tekil.core.segment.SegmentProfile segmentProfile(String id) {
        List<Identifier> ordered = graph.identifiers(id);
        return new io.tekil.core.segment.SegmentProfile(id, ordered.stream().map(Identifier::key).toList(), ProfileView.traitObject(traits.merged(ordered)),
                mapper.createObjectNode(), java.util.Set.of());
    }

    /**
     * Profiles whose traits equal every given value, compared after Turkish folding (so {@code izmir},
     * {@code İzmir} and {@code IZMIR} match), at most {@code limit}, in no particular order. A scan over the
     * identifiers holding the first criterion's trait that stops at {@code limit} matches: fast for common
     * values, about linear in the profiles for rare ones.
     *
     * @param criteria trait name to the text of its wanted value; not empty
     */
    public synchronized List<ProfileView> search(Map<String, String> criteria, int limit) {
        Map<String, String> wanted = new java.util.LinkedHashMap<>();
        criteria.forEach((name, value) -> wanted.put(name, TurkishFolding.fold(value)));
        Map.Entry<String, String> first = wanted.entrySet().iterator().next();
        Map<String, ProfileView> found = new java.util.LinkedHashMap<>();
        traits.forEachValueOf(first.getKey(), (identifier, trait) -> {
            if (!TurkishFolding.fold(trait.value().asText()).equals(first.getValue())) {
                return true;
            }
            String id = graph.profileOf(identifier).orElseThrow();
            if (found.containsKey(id)) {
                return true;
            }
            ProfileView view = view(id, id, false);
            boolean matches = wanted.entrySet().stream().allMatch(criterion -> {
                Trait shown = view.traits().get(criterion.getKey());
                return shown != null && TurkishFolding.fold(shown.value().asText()).equals(criterion.getValue());
            });
            if (matches) {
                found.put(id, view);
            }
            return found.size() < limit;
        });
        return List.copyOf(found.values());
    }

    /** The stored merges and splits after {@code sequence}, oldest first, at most {@code limit} (read from storage, without the lock). */
    public List<io.tekil.core.store.IdentityStore.StoredChange> changes(long sequence, int limit) {
        return storage.identities().changes(sequence, limit);
    }

    /** Unmerge by removing one link; saved at once. */
    public synchronized List<ProfileChange> removeLink(String profileId, long linkId) {
        ProfileView profile = profile(profileId, true).orElseThrow(() -> TekilException.notFound("no profile '%s'", profileId));
        if (profile.links().stream().noneMatch(link -> link.link().id() == linkId)) {
            throw TekilException.notFound("profile %s has no link %d; see GET /api/profiles/%s/identity", profile.id(), linkId, profile.id());
        }
        if (graph.status(linkId) == Link.Status.REMOVED) {
            throw TekilException.conflict("link %d was removed already", linkId);
        }
        List<ProfileChange> changes = graph.removeLink(linkId, clock.instant());
        save();
        publish(changes);
        return changes;
    }

    /** Unmerge by taking an identifier out of its profile (all its links removed); saved at once. */
    public synchronized List<ProfileChange> detach(String profileId, Identifier identifier) {
        ProfileView profile = profile(profileId, false).orElseThrow(() -> TekilException.notFound("no profile '%s'", profileId));
        if (!profile.identifiers().contains(identifier)) {
            throw TekilException.notFound("profile %s has no identifier %s; its identifiers are %s", profile.id(), identifier,
                    profile.identifiers());
        }
        List<ProfileChange> changes = graph.detach(identifier, clock.instant());
        save();
        publish(changes);
        return changes;
    }

    public IdentifierNormalizer normalizer() {
        return normalizer;
    }

    /** Probabilistic matching over these profiles and its review queue. */
    public ProfileMatchingService matching() {
        return matching;
    }

    /** Live profiles now. */
    public synchronized int profileCount() {
        return graph.profileCount();
    }

    /** Identifiers that hold traits. */
    public synchronized int identifiersWithTraits() {
        return traits.identifiersWithTraits();
    }


    /** Resolves what is queued, saves, and stops. */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            List<IdentifiedEvent> group;
            while ((group = queue.poll()) != null) {
                group.forEach(this::observe);
            }
            if (pending > 0) {
                save();
            }
        }
        saver.close();
    }

}
