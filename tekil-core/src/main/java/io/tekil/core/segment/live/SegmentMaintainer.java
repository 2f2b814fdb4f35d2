package io.tekil.core.segment.live;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.segment.EventIndex;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleEvaluator;
import io.tekil.core.segment.Subject;
import io.tekil.core.segment.TimeChanges;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps every active segment's membership current, one profile at a time.
 *
 * <p>Design. For each profile the maintainer holds its traits, the events some active segment looks at (an event
 * no filter matches is not kept), and its memberships ({@link ProfileState}). A change to a profile re-checks only
 * the segments it can affect, with the reference {@link RuleEvaluator} over that profile alone: an event re-checks
 * the segments with a filter that matches it, a trait change the segments that read traits, a merge or split every
 * segment for the profiles involved. A membership change re-checks the segments that read that segment
 * ({@code in segment}), which come later in the dependency order; cycles are refused.
 *
 * <p>Time. After each check the profile's next candidate moment ({@link TimeChanges#nextCandidate}) is queued;
 * {@link #advanceTo} re-checks the profiles whose moment has come, evaluated <em>at</em> that moment, so a
 * window's exit is recorded at the exact instant it happens however late the caller advances. Nothing is scanned
 * on a schedule: a profile is looked at again only when time can change its answer.
 *
 * <p>Building. A segment can start from members the bulk engine chose ({@link #startBuild}) and take over
 * profile by profile as their history is loaded ({@link #build}, {@link #finishBuild}): until then a profile keeps
 * the member status it was given for that segment, and is not checked against it.
 *
 * <p>Static segments have members given by the caller (a snapshot, an uploaded list) instead of a rule. Their
 * membership follows identity: a member merged into another profile passes it to the survivor, and of a split
 * member the part that keeps its id keeps it. Rules may read them with {@code in segment}.
 *
 * <p>Memory. Only events some active segment's filter matches are held, with only the properties rules read, in
 * columns ({@link EventColumns}); an event is let go once every window reading it has passed it for good (an order
 * 31 days old for "orders in the last 30 days"), so the state follows the windows, not the length of the history.
 * Events read through windows without an end ("ever", "more than 60 days ago", first and last occurrences) are
 * held for as long as the profile is. Time never moves backwards across calls: a call whose {@code now} is earlier than
 * an earlier call's works at that call's moment instead.
 *
 * <p>Invariants: after every call, for every profile and segment (but a profile a build still waits for), membership
 * equals the evaluator's answer over the events and traits the maintainer was given (checked by {@code TestSegmentMaintainer} against evaluation from
 * scratch); every change is published once, in order, to every listener. Thread-safety: every method that reads
 * or changes memberships is synchronized, and listeners run under the lock and must not call back;
 * {@link #mayMatch}, {@link #hasSegments} and {@link #readsTraits} read volatile summaries without the lock, so
 * the thread feeding events never waits for a long update.
 */
public final class SegmentMaintainer {
    private final RuleEvaluator evaluator;
    private final ZoneId zone;
    private final SegmentRules rules;
    /** What every segment says of a new profile with no traits and no events, while the rules stay as they are; null when not known. */
    private EmptyProfile emptyProfile;
    private final Memberships members = new Memberships();
    private final Map<String, ProfileState> profiles = new HashMap<>();
    private final TimeQueue due = new TimeQueue();
    private final HeldEvents held = new HeldEvents();
    private final Builds builds = new Builds();

    public SegmentMaintainer(ZoneId zone) {
        this.zone = requireNonNull(zone, "zone is null");
        this.evaluator = new RuleEvaluator(zone);
        this.rules = new SegmentRules(zone);
    }

    public synchronized void subscribe(Consumer<MembershipChange> listener) {
        members.subscribe(listener);
    }

    public synchronized Set<String> members(String segmentId) {
        return members.copyOf(segmentId);
    }

    public synchronized Set<String> segmentsOf(String profileId) {
        ProfileState state = profiles.get(profileId);
        return state == null ? Set.of() : Set.copyOf(state.memberships);
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * Whether an event of this type and name could matter to an active segment: a cheap test before the event's
     * properties are read.
     */
    public boolean mayMatch(io.tekil.core.event.MessageType type, String name) {
        return rules.mayMatch(type, name);
    }

    public boolean hasSegments() {
        return rules.active();
    }

    /** Whether some segment tests traits (or ages, anniversaries), so trait changes matter. */
    public boolean readsTraits() {
        return rules.readsTraits();
    }

    /** The events held for one profile, as rules see them (for tests). */
    synchronized List<HistoryEvent> heldEvents(String profileId) {
        ProfileState state = profiles.get(profileId);
        return state == null ? List.of() : List.of(state.events.events());
    }

    /**
     * The moment a call works at: the caller's, or the latest any call worked at when the caller's is earlier
     * (two threads reading the clock, a clock set back). Evaluating earlier than a moment already worked at could
     * miss events let go at it.
     */
    private Instant moment(Instant asked) {
        requireNonNull(asked, "now is null");
        if (asked.isAfter(latest)) {
            latest = asked;
        }
        return latest;
    }

    private Instant latest = Instant.MIN;

    /** How many events the maintainer holds over every profile. */
    public synchronized long heldEventCount() {
        return profiles.values().stream().mapToLong(state -> state.events.size()).sum();
    }

    public synchronized int profileCount() {
        return profiles.size();
    }

    /**
     * Forgets every profile not in {@code live} (merged away or split while nothing was followed), recording their
     * exits; for a fresh start from a snapshot of the current profiles.
     */
    public synchronized List<MembershipChange> retainProfiles(Set<String> live, Instant asked) {
        Instant now = moment(asked);
        List<MembershipChange> changes = new ArrayList<>();
        for (String profileId : List.copyOf(profiles.keySet())) {
            if (!live.contains(profileId)) {
                ProfileState gone = profiles.remove(profileId);
                due.unschedule(profileId, gone);
                for (String segmentId : gone.memberships) {
                    changes.add(members.exit(segmentId, profileId, now, "profile no longer exists"));
                }
            }
        }
        return changes;
    }

    /** Registers a profile (or replaces its traits), before its events arrive. */
    public synchronized List<MembershipChange> putProfile(String profileId, ObjectNode traits, ObjectNode computed, Instant asked) {
        Instant now = moment(asked);
        ProfileState state = profiles.get(profileId);
        if (state == null) {
            if (traits.isEmpty() && computed.isEmpty()) {
                return ensureProfile(profileId, now);
            }
            profiles.put(profileId, new ProfileState(traits, computed));
            return recheck(profileId, null, now, "profile created");
        }
        // only the segments that read what changed (re-registering every profile when a segment is saved changes nothing)
        Set<String> affected = readingChanged(state, traits, computed);
        state.traits = traits;
        state.computed = computed;
        return affected.isEmpty() ? List.of() : recheck(profileId, affected, now, "traits changed");
    }

    /**
     * Adds a segment or replaces its rule, and records the enters and exits that causes.
     *
     * @param history every stored event of the rule's filters' types and names of every registered profile, by
     *     profile and key, whether or not it passes the filters' conditions: the maintainer may hold some with only
     *     the properties earlier segments read, and replaces them (an event it holds is never counted twice)
     * @throws IllegalArgumentException when the rule reads a segment that does not exist, or itself through others
     */
    public synchronized List<MembershipChange> putSegment(String id, Rule rule, Map<String, Map<String, List<HistoryEvent>>> history, Instant asked) {
        Instant now = moment(asked);
        requireEvaluable(id, rule, now);
        rules.putRule(id, rule);
        builds.end(id);
        rulesChanged();
        members.of(id);
        // the history's events replace held copies: those kept only the properties earlier segments read
        history.forEach((profileId, byKey) -> {
            ProfileState state = profiles.get(profileId);
            if (state != null) {
                byKey.forEach((key, events) -> events.forEach(event -> held.replace(state.events, key, event, rules.properties())));
                state.pruneAt = Long.MIN_VALUE; // the check below lets go of what no window reads
            }
        });
        List<MembershipChange> changes = new ArrayList<>();
        for (String profileId : List.copyOf(profiles.keySet())) {
            changes.addAll(recheck(profileId, Set.of(id), now, "segment saved"));
        }
        return changes;
    }

    /** A started build and the enters and exits its first members caused. */
    public record Started(SegmentBuild build, List<MembershipChange> changes) {}

    /**
     * Adds a segment, or replaces its rule, with its members chosen by the bulk engine instead of checked here
     * one profile at a time: the start of a build. The rule is active at once (events it reads are held from now
     * on, and profiles not in {@code profileIds} are checked as usual), while every profile in {@code profileIds}
     * keeps its membership as {@code selected} says, unchecked, until {@link #build} gives its history; then the
     * rule takes over. Profiles merged with a waiting one wait too, and so do the parts of a split waiting one,
     * until {@link #finishBuild}.
     *
     * @param profileIds every profile that exists now (the bulk engine's profiles)
     * @param selected the profiles among them the bulk engine selects now
     * @throws IllegalArgumentException when the rule reads a segment that does not exist, or itself through others
     */
    public synchronized Started startBuild(String id, Rule rule, Set<String> profileIds, Set<String> selected, Instant asked, String cause) {
        Instant now = moment(asked);
        requireNonNull(cause, "cause is null");
        requireEvaluable(id, rule, now);
        rules.putRule(id, rule);
        rulesChanged();
        SegmentBuild build = builds.start(id, profileIds);
        Integer number = rules.number(id);
        profiles.forEach((profileId, state) -> {
            if (build.waitsFor(profileId) && state.candidates.get(number) != null) {
                state.candidates.remove(number); // an edited rule's moments: checked again once its history is loaded
                due.schedule(profileId, state);
            }
        });
        List<MembershipChange> changes = giveMembers(id, selected, build::waitsFor, now, cause);
        for (String profileId : List.copyOf(profiles.keySet())) {
            if (!build.waitsFor(profileId)) { // a profile the bulk engine did not know: checked here at once
                changes.addAll(recheck(profileId, Set.of(id), now, cause));
            }
        }
        return new Started(build, changes);
    }

    /** Whether {@code build} is still the build of its segment (not finished, and the segment neither removed nor saved again). */
    public synchronized boolean isBuilding(SegmentBuild build) {
        return builds.isCurrent(build);
    }

    /** Whether some segment is being built. */
    public synchronized boolean isBuilding() {
        return builds.any();
    }

    /** Whether the segment is being built. */
    public synchronized boolean isBuilding(String segmentId) {
        return builds.building(segmentId);
    }

    /**
     * A profile's part of a build: its traits now and the stored events of its keys of the rule's filters' types
     * and names (every such event, whether or not it passes the filters' conditions, as for {@link #putSegment}).
     */
    public record Loaded(String profileId, ObjectNode traits, ObjectNode computed, Map<String, List<HistoryEvent>> eventsByKey) {
        public Loaded {
            requireNonNull(profileId, "profileId is null");
            requireNonNull(traits, "traits is null");
            requireNonNull(computed, "computed is null");
            requireNonNull(eventsByKey, "eventsByKey is null");
        }
    }

    /**
     * Loads profiles' history into a build: each stops waiting and is checked against the segment (and against every
     * segment the loaded events or traits touch). The caller reads the history and the traits in the same order as
     * the changes of identity it feeds, so each profile is the one its keys belong to now. Events held already are
     * not held twice. Nothing when the build was superseded.
     */
    public synchronized List<MembershipChange> build(SegmentBuild build, List<Loaded> loaded, Instant asked) {
        Instant now = moment(asked);
        if (!isBuilding(build)) {
            return List.of();
        }
        List<MembershipChange> changes = new ArrayList<>();
        for (Loaded profile : loaded) {
            String profileId = profile.profileId();
            ProfileState state = profiles.get(profileId);
            Set<String> affected;
            if (state == null) {
                state = new ProfileState(profile.traits(), profile.computed());
                profiles.put(profileId, state);
                affected = null; // a profile new here: every segment
            } else {
                affected = readingChanged(state, profile.traits(), profile.computed());
                state.traits = profile.traits();
                state.computed = profile.computed();
            }
            ProfileState into = state;
            Set<String> reading = affected;
            profile.eventsByKey().forEach((key, events) -> events.forEach(event -> {
                held.replace(into.events, key, event, rules.properties());
                if (reading != null) {
                    reading.addAll(rules.segmentsReading(event));
                }
            }));
            state.pruneAt = Long.MIN_VALUE; // the check below lets go of what no window reads
            build.loaded(profileId);
            if (affected != null) {
                affected.add(build.segmentId());
            }
            changes.addAll(recheck(profileId, affected, now, "segment built"));
        }
        return changes;
    }

    /** Ends a build: the profiles still waiting (none had history to load) are checked, and the rule alone decides from now on. */
    public synchronized List<MembershipChange> finishBuild(SegmentBuild build, Instant asked) {
        Instant now = moment(asked);
        if (!isBuilding(build)) {
            return List.of();
        }
        builds.end(build.segmentId());
        List<MembershipChange> changes = new ArrayList<>();
        for (String profileId : build.stopWaiting()) {
            if (profiles.containsKey(profileId)) {
                changes.addAll(recheck(profileId, Set.of(build.segmentId()), now, "segment built"));
            }
        }
        return changes;
    }

    /** Whether a build keeps {@code segmentId} unchecked for the profile (for tests). */
    synchronized boolean waiting(String segmentId, String profileId) {
        return builds.waiting(segmentId, profileId);
    }

    /**
     * Checks that {@code rule} could be saved as segment {@code id}, changing nothing: before costly work that
     * would end in {@link #putSegment} or {@link #startBuild} refusing it.
     *
     * @throws IllegalArgumentException as those would
     */
    public synchronized void check(String id, Rule rule, Instant asked) {
        requireEvaluable(id, rule, moment(asked));
        rules.check(id, rule);
    }

    /** A rule that cannot be evaluated is refused before anything changes. */
    private void requireEvaluable(String id, Rule rule, Instant now) {
        requireNonNull(id, "id is null");
        requireNonNull(rule, "rule is null");
        try {
            evaluator.matches(rule, new ProfileState(HeldEvents.EMPTY, HeldEvents.EMPTY).subject("check", List.of()), now);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(String.format("segment '%s' cannot be evaluated: %s", id, e.getMessage()), e);
        }
    }

    /**
     * Adds a static segment, or replaces its members (or the rule of the dynamic segment of that id), and records
     * the enters and exits that causes. Member ids the maintainer does not hold yet are registered as profiles.
     */
    public synchronized List<MembershipChange> putStaticSegment(String id, Set<String> memberIds, Instant asked, String cause) {
        Instant now = moment(asked);
        requireNonNull(id, "id is null");
        requireNonNull(cause, "cause is null");
        Set<String> wanted = Set.copyOf(memberIds);
        List<MembershipChange> changes = new ArrayList<>();
        for (String profileId : wanted) {
            changes.addAll(ensureProfile(profileId, now));
        }
        forgetCandidates(rules.putStatic(id));
        builds.end(id);
        rulesChanged();
        changes.addAll(giveMembers(id, wanted, profileId -> true, now, cause));
        return changes;
    }

    /**
     * Makes the members of segment {@code id} among the profiles {@code given} accepts exactly {@code wanted},
     * publishing each enter and exit, then re-checks the segments reading it for the profiles that changed.
     */
    private List<MembershipChange> giveMembers(String id, Set<String> wanted, java.util.function.Predicate<String> given, Instant now, String cause) {
        Set<String> current = members.of(id);
        List<MembershipChange> changes = new ArrayList<>();
        Set<String> changed = new HashSet<>();
        for (String profileId : List.copyOf(current)) {
            if (given.test(profileId) && !wanted.contains(profileId)) {
                profiles.get(profileId).leave(id);
                changes.add(members.exit(id, profileId, now, cause));
                changed.add(profileId);
            }
        }
        for (String profileId : wanted) {
            if (given.test(profileId) && !current.contains(profileId)) {
                changes.addAll(ensureProfile(profileId, now));
                profiles.get(profileId).join(id);
                changes.add(members.enter(id, profileId, now, cause));
                changed.add(profileId);
            }
        }
        for (String profileId : changed) {
            changes.addAll(recheck(profileId, rules.readers(id), now, "segment " + id + " changed"));
        }
        return changes;
    }

    /** After the rules changed: what was derived from the old ones is dropped. */
    private void rulesChanged() {
        emptyProfile = null;
        for (ProfileState state : profiles.values()) {
            state.pruneAt = Long.MIN_VALUE; // a deleted or narrowed window may have freed events: look at the next check
        }
    }

    /** The segments that read the profile's traits or computed attributes, of those that differ from {@code traits} and {@code computed}. */
    private Set<String> readingChanged(ProfileState state, ObjectNode traits, ObjectNode computed) {
        Set<String> reading = new HashSet<>();
        if (!state.traits.equals(traits)) {
            reading.addAll(rules.traitReaders());
        }
        if (!state.computed.equals(computed)) {
            reading.addAll(rules.computedReaders());
        }
        return reading;
    }

    /** Forgets every profile's time-change moment of the segment that had {@code number} (null: none). */
    private void forgetCandidates(Integer number) {
        if (number != null) {
            profiles.values().forEach(state -> state.candidates.remove(number));
        }
    }

    public synchronized List<MembershipChange> removeSegment(String id, Instant asked) {
        Instant now = moment(asked);
        forgetCandidates(rules.remove(id));
        builds.end(id);
        rulesChanged();
        List<MembershipChange> changes = new ArrayList<>();
        for (String profileId : members.remove(id)) {
            profiles.get(profileId).leave(id);
            changes.add(members.removed(id, profileId, now, "segment deleted"));
        }
        return changes;
    }

    /** An event of the profile, stored under {@code key}. Events no active segment looks at are not kept. */
    public synchronized List<MembershipChange> onEvent(String profileId, String key, HistoryEvent event, Instant asked) {
        Instant now = moment(asked);
        List<MembershipChange> created = ensureProfile(profileId, now);
        ProfileState state = profiles.get(profileId);
        Set<String> affected = rules.segmentsReading(event);
        if (affected.isEmpty()) {
            return created;
        }
        Instant expiry = rules.expiry(event);
        if (expiry != null && !expiry.isAfter(due.cutoff(now))) {
            return created; // already outside every window that reads it: it can change nothing
        }
        if (held.addOnce(state.events, key, event, rules.properties()) && expiry != null) {
            state.pruneAt = Math.min(state.pruneAt, expiry.getEpochSecond());
        }
        List<MembershipChange> changes = new ArrayList<>(created);
        changes.addAll(recheck(profileId, affected, now, "event " + event.messageId(), event));
        return changes;
    }

    /**
     * Registers a profile seen for the first time (no traits yet), checked against every segment: a new profile
     * may belong to "never ordered" at once. Nothing for a known profile.
     */
    public synchronized List<MembershipChange> ensureProfile(String profileId, Instant asked) {
        Instant now = moment(asked);
        if (profiles.containsKey(profileId)) {
            return List.of();
        }
        ProfileState state = new ProfileState(HeldEvents.EMPTY, HeldEvents.EMPTY);
        profiles.put(profileId, state);
        EmptyProfile empty = emptyProfile;
        if (builds.waitingAnywhere(profileId)) { // then the answers of an empty profile do not all apply
            return recheck(profileId, null, now, "profile created"); // the segments it waits for keep what their build gave it
        }
        if (empty == null || now.isBefore(empty.at()) || (empty.until() != null && !now.isBefore(empty.until()))) {
            List<MembershipChange> changes = recheck(profileId, null, now, "profile created");
            List<String> entered = rules.rules().keySet().stream().filter(state.memberships::contains).toList(); // in dependency order, as published
            emptyProfile = new EmptyProfile(now, state.candidates.earliest(), entered, state.candidates.copy());
            return changes;
        }
        // every segment answers a new empty profile as it answered the last one, until time alone may change an answer
        List<MembershipChange> changes = new ArrayList<>(empty.memberships().size());
        for (String id : empty.memberships()) {
            state.join(id);
            changes.add(members.enter(id, profileId, now, "profile created"));
        }
        state.candidates = empty.candidates().copy();
        due.schedule(profileId, state);
        return changes;
    }

    /**
     * The answers of every segment for a profile with no traits, no computed attributes and no events, found at
     * {@code at}: they hold until {@code until} (the first moment time alone may change one; null: never), since
     * between two such moments no answer changes.
     */
    private record EmptyProfile(Instant at, Instant until, List<String> memberships, Candidates candidates) {}

    /** Profiles merged into {@code survivorId}: their events and memberships end there; {@code traits} are the merged traits. */
    public synchronized List<MembershipChange> onMerge(String survivorId, Collection<String> absorbedIds, ObjectNode traits, ObjectNode computed, Instant asked) {
        Instant now = moment(asked);
        ProfileState known = profiles.get(survivorId);
        ProfileState survivor = known != null ? known : new ProfileState(traits, computed);
        profiles.put(survivorId, survivor);
        // what can change for the survivor: the segments reading the absorbed events, and those reading traits or
        // computed attributes when those changed; every segment when the survivor was not held
        Set<String> affected = known == null ? null : readingChanged(known, traits, computed);
        List<MembershipChange> changes = new ArrayList<>();
        for (String absorbedId : absorbedIds) {
            if (absorbedId.equals(survivorId)) {
                continue;
            }
            builds.waitAlso(absorbedId, survivorId);
            ProfileState absorbed = profiles.remove(absorbedId);
            if (absorbed == null) {
                continue;
            }
            for (HistoryEvent event : affected == null ? new HistoryEvent[0] : absorbed.events.events()) {
                affected.addAll(rules.segmentsReading(event));
            }
            survivor.events.addFrom(absorbed.events, null);
            survivor.pruneAt = Math.min(survivor.pruneAt, absorbed.pruneAt);
            for (String segmentId : absorbed.memberships) {
                changes.add(members.exit(segmentId, absorbedId, now, "merged into " + survivorId));
                if (rules.isStatic(segmentId) && survivor.join(segmentId)) {
                    changes.add(members.enter(segmentId, survivorId, now, "merge of " + absorbedId));
                    if (affected != null) {
                        affected.addAll(rules.readers(segmentId));
                    }
                }
            }
            due.unschedule(absorbedId, absorbed);
        }
        survivor.traits = traits;
        survivor.computed = computed;
        changes.addAll(recheck(survivorId, affected, now, "merge of " + String.join(", ", absorbedIds)));
        return changes;
    }

    /** One part of a split profile: its id, the event keys it keeps, and its own traits. */
    public record Part(String profileId, Set<String> keys, ObjectNode traits, ObjectNode computed) {
        public Part {
            requireNonNull(profileId, "profileId is null");
            keys = Set.copyOf(keys);
            requireNonNull(traits, "traits is null");
            requireNonNull(computed, "computed is null");
        }
    }

    /** A profile split into parts (an unmerge); a part may keep the profile's id. */
    public synchronized List<MembershipChange> onSplit(String profileId, List<Part> parts, Instant asked) {
        Instant now = moment(asked);
        ProfileState old = profiles.remove(profileId);
        List<MembershipChange> changes = new ArrayList<>();
        if (old != null) {
            due.unschedule(profileId, old);
        }
        for (Part part : parts) {
            builds.waitAlso(profileId, part.profileId());
            ProfileState stale = part.profileId().equals(profileId) ? null : profiles.remove(part.profileId());
            if (stale != null) { // a part that takes the id of a profile still held: that one is gone
                due.unschedule(part.profileId(), stale);
                for (String segmentId : stale.memberships) {
                    changes.add(members.exit(segmentId, part.profileId(), now, "split of " + profileId));
                }
            }
            ProfileState state = new ProfileState(part.traits(), part.computed());
            if (old != null) {
                state.events.addFrom(old.events, part.keys());
                state.pruneAt = old.pruneAt;
                if (part.profileId().equals(profileId)) {
                    state.memberships = old.memberships;
                }
            }
            profiles.put(part.profileId(), state);
        }
        boolean kept = parts.stream().anyMatch(part -> part.profileId().equals(profileId));
        if (old != null && !kept) {
            for (String segmentId : old.memberships) {
                changes.add(members.exit(segmentId, profileId, now, "split"));
            }
        }
        for (Part part : parts) {
            changes.addAll(recheck(part.profileId(), null, now, "split of " + profileId));
        }
        return changes;
    }

    /** Applies every change time alone makes up to {@code now}, each at the moment it happens. */
    public synchronized List<MembershipChange> advanceTo(Instant asked) {
        Instant now = moment(asked);
        List<MembershipChange> changes = new ArrayList<>();
        Map.Entry<Instant, Set<String>> first;
        while ((first = due.pollDue(now)) != null) {
            for (String profileId : first.getValue()) {
                ProfileState state = profiles.get(profileId);
                if (state != null && first.getKey().equals(state.nextCheck)) {
                    state.nextCheck = null;
                    Set<String> dueSegments = new HashSet<>();
                    state.candidates.forEachDue(first.getKey(), number -> dueSegments.add(rules.segmentOf(number)));
                    changes.addAll(recheck(profileId, dueSegments, first.getKey(), "time"));
                }
            }
        }
        return changes;
    }

    /** When time alone may next change a membership; null when nothing waits. */
    public synchronized Instant nextDue() {
        return due.next();
    }

    /** Re-checks the profile against {@code segmentIds} (null: every segment) and the segments reading those that change. */
    private List<MembershipChange> recheck(String profileId, Collection<String> segmentIds, Instant now, String cause) {
        return recheck(profileId, segmentIds, now, cause, null);
    }

    /**
     * @param added the one event added since {@code segmentIds} were last checked, or null: with an event, each
     *     of those segments' next time-change moment becomes the earlier of the one it had and the moments the new
     *     event adds (it leaves a sliding window), not recomputed over every event. That moment may then be early
     *     (an event the new one replaced as the last occurrence), never late: a check at an early moment finds no
     *     change and computes the exact next one.
     */
    private List<MembershipChange> recheck(String profileId, Collection<String> segmentIds, Instant now, String cause, HistoryEvent added) {
        ProfileState state = profiles.get(profileId);
        Collection<String> toCheck = segmentIds; // copied only when readers must be added
        boolean copied = false;
        List<MembershipChange> changes = new ArrayList<>();
        EventIndex events = null; // the held events as rules see them, made once, each filter's matched once
        Subject subject = null; // made once, and again after a membership change (rules may read memberships)
        for (Map.Entry<String, Rule> segment : rules.rules().entrySet()) {
            String id = segment.getKey();
            if (toCheck != null && !toCheck.contains(id)) {
                continue;
            }
            if (builds.waiting(id, profileId)) { // its build will check it; a moment it had (merged, split) is dropped till then
                state.candidates.remove(rules.number(id));
                continue;
            }
            if (subject == null) {
                if (events == null) {
                    events = new EventIndex(heldEvents(state, now), zone);
                }
                subject = state.subject(profileId, events.events());
            }
            int number = rules.number(id);
            if (added == null) {
                Instant candidate = TimeChanges.nextCandidate(segment.getValue(), subject, now, zone, events);
                if (candidate == null) {
                    state.candidates.remove(number);
                } else {
                    state.candidates.put(number, candidate);
                }
            } else if (segmentIds.contains(id)) {
                Instant candidate = rules.leaving(id, added, now);
                Instant before = state.candidates.get(number);
                if (candidate != null && (before == null || candidate.isBefore(before))) {
                    state.candidates.put(number, candidate);
                }
            } // else a segment reading one that changed: its events did not change, nor its next moment
            boolean was = state.memberships.contains(id);
            boolean is = evaluator.matches(segment.getValue(), subject, now, events);
            if (was != is) {
                if (is) {
                    state.join(id);
                    changes.add(members.enter(id, profileId, now, cause));
                } else {
                    state.leave(id);
                    changes.add(members.exit(id, profileId, now, cause));
                }
                subject = null;
                Set<String> readers = rules.readers(id);
                if (toCheck != null && !readers.isEmpty()) {
                    if (!copied) {
                        toCheck = new HashSet<>(toCheck);
                        copied = true;
                    }
                    toCheck.addAll(readers);
                }
            }
        }
        due.schedule(profileId, state);
        return changes;
    }

    /** The profile's held events as rules see them, after letting go of those no window can read from {@link TimeQueue#cutoff} on. */
    private List<HistoryEvent> heldEvents(ProfileState state, Instant now) {
        return state.heldEvents(due.cutoff(now), rules::expiry);
    }

    /** How many membership changes were published so far; equal values mean no membership changed. */
    public synchronized long changeCount() {
        return members.changeCount();
    }
}
