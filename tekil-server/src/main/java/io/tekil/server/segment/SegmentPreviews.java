package io.tekil.server.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.profile.TimelineCursor;
import io.tekil.core.profile.TimelineEvent;
import io.tekil.core.profile.TimelinePage;
import io.tekil.core.segment.Explanation;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleEvaluator;
import io.tekil.core.segment.RuleNames;
import io.tekil.core.segment.RulePrinter;
import io.tekil.core.segment.SegmentProfile;
import io.tekil.core.segment.Subject;
import io.tekil.core.segment.TimeChanges;
import io.tekil.core.store.Storage;
import io.tekil.server.identity.IdentityService;
import io.tekil.server.identity.ProfileView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A draft rule tried on the current profiles without saving anything: how many it selects and a sample (by the
 * store's bulk engine over every stored event), and for one profile why it is in or out (by the reference
 * evaluator over that profile's events).
 */
public final class SegmentPreviews {
    private final IdentityService identity;
    private final Storage storage;
    private final ZoneId zone;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    private final java.util.function.Function<String, Set<String>> membershipsOf;
    // profiles whose memberships changed since the engine last read them; null: too many, read everything
    private Set<String> membershipsTouched = new HashSet<>();
    // what the engine holds: the profiles as of this identity journal mark (-1: nothing loaded yet)
    private long loadedMark = -1;
    private int loadedProfiles;
    private final Set<String> traitNames = new HashSet<>();
    private Set<String> loadedEventNames = Set.of();
    private long loadedEventCount = -1;

    /**
     * @param membershipsOf the saved segments a profile is in now, for rules that read other segments
     */
    SegmentPreviews(IdentityService identity, Storage storage, ZoneId zone, Clock clock, java.util.function.Function<String, Set<String>> membershipsOf) {
        this.membershipsOf = requireNonNull(membershipsOf, "membershipsOf is null");
        this.identity = requireNonNull(identity, "identity is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A profile's membership changed: the engine's copy of it is stale. Called under the maintainer's lock. */
    synchronized void membershipChanged(String profileId) {
        if (membershipsTouched != null) {
            membershipsTouched.add(profileId);
            if (membershipsTouched.size() > MAX_TOUCHED) {
                membershipsTouched = null;
            }
        }
    }

    private static final int MAX_TOUCHED = 200_000;

    private synchronized Set<String> drainMembershipsTouched() {
        Set<String> touched = membershipsTouched;
        membershipsTouched = new HashSet<>();
        return touched;
    }

    /** Waits until identity resolution has caught up with every accepted event. */
    public void awaitResolved(java.time.Duration timeout) {
        identity.awaitResolved(timeout);
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * @param rule the rule in its canonical text form
     * @param sample up to this many selected profile ids, smallest first
     * @param warnings names the data has never shown, with the nearest seen name
     */
    public record Preview(String rule, Instant at, int size, int profiles, List<String> sample, List<String> warnings, long millis) {}

    /** What a rule selects at a moment, with what the engine knew then. */
    record Selection(Instant at, Set<String> selected, int profiles, Set<String> traitNames) {}

    /**
     * The profiles a rule selects now. The profiles are loaded into the engine only when they changed since the
     * previous selection (a new event, a merge, a membership change), so selections in a quiet workspace cost only
     * their query.
     */
    Selection select(Rule rule) {
        Instant now = clock.instant();
        synchronized (storage.segments()) { // one update and its select together
            refresh();
            return new Selection(now, storage.segments().select(rule, now, zone), loadedProfiles, Set.copyOf(traitNames));
        }
    }

    /**
     * Brings the engine's profiles up to date: only the profiles identity or a membership changed since the last
     * time, or all of them the first time and when too much changed to follow one by one. When it fails, what
     * changed meanwhile may be lost, so the next time reads every profile.
     */
    private void refresh() {
        try {
            update();
        } catch (RuntimeException e) {
            loadedMark = -1;
            throw e;
        }
    }

    private void update() {
        Set<String> memberships = drainMembershipsTouched(); // before reading: a later change is kept for the next refresh
        Optional<IdentityService.ProfilesSince> since = loadedMark < 0 || memberships == null ? Optional.empty() : identity.segmentProfilesSince(loadedMark);
        if (since.isEmpty() || since.get().changed().size() + memberships.size() > Math.max(MAX_TOUCHED, loadedProfiles / 5)) {
            long mark = identity.touchedMark(); // before reading: changes after it are read again next time
            List<SegmentProfile> profiles = identity.segmentProfilesInParts().stream().map(this::withMemberships).toList();
            storage.segments().loadProfiles(profiles);
            traitNames.clear();
            profiles.forEach(this::addTraitNames);
            loadedMark = mark;
            loadedProfiles = profiles.size();
        } else {
            Map<String, SegmentProfile> changed = new HashMap<>();
            since.get().changed().forEach(profile -> changed.put(profile.profileId(), withMemberships(profile)));
            Set<String> removed = new HashSet<>(since.get().removed());
            for (String profileId : memberships) {
                if (!changed.containsKey(profileId) && !removed.contains(profileId)) {
                    identity.segmentProfileOf(profileId).ifPresent(profile -> changed.put(profileId, withMemberships(profile)));
                }
            }
            storage.segments().updateProfiles(changed.values(), removed);
            loadedMark = since.get().mark();
            loadedProfiles = identity.profileCount();
            changed.values().forEach(this::addTraitNames); // names only grow here: a stale name costs a missing warning, no more
        }
    }

    /** The event names the data has shown, for a preview's warnings: a scan of the events, done again only when their number changed. */
    private Set<String> eventNames() {
        synchronized (storage.segments()) {
            long events = storage.events().count();
            if (events != loadedEventCount) {
                loadedEventNames = storage.segments().eventNames();
                loadedEventCount = events;
            }
            return loadedEventNames;
        }
    }

    /** Brings the bulk engine's profiles and the known event names up to date now, ahead of the first preview. */
    void warm() {
        synchronized (storage.segments()) {
            refresh();
        }
        eventNames();
    }

    /** How many profiles the bulk engine holds (0 before the first preview or warm-up). */
    int loadedProfiles() {
        synchronized (storage.segments()) {
            return loadedProfiles;
        }
    }

    private SegmentProfile withMemberships(SegmentProfile profile) {
        return new SegmentProfile(profile.profileId(), profile.eventKeys(), profile.traits(), profile.computed(), membershipsOf.apply(profile.profileId()));
    }

    private void addTraitNames(SegmentProfile profile) {
        profile.traits().fieldNames().forEachRemaining(traitNames::add);
    }

    public Preview preview(Rule rule, int sampleSize) {
        long started = System.nanoTime();
        Selection selection = select(rule);
        List<String> warnings = RuleNames.check(rule, eventNames(), selection.traitNames()).stream().map(RuleNames.Unknown::message).toList();
        List<String> sample = selection.selected().stream().sorted().limit(sampleSize).toList();
        return new Preview(RulePrinter.print(rule), selection.at(), selection.selected().size(), selection.profiles(), sample, warnings,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** @param nextChange when time alone next changes the answer; null when it never does */
    public record ProfileExplanation(String profileId, Instant at, Explanation explanation, Instant nextChange) {}

    /** Why {@code profileId} (or the profile it was merged into) is in or out; empty when no profile had that id. */
    public Optional<ProfileExplanation> explain(Rule rule, String profileId) {
        Instant now = clock.instant();
        return identity.profile(profileId, false).map(profile -> {
            List<HistoryEvent> events = new ArrayList<>();
            TimelineCursor cursor = null;
            do {
                TimelinePage page = storage.events().timeline(profile.eventKeys(), cursor, 1_000);
                for (TimelineEvent event : page.events()) {
                    events.add(HistoryEvent.of(event, mapper));
                }
                cursor = page.next();
            } while (cursor != null);
            Subject subject = new Subject(profile.id(), ProfileView.traitObject(profile.traits()), mapper.createObjectNode(), membershipsOf.apply(profile.id()), events);
            RuleEvaluator evaluator = new RuleEvaluator(zone);
            return new ProfileExplanation(profile.id(), now, evaluator.explain(rule, subject, now), TimeChanges.nextChange(evaluator, rule, subject, now));
        });
    }
}
