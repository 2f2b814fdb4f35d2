package io.tekil.core.segment.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Channel;
import io.tekil.core.event.MessageType;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleEvaluator;
import io.tekil.core.segment.RuleParser;
import io.tekil.core.segment.RuleParts;
import io.tekil.core.segment.RulePrinter;
import io.tekil.core.segment.Subject;
import io.tekil.core.segment.TestingRules;
import io.tekil.core.segment.Windows;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestSegmentMaintainer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static final Instant START = ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, ISTANBUL).toInstant();

    @Test
    void cartAbandonmentEntersOnTheEventAndLeavesOnTimeOrOnPurchase() {
        SegmentMaintainer maintainer = new SegmentMaintainer(ISTANBUL);
        List<MembershipChange> published = new ArrayList<>();
        maintainer.subscribe(published::add);
        maintainer.putProfile("p-1", MAPPER.createObjectNode(), MAPPER.createObjectNode(), START);
        maintainer.putProfile("p-2", MAPPER.createObjectNode(), MAPPER.createObjectNode(), START);
        maintainer.putSegment("cart", RuleParser.parse("did \"Product Added\" in last 2 hours and not did \"Order Completed\" after last \"Product Added\""),
                Map.of(), START);

        Instant added = START.plusSeconds(60);
        assertThat(maintainer.onEvent("p-1", "user:1", track("m-1", "Product Added", added), added))
                .containsExactly(new MembershipChange("cart", "p-1", MembershipChange.Kind.ENTER, added, "event m-1"));
        assertThat(maintainer.onEvent("p-2", "user:2", track("m-2", "Product Added", added), added)).hasSize(1);
        assertThat(maintainer.onEvent("p-2", "user:2", track("m-3", "Page Scrolled", added), added)).as("no segment looks at it").isEmpty();
        Instant bought = added.plusSeconds(1800);
        assertThat(maintainer.onEvent("p-2", "user:2", track("m-4", "Order Completed", bought), bought))
                .containsExactly(new MembershipChange("cart", "p-2", MembershipChange.Kind.EXIT, bought, "event m-4"));
        assertThat(maintainer.members("cart")).containsExactly("p-1");

        // time alone: p-1 leaves exactly two hours after adding, even when time is advanced late
        Instant expiry = added.plus(Duration.ofHours(2)).plusNanos(1);
        assertThat(maintainer.nextDue()).isEqualTo(expiry);
        assertThat(maintainer.advanceTo(expiry.plusSeconds(3600)))
                .containsExactly(new MembershipChange("cart", "p-1", MembershipChange.Kind.EXIT, expiry, "time"));
        assertThat(maintainer.members("cart")).isEmpty();
        assertThat(published).hasSize(4);
    }

    /**
     * Memory follows the windows: an event is let go once every window reading it has passed it for good, and is
     * kept while a window without an end (a first occurrence, "ever") reads it.
     */
    @Test
    void eventsAreLetGoOnceEveryWindowReadingThemHasPassed() {
        SegmentMaintainer maintainer = new SegmentMaintainer(ISTANBUL);
        maintainer.putSegment("viewed", RuleParser.parse("did \"Product Viewed\" in last 2 hours"), Map.of(), START);
        maintainer.putSegment("viewed-today", RuleParser.parse("count \"Product Viewed\" today >= 2"), Map.of(), START);
        maintainer.putSegment("new", RuleParser.parse("first \"Order Completed\" in last 30 days"), Map.of(), START);
        Instant at = START.plusSeconds(60);
        maintainer.onEvent("p-1", "user:1", track("m-1", "Product Viewed", at), at);
        maintainer.onEvent("p-1", "user:1", track("m-2", "Product Viewed", at.plusSeconds(1)), at.plusSeconds(1));
        maintainer.onEvent("p-1", "user:1", track("m-3", "Order Completed", at.plusSeconds(2)), at.plusSeconds(2));
        assertThat(maintainer.heldEventCount()).isEqualTo(3);
        assertThat(maintainer.segmentsOf("p-1")).containsExactlyInAnyOrder("viewed", "viewed-today", "new");

        // p-2's first view leaves the 2-hour window; the second, 30 minutes later, is still held and keeps p-2 in
        Instant first = at.plusSeconds(3);
        maintainer.onEvent("p-2", "user:2", track("m-6", "Product Viewed", first), first);
        maintainer.onEvent("p-2", "user:2", track("m-7", "Product Viewed", first.plus(Duration.ofMinutes(30))), first.plus(Duration.ofMinutes(30)));
        maintainer.advanceTo(first.plus(Duration.ofHours(2)).plusSeconds(1));
        assertThat(maintainer.heldEvents("p-2")).as("the second view is still in the window").hasSize(2);
        assertThat(maintainer.segmentsOf("p-2")).contains("viewed");
        assertThat(maintainer.advanceTo(first.plus(Duration.ofMinutes(150)).plusSeconds(1))).extracting(MembershipChange::at)
                .containsExactly(first.plus(Duration.ofMinutes(150)).plusNanos(1));

        // after 2 hours the views still count for "today" (10:01 in Istanbul, the day ends at midnight)
        maintainer.advanceTo(at.plus(Duration.ofHours(3)));
        assertThat(maintainer.heldEvents("p-1")).hasSize(3);
        assertThat(maintainer.segmentsOf("p-1")).containsExactlyInAnyOrder("viewed-today", "new");
        // at midnight both views have left every window; the order stays: "first order" reads it however old
        Instant midnight = ZonedDateTime.of(2026, 3, 16, 0, 0, 0, 0, ISTANBUL).toInstant();
        assertThat(maintainer.advanceTo(midnight)).extracting(MembershipChange::segmentId).containsExactly("viewed-today", "viewed-today");
        assertThat(maintainer.heldEventCount()).isEqualTo(1);
        // an event already outside every window that reads it is not held, and changes nothing
        Instant later = midnight.plus(Duration.ofDays(1));
        assertThat(maintainer.onEvent("p-1", "user:1", track("m-4", "Product Viewed", midnight.minusSeconds(5)), later)).isEmpty();
        assertThat(maintainer.heldEventCount()).isEqualTo(1);
        // one still inside for a minute is held, and counts
        assertThat(maintainer.onEvent("p-3", "user:3", track("m-8", "Product Viewed", later.minus(Duration.ofMinutes(119))), later))
                .extracting(MembershipChange::segmentId).containsExactly("viewed");
        assertThat(maintainer.advanceTo(later.plus(Duration.ofMinutes(1)).plusNanos(1))).extracting(MembershipChange::segmentId).containsExactly("viewed");
        assertThat(maintainer.heldEventCount()).isEqualTo(1);
        // the order leaves "new" after its 30 days but is still held: a later order must not look like the first
        maintainer.advanceTo(later.plus(Duration.ofDays(40)));
        assertThat(maintainer.segmentsOf("p-1")).isEmpty();
        assertThat(maintainer.heldEventCount()).isEqualTo(1);
        Instant again = later.plus(Duration.ofDays(41));
        assertThat(maintainer.onEvent("p-1", "user:1", track("m-5", "Order Completed", again), again)).isEmpty();
    }

    /** A call with an earlier moment than one already worked at (two threads reading the clock) works at the later one. */
    @Test
    void timeNeverMovesBackwards() {
        SegmentMaintainer maintainer = new SegmentMaintainer(ISTANBUL);
        maintainer.putSegment("quiet", RuleParser.parse("city = \"İzmir\" and not did \"Product Viewed\" in last 2 hours"), Map.of(), START);
        maintainer.putProfile("p-1", MAPPER.createObjectNode().put("city", "Ankara"), MAPPER.createObjectNode(), START);
        maintainer.onEvent("p-1", "user:1", track("m-1", "Product Viewed", START), START);
        Instant later = START.plus(Duration.ofHours(3));
        maintainer.advanceTo(later);
        assertThat(maintainer.heldEventCount()).as("the view has left the window and is let go").isZero();
        // at START + 1 h the view was still in the window: the change is made at the latest moment worked at
        assertThat(maintainer.putProfile("p-1", MAPPER.createObjectNode().put("city", "İzmir"), MAPPER.createObjectNode(), START.plus(Duration.ofHours(1))))
                .containsExactly(new MembershipChange("quiet", "p-1", MembershipChange.Kind.ENTER, later, "traits changed"));
    }

    @Test
    void staticSegmentsKeepTheirMembersThroughMergesAndSplitsAndRulesReadThem() {
        SegmentMaintainer maintainer = new SegmentMaintainer(ISTANBUL);
        List<MembershipChange> published = new ArrayList<>();
        maintainer.subscribe(published::add);
        for (String id : List.of("p-1", "p-2", "p-3")) {
            maintainer.putProfile(id, MAPPER.createObjectNode(), MAPPER.createObjectNode(), START);
        }
        assertThat(maintainer.putStaticSegment("vip-list", Set.of("p-1", "p-2", "p-new"), START, "uploaded list")).extracting(MembershipChange::profileId)
                .containsExactlyInAnyOrder("p-1", "p-2", "p-new");
        maintainer.putSegment("vip-buyers", RuleParser.parse("in segment \"vip-list\" and did \"Order Completed\""), Map.of(), START);
        assertThat(maintainer.onEvent("p-3", "user:3", track("m-1", "Order Completed", START), START)).isEmpty();
        assertThat(maintainer.onEvent("p-1", "user:1", track("m-2", "Order Completed", START), START))
                .containsExactly(new MembershipChange("vip-buyers", "p-1", MembershipChange.Kind.ENTER, START, "event m-2"));

        // p-3 merges into p-2: the survivor stays a member and now has the order; p-1 merging into p-3 would pass it on
        Instant merged = START.plusSeconds(60);
        assertThat(maintainer.onMerge("p-2", List.of("p-3"), MAPPER.createObjectNode(), MAPPER.createObjectNode(), merged))
                .containsExactly(new MembershipChange("vip-buyers", "p-2", MembershipChange.Kind.ENTER, merged, "merge of p-3"));
        maintainer.putProfile("p-4", MAPPER.createObjectNode(), MAPPER.createObjectNode(), START);
        assertThat(maintainer.onMerge("p-4", List.of("p-new"), MAPPER.createObjectNode(), MAPPER.createObjectNode(), merged))
                .containsExactly(new MembershipChange("vip-list", "p-new", MembershipChange.Kind.EXIT, merged, "merged into p-4"),
                        new MembershipChange("vip-list", "p-4", MembershipChange.Kind.ENTER, merged, "merge of p-new"));
        assertThat(maintainer.members("vip-list")).containsExactlyInAnyOrder("p-1", "p-2", "p-4");

        // p-2 splits: the part keeping the id keeps the membership, the other part is not in the list
        Instant split = merged.plusSeconds(60);
        assertThat(maintainer.onSplit("p-2", List.of(new SegmentMaintainer.Part("p-2", Set.of("user:2"), MAPPER.createObjectNode(), MAPPER.createObjectNode()),
                new SegmentMaintainer.Part("p-3", Set.of("user:3"), MAPPER.createObjectNode(), MAPPER.createObjectNode())), split))
                .containsExactly(new MembershipChange("vip-buyers", "p-2", MembershipChange.Kind.EXIT, split, "split of p-2"));
        assertThat(maintainer.members("vip-list")).containsExactlyInAnyOrder("p-1", "p-2", "p-4");

        // a new list replaces the members; the segment reading it follows
        assertThat(maintainer.putStaticSegment("vip-list", Set.of("p-3"), split, "uploaded list")).containsExactlyInAnyOrder(
                new MembershipChange("vip-list", "p-1", MembershipChange.Kind.EXIT, split, "uploaded list"),
                new MembershipChange("vip-list", "p-2", MembershipChange.Kind.EXIT, split, "uploaded list"),
                new MembershipChange("vip-list", "p-4", MembershipChange.Kind.EXIT, split, "uploaded list"),
                new MembershipChange("vip-list", "p-3", MembershipChange.Kind.ENTER, split, "uploaded list"),
                new MembershipChange("vip-buyers", "p-1", MembershipChange.Kind.EXIT, split, "segment vip-list changed"),
                new MembershipChange("vip-buyers", "p-3", MembershipChange.Kind.ENTER, split, "segment vip-list changed"));
        assertThatThrownBy(() -> maintainer.removeSegment("vip-list", split)).hasMessageContaining("is read by another segment");

        // a static segment can become dynamic again, and the other way round
        assertThat(maintainer.putSegment("vip-list", RuleParser.parse("did \"Order Completed\""), Map.of(), split))
                .extracting(change -> change.segmentId() + " " + change.profileId()).containsExactly("vip-list p-1", "vip-buyers p-1");
        assertThat(maintainer.members("vip-list")).containsExactlyInAnyOrder("p-1", "p-3");
        maintainer.removeSegment("vip-buyers", split);
        assertThat(maintainer.putStaticSegment("vip-list", Set.of(), split, "snapshot")).hasSize(2);
        assertThat(maintainer.onEvent("p-4", "user:4", track("m-3", "Order Completed", split), split)).as("a static segment has no rule").isEmpty();
        assertThat(published).isNotEmpty();
    }

    @Test
    void segmentsThatReadEachOtherFollowAndCyclesAreRefused() {
        SegmentMaintainer maintainer = new SegmentMaintainer(ISTANBUL);
        maintainer.putProfile("p-1", traits("city", "İzmir"), MAPPER.createObjectNode(), START);
        maintainer.putSegment("izmir", RuleParser.parse("city = \"izmir\""), Map.of(), START);
        maintainer.putSegment("izmir-buyers", RuleParser.parse("in segment \"izmir\" and did \"Order Completed\""), Map.of(), START);
        assertThat(maintainer.onEvent("p-1", "user:1", track("m-1", "Order Completed", START), START)).extracting(MembershipChange::segmentId)
                .containsExactly("izmir-buyers");
        assertThat(maintainer.putProfile("p-1", traits("city", "Ankara"), MAPPER.createObjectNode(), START)).extracting(MembershipChange::segmentId)
                .containsExactly("izmir", "izmir-buyers");
        assertThatThrownBy(() -> maintainer.putSegment("izmir", RuleParser.parse("in segment \"izmir-buyers\""), Map.of(), START))
                .hasMessage("segment 'izmir' reads itself through 'in segment'; a segment cannot depend on itself");
        assertThatThrownBy(() -> maintainer.putSegment("x", RuleParser.parse("in segment \"nope\""), Map.of(), START))
                .hasMessage("segment 'x' reads segment 'nope', which does not exist");
        assertThatThrownBy(() -> maintainer.removeSegment("izmir", START)).hasMessageContaining("is read by another segment");
    }

    @Test
    void aNewProfileIsCheckedAgainstEverySegment() {
        SegmentMaintainer maintainer = new SegmentMaintainer(ISTANBUL);
        maintainer.putSegment("never-ordered", RuleParser.parse("not did \"Order Completed\""), Map.of(), START);
        maintainer.putSegment("viewers", RuleParser.parse("did page"), Map.of(), START);
        HistoryEvent page = new HistoryEvent("m-1", MessageType.PAGE, "Home", Channel.WEB, "web", START, MAPPER.createObjectNode());
        assertThat(maintainer.onEvent("p-new", "anon:1", page, START)).extracting(MembershipChange::segmentId)
                .containsExactlyInAnyOrder("never-ordered", "viewers");
        assertThat(maintainer.ensureProfile("p-other", START)).extracting(MembershipChange::segmentId).containsExactly("never-ordered");
        assertThat(maintainer.ensureProfile("p-other", START)).isEmpty();
        maintainer.onMerge("p-new", List.of("p-new", "p-other"), MAPPER.createObjectNode(), MAPPER.createObjectNode(), START);
        assertThat(maintainer.members("never-ordered")).containsExactly("p-new");
    }

    @Test
    void profilesThatNoLongerExistLeaveTheirSegments() {
        SegmentMaintainer maintainer = new SegmentMaintainer(ISTANBUL);
        maintainer.putProfile("p-1", traits("city", "İzmir"), MAPPER.createObjectNode(), START);
        maintainer.putProfile("p-2", traits("city", "İzmir"), MAPPER.createObjectNode(), START);
        maintainer.putSegment("izmir", RuleParser.parse("city = \"izmir\""), Map.of(), START);
        assertThat(maintainer.readsTraits()).isTrue();
        assertThat(maintainer.retainProfiles(Set.of("p-1"), START))
                .containsExactly(new MembershipChange("izmir", "p-2", MembershipChange.Kind.EXIT, START, "profile no longer exists"));
        assertThat(maintainer.members("izmir")).containsExactly("p-1");
        assertThat(maintainer.profileCount()).isEqualTo(1);
        assertThat(maintainer.mayMatch(MessageType.TRACK, "Order Completed")).isFalse();
    }

    /**
     * Random segments, random events on random keys, trait changes, merges, splits and time moving in random
     * steps: after every step every membership equals the evaluator's answer from scratch over the whole history,
     * the published changes replay to the memberships, and every change by time is recorded at the first moment
     * the answer differs.
     */
    @Test
    void membershipsAlwaysEqualEvaluationFromScratch() {
        int timeChanges = 0;
        int peakMemberships = 0;
        for (long seed = 1; seed <= 4; seed++) {
            int[] counts = run(seed, false);
            timeChanges += counts[0];
            peakMemberships += counts[1];
        }
        assertThat(timeChanges).as("changes made by time alone").isGreaterThan(20);
        assertThat(peakMemberships).as("most memberships at once, summed over the runs").isGreaterThan(20);
    }

    /**
     * Segments started from the bulk engine's members (sometimes wrong, as if time had passed since it chose) and
     * built while events, trait changes, merges, splits and time go on: every profile whose history is loaded
     * follows the rule exactly, no event is held twice, and once the build ends every membership is right.
     */
    @Test
    void builtSegmentsTakeOverWithNoGapAndNoDoubleCount() {
        int built = 0;
        for (long seed = 11; seed <= 16; seed++) {
            built += run(seed, true)[2];
        }
        assertThat(built).as("builds finished").isGreaterThan(6);
    }

    /** @return the changes made by time alone, the most memberships at once, and the builds finished */
    private int[] run(long seed, boolean withBuilds) {
        SplittableRandom random = new SplittableRandom(seed);
        TestingRules rules = new TestingRules(seed * 31);
        RuleEvaluator evaluator = new RuleEvaluator(ISTANBUL);
        SegmentMaintainer maintainer = new SegmentMaintainer(ISTANBUL);
        Map<String, Set<String>> replayed = new HashMap<>();
        maintainer.subscribe(change -> {
            Set<String> members = replayed.computeIfAbsent(change.segmentId(), unused -> new HashSet<>());
            boolean applied = change.kind() == MembershipChange.Kind.ENTER ? members.add(change.profileId()) : members.remove(change.profileId());
            assertThat(applied).as("a change that changes nothing: %s", change).isTrue();
        });

        // the truth: which keys each profile has, every event of every key, traits
        Map<String, Set<String>> keysOf = new HashMap<>();
        Map<String, List<HistoryEvent>> eventsOf = new HashMap<>();
        Map<String, ObjectNode> traitsOf = new HashMap<>();
        Instant now = START;
        for (int p = 0; p < 12; p++) {
            String id = "p" + p;
            keysOf.put(id, new HashSet<>(Set.of("k" + p)));
            traitsOf.put(id, randomTraits(random));
            maintainer.putProfile(id, traitsOf.get(id), MAPPER.createObjectNode(), now);
        }
        Map<String, Rule> segments = new LinkedHashMap<>();
        int nextKey = 12;
        int nextMessage = 0;
        int timeChanges = 0;
        int enters = 0;
        int buildsFinished = 0;
        Map<String, String> mergedInto = new HashMap<>();
        // the build in progress: its segment, the profile ids the bulk engine knew not yet loaded, the stored events not yet read
        SegmentBuild build = null;
        List<String> toLoad = null;
        Map<String, List<HistoryEvent>> unread = new HashMap<>();
        boolean read = false;
        for (int step = 0; step < 400; step++) {
            // steps of up to 20 days, most much shorter, half within 3 hours (several events inside one 2-hour window)
            now = now.plus(Duration.ofMinutes(random.nextBoolean() ? random.nextInt(180) : (long) (Math.pow(random.nextDouble(), 3) * 60 * 24 * 20)));
            List<MembershipChange> byTime = maintainer.advanceTo(now);
            timeChanges += byTime.size();
            for (MembershipChange change : byTime) {
                String profileId = change.profileId();
                if (keysOf.containsKey(profileId)) {
                    // recorded at the first moment the answer differs: the new answer is right then, and the old one held a nanosecond before
                    Subject subject = subject(profileId, keysOf, eventsOf, traitsOf);
                    boolean entered = change.kind() == MembershipChange.Kind.ENTER;
                    assertThat(truth(evaluator, segments, subject, change.at()).get(change.segmentId())).as("seed %d: %s", seed, change).isEqualTo(entered);
                    assertThat(truth(evaluator, segments, subject, change.at().minusNanos(1)).get(change.segmentId())).as("seed %d: %s", seed, change).isEqualTo(!entered);
                }
            }
            int action = random.nextInt(21);
            List<String> ids = new ArrayList<>(keysOf.keySet());
            ids.sort(null);
            String profileId = ids.get(random.nextInt(ids.size()));
            if (build != null && random.nextInt(3) == 0) { // the loader's next profiles, each under its key's current owner
                if (!read) { // read after the start: events fed since are read too
                    read = true;
                    eventsOf.forEach((key, events) -> unread.put(key, List.copyOf(events)));
                }
                List<SegmentMaintainer.Loaded> loaded = new ArrayList<>();
                if (!toLoad.isEmpty()) {
                    Set<String> current = new HashSet<>();
                    for (String id : toLoad.subList(0, Math.min(3, toLoad.size()))) {
                        String live = id;
                        while (mergedInto.containsKey(live)) {
                            live = mergedInto.get(live);
                        }
                        current.add(live);
                    }
                    toLoad.subList(0, Math.min(3, toLoad.size())).clear();
                    for (String id : current) {
                        Map<String, List<HistoryEvent>> byKey = new HashMap<>();
                        keysOf.get(id).forEach(key -> byKey.put(key, unread.getOrDefault(key, List.of())));
                        keysOf.get(id).forEach(unread::remove);
                        loaded.add(new SegmentMaintainer.Loaded(id, traitsOf.get(id), MAPPER.createObjectNode(), byKey));
                    }
                    maintainer.build(build, loaded, now);
                    if (random.nextInt(4) == 0) {
                        maintainer.build(build, loaded, now); // a part loaded again (a build that starts over): nothing held twice
                    }
                } else { // what is left: the keys of profiles split off meanwhile
                    for (String id : keysOf.keySet()) {
                        Map<String, List<HistoryEvent>> byKey = new HashMap<>();
                        keysOf.get(id).stream().filter(unread::containsKey).forEach(key -> byKey.put(key, unread.get(key)));
                        if (!byKey.isEmpty()) {
                            loaded.add(new SegmentMaintainer.Loaded(id, traitsOf.get(id), MAPPER.createObjectNode(), byKey));
                        }
                    }
                    maintainer.build(build, loaded, now);
                    maintainer.finishBuild(build, now);
                    assertThat(maintainer.isBuilding(build)).isFalse();
                    build = null;
                    toLoad = null;
                    unread.clear();
                    read = false;
                    buildsFinished++;
                }
            } else if (action < 2 && build != null && random.nextBoolean()) { // the segment being built is saved again with another rule
                String id = build.segmentId();
                List<String> before = new ArrayList<>(segments.keySet()).subList(0, new ArrayList<>(segments.keySet()).indexOf(id));
                Rule rule = nextRule(random, rules);
                while (!before.containsAll(RuleParts.segments(rule))) {
                    rule = nextRule(random, rules);
                }
                segments.put(id, rule);
                Set<String> selected = new HashSet<>();
                for (String profile : keysOf.keySet()) {
                    if (truth(evaluator, segments, subject(profile, keysOf, eventsOf, traitsOf), now).get(id) != (random.nextInt(8) == 0)) {
                        selected.add(profile);
                    }
                }
                SegmentBuild superseded = build;
                toLoad = new ArrayList<>(keysOf.keySet());
                toLoad.sort(null);
                unread.clear();
                read = false;
                build = maintainer.startBuild(id, rule, Set.copyOf(toLoad), selected, now, "segment saved").build();
                assertThat(maintainer.isBuilding(superseded)).isFalse();
                continue;
            } else if (action < 2 && segments.size() < 6 && build == null) {
                String id = "s" + segments.size();
                Rule rule = nextRule(random, rules);
                while (!segments.keySet().containsAll(RuleParts.segments(rule))) {
                    rule = nextRule(random, rules);
                }
                segments.put(id, rule);
                if (withBuilds && random.nextInt(4) != 0) {
                    Set<String> selected = new HashSet<>();
                    for (String profile : keysOf.keySet()) { // what the bulk engine selects, now and then wrong
                        boolean in = truth(evaluator, segments, subject(profile, keysOf, eventsOf, traitsOf), now).get(id);
                        if (in != (random.nextInt(8) == 0)) {
                            selected.add(profile);
                        }
                    }
                    toLoad = new ArrayList<>(keysOf.keySet());
                    toLoad.sort(null);
                    build = maintainer.startBuild(id, rule, Set.copyOf(toLoad), selected, now, "segment saved").build();
                    continue; // no check while the first members may be wrong
                }
                Map<String, Map<String, List<HistoryEvent>>> history = new HashMap<>();
                for (String profile : keysOf.keySet()) {
                    Map<String, List<HistoryEvent>> byKey = new HashMap<>();
                    for (String key : keysOf.get(profile)) {
                        byKey.put(key, eventsOf.getOrDefault(key, List.of()));
                    }
                    history.put(profile, byKey);
                }
                maintainer.putSegment(id, rule, history, now);
            } else if (action < 13) {
                List<String> keys = new ArrayList<>(keysOf.get(profileId));
                keys.sort(null);
                String key = keys.get(random.nextInt(keys.size()));
                int when = random.nextInt(6);
                Instant at = switch (when) { // now, earlier, or seconds from leaving a 2-hour window (many leave close together)
                    case 0, 1 -> now.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 40)));
                    case 2 -> now.minus(Duration.ofHours(2)).plusSeconds(random.nextInt(180));
                    default -> now;
                };
                HistoryEvent event = randomEvent(random, "m" + nextMessage++, at);
                eventsOf.computeIfAbsent(key, unused -> new ArrayList<>()).add(event);
                maintainer.onEvent(profileId, key, event, now);
            } else if (action < 15) {
                traitsOf.put(profileId, randomTraits(random));
                maintainer.putProfile(profileId, traitsOf.get(profileId), MAPPER.createObjectNode(), now);
            } else if (action < 17 && ids.size() > 2) {
                String other = ids.get(random.nextInt(ids.size()));
                if (!other.equals(profileId)) {
                    String survivor = profileId.compareTo(other) < 0 ? profileId : other;
                    String absorbed = survivor.equals(profileId) ? other : profileId;
                    keysOf.get(survivor).addAll(keysOf.remove(absorbed));
                    mergedInto.put(absorbed, survivor);
                    traitsOf.remove(absorbed);
                    if (random.nextBoolean()) { // the absorbed profile's traits changed the merged ones
                        traitsOf.put(survivor, randomTraits(random));
                    }
                    maintainer.onMerge(survivor, List.of(absorbed), traitsOf.get(survivor), MAPPER.createObjectNode(), now);
                }
            } else if (action < 19 && keysOf.get(profileId).size() > 1) {
                List<String> keys = new ArrayList<>(keysOf.get(profileId));
                keys.sort(null);
                Set<String> leaving = new HashSet<>(keys.subList(0, 1 + random.nextInt(keys.size() - 1)));
                Set<String> staying = new HashSet<>(keys);
                staying.removeAll(leaving);
                String newId = "p" + nextKey++;
                keysOf.put(profileId, staying);
                keysOf.put(newId, leaving);
                traitsOf.put(newId, randomTraits(random));
                maintainer.onSplit(profileId, List.of(new SegmentMaintainer.Part(profileId, staying, traitsOf.get(profileId), MAPPER.createObjectNode()),
                        new SegmentMaintainer.Part(newId, leaving, traitsOf.get(newId), MAPPER.createObjectNode())), now);
            }
            if (action == 20) { // a new visitor: a profile seen first through its first event, no traits yet
                String newId = "p" + nextKey++;
                String key = "k" + newId;
                keysOf.put(newId, new HashSet<>(Set.of(key)));
                traitsOf.put(newId, MAPPER.createObjectNode());
                HistoryEvent event = randomEvent(random, "m" + nextMessage++, now);
                eventsOf.computeIfAbsent(key, unused -> new ArrayList<>()).add(event);
                maintainer.onEvent(newId, key, event, now);
            }
            // the check: memberships equal evaluation from scratch, and the published changes replay to them
            for (String profile : keysOf.keySet()) {
                Subject whole = subject(profile, keysOf, eventsOf, traitsOf);
                boolean waiting = build != null && maintainer.waiting(build.segmentId(), profile); // its history not loaded yet
                assertThat(held(waiting ? stillRead(segments, whole.events(), now) : maintainer.heldEvents(profile)))
                        .as("seed %d step %d: %s holds every event a window can still read", seed, step, profile)
                        .containsAll(held(stillRead(segments, whole.events(), now)));
                Map<String, Boolean> expected = truth(evaluator, segments, whole, now);
                for (String segment : segments.keySet()) {
                    if (waiting && build.segmentId().equals(segment)) {
                        continue; // it keeps its first membership until its history is loaded (the built segment is the last: none reads it)
                    }
                    assertThat(maintainer.members(segment).contains(profile))
                            .as("seed %d step %d: %s in %s (%s)", seed, step, profile, segment, RulePrinter.print(segments.get(segment)))
                            .isEqualTo(expected.get(segment));
                }
            }
            for (String segment : segments.keySet()) {
                assertThat(replayed.getOrDefault(segment, Set.of())).isEqualTo(maintainer.members(segment));
            }
            enters = Math.max(enters, replayed.values().stream().mapToInt(Set::size).sum());
        }
        return new int[] {timeChanges, enters, buildsFinished};
    }

    /** Mostly the audiences Tekil is built for and short windows (which time moves through), else a random rule. */
    private static Rule nextRule(SplittableRandom random, TestingRules rules) {
        return switch (random.nextInt(4)) {
            case 0 -> rules.rule(2);
            case 1 -> RuleParser.parse(SHORT_WINDOWS.get(random.nextInt(SHORT_WINDOWS.size())));
            default -> RuleParser.parse(TestingRules.AUDIENCES.get(random.nextInt(TestingRules.AUDIENCES.size())));
        };
    }

    /** Windows of minutes and hours, which events leave at any moment (day windows let go only at midnights). */
    private static final List<String> SHORT_WINDOWS = List.of("count \"Product Viewed\" in last 2 hours >= 2", "did \"Product Viewed\" in last 90 minutes",
            "did \"Order Completed\" in last 3 hours and not did \"Product Added\" in last 1 hours", "count \"Product Added\" in last 150 minutes between 1 and 2");

    /** Membership of every segment, in order, each seeing the memberships before it. */
    private static Map<String, Boolean> truth(RuleEvaluator evaluator, Map<String, Rule> segments, Subject subject, Instant at) {
        Map<String, Boolean> result = new HashMap<>();
        Set<String> in = new HashSet<>();
        for (Map.Entry<String, Rule> segment : segments.entrySet()) {
            Subject seen = new Subject(subject.profileId(), subject.traits(), subject.computed(), in, subject.events());
            boolean member = evaluator.matches(segment.getValue(), seen, at);
            result.put(segment.getKey(), member);
            if (member) {
                in.add(segment.getKey());
            }
        }
        return result;
    }

    /** The events some segment's window may read at {@code now} or later (matching a filter, not past its {@link Windows#expiry}). */
    private static List<HistoryEvent> stillRead(Map<String, Rule> segments, List<HistoryEvent> events, Instant now) {
        return events.stream().filter(event -> segments.values().stream().flatMap(rule -> RuleParts.windowedFilters(rule).stream())
                .anyMatch(read -> read.filter().matches(event, ISTANBUL) && isAfterOrNull(Windows.expiry(read.window(), event.timestamp(), ISTANBUL), now))).toList();
    }

    private static boolean isAfterOrNull(Instant expiry, Instant now) {
        return expiry == null || expiry.isAfter(now);
    }

    /** Events as the maintainer holds them: no message id, and only the properties rules read. */
    private static List<String> held(List<HistoryEvent> events) {
        return events.stream().map(event -> event.type() + " " + event.name() + " " + event.timestamp()).toList();
    }

    private static Subject subject(String profileId, Map<String, Set<String>> keysOf, Map<String, List<HistoryEvent>> eventsOf, Map<String, ObjectNode> traitsOf) {
        List<HistoryEvent> events = new ArrayList<>();
        keysOf.get(profileId).forEach(key -> events.addAll(eventsOf.getOrDefault(key, List.of())));
        return new Subject(profileId, traitsOf.get(profileId), MAPPER.createObjectNode(), Set.of(), events);
    }

    private static ObjectNode randomTraits(SplittableRandom random) {
        ObjectNode traits = MAPPER.createObjectNode();
        if (random.nextBoolean()) {
            traits.put("city", List.of("İstanbul", "IZMIR", "Ankara").get(random.nextInt(3)));
        }
        if (random.nextBoolean()) {
            traits.put("income", 5_000 + random.nextInt(15_000));
        }
        if (random.nextBoolean()) {
            traits.put("birthday", START.minus(Duration.ofDays(9_000 + random.nextInt(6_000))).toString().substring(0, 10));
        }
        return traits;
    }

    private static HistoryEvent randomEvent(SplittableRandom random, String messageId, Instant at) {
        ObjectNode properties = MAPPER.createObjectNode();
        properties.put("category", List.of("Ayakkabı", "Çanta", "ayakkabi").get(random.nextInt(3)));
        properties.put("revenue", List.of(150, 1500, 12000, 799.9).get(random.nextInt(4)).toString());
        if (random.nextBoolean()) {
            properties.put("campaign", "bahar-2026");
        }
        String name = TestingRules.EVENTS.get(random.nextInt(TestingRules.EVENTS.size()));
        MessageType type = random.nextInt(5) == 0 ? MessageType.PAGE : MessageType.TRACK;
        return new HistoryEvent(messageId, type, type == MessageType.PAGE ? "Checkout" : name, List.of(Channel.WEB, Channel.MOBILE, Channel.CALL_CENTER)
                .get(random.nextInt(3)), "web", at, properties);
    }

    private static HistoryEvent track(String messageId, String name, Instant at) {
        return new HistoryEvent(messageId, MessageType.TRACK, name, Channel.WEB, "web", at, MAPPER.createObjectNode());
    }

    private static ObjectNode traits(String name, String value) {
        ObjectNode traits = MAPPER.createObjectNode();
        traits.put(name, value);
        return traits;
    }
}
