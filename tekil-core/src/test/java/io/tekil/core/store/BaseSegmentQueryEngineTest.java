package io.tekil.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tekil.core.segment.EventFilter;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleParser;
import io.tekil.core.segment.RuleParts;
import io.tekil.core.segment.RulePrinter;
import io.tekil.core.segment.SegmentProfile;
import io.tekil.core.segment.TestingRules;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link SegmentQueryEngine} passes: it selects exactly the profiles the reference evaluator
 * ({@link MemorySegmentQueryEngine} over the same stored events) selects, for the audiences Tekil is built for and
 * for random rules over random histories, in several time zones.
 */
public abstract class BaseSegmentQueryEngineTest {
    @TempDir
    protected Path directory;

    protected abstract Storage openStorage(Path directory);

    @Test
    public void everyAudienceSelectsWhatTheEvaluatorSelects() {
        ZoneId zone = ZoneId.of("Europe/Istanbul");
        Instant now = ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, zone).toInstant();
        try (Storage storage = openStorage(directory)) {
            TestingHistories.History history = new TestingHistories(1, now, zone).history(300, 40);
            storage.events().append(history.events(), List.of());
            storage.segments().loadProfiles(history.profiles());
            MemorySegmentQueryEngine reference = new MemorySegmentQueryEngine(storage.events());
            reference.loadProfiles(history.profiles());
            int selecting = 0;
            for (String text : TestingRules.AUDIENCES) {
                selecting += selectsLikeTheEvaluator(storage, reference, text, now, zone, history.profiles().size()) ? 1 : 0;
            }
            assertThat(selecting).as("audiences that select some profiles but not all").isGreaterThanOrEqualTo(TestingRules.AUDIENCES.size() * 2 / 3);
        }
    }

    /** Asserts the engine selects what the evaluator selects for the rule; whether it selects some profiles but not all. */
    private static boolean selectsLikeTheEvaluator(Storage storage, MemorySegmentQueryEngine reference, String text, Instant now, ZoneId zone, int profiles) {
        Rule rule = RuleParser.parse(text);
        Set<String> expected = reference.select(rule, now, zone);
        assertThat(storage.segments().select(rule, now, zone)).as(text).isEqualTo(expected);
        return !expected.isEmpty() && expected.size() < profiles;
    }

    @Test
    public void randomRulesOverRandomHistoriesSelectWhatTheEvaluatorSelects() {
        List<ZoneId> zones = List.of(ZoneId.of("Europe/Istanbul"), ZoneId.of("UTC"), ZoneId.of("America/New_York"));
        try (Storage storage = openStorage(directory)) {
            for (int round = 0; round < zones.size(); round++) {
                ZoneId zone = zones.get(round);
                // the second round's now is in a daylight-saving change's week in New York
                Instant now = ZonedDateTime.of(2026, 3, 9 + round * 2, 1 + round * 7, 30, 0, 0, zone).toInstant();
                TestingHistories.History history = new TestingHistories(100 + round, now, zone).history(120, 25);
                storage.events().append(history.events(), List.of());
                storage.segments().loadProfiles(history.profiles());
                MemorySegmentQueryEngine reference = new MemorySegmentQueryEngine(storage.events());
                reference.loadProfiles(history.profiles());
                TestingRules rules = new TestingRules(1_000 + round);
                int discriminating = 0;
                for (int i = 0; i < 120; i++) {
                    Rule rule = rules.rule(3);
                    Set<String> expected = reference.select(rule, now, zone);
                    Set<String> actual;
                    try {
                        actual = storage.segments().select(rule, now, zone);
                    } catch (RuntimeException e) {
                        fail(String.format("round %d rule %d failed: %s", round, i, RulePrinter.print(rule)), e);
                        return;
                    }
                    assertThat(actual).as("round %d rule %d in %s at %s: %s", round, i, zone, now, RulePrinter.print(rule)).isEqualTo(expected);
                    if (!expected.isEmpty() && expected.size() < history.profiles().size()) {
                        discriminating++;
                    }
                }
                assertThat(discriminating).as("rules that select some profiles but not all").isGreaterThan(40);
            }
        }
    }

    @Test
    public void updatedProfilesSelectAsIfTheWholeSetWereLoaded() {
        ZoneId zone = ZoneId.of("Europe/Istanbul");
        Instant now = ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, zone).toInstant();
        try (Storage storage = openStorage(directory)) {
            TestingHistories.History before = new TestingHistories(7, now, zone).history(200, 30);
            TestingHistories.History after = new TestingHistories(8, now, zone).history(200, 0); // other traits and memberships
            storage.events().append(before.events(), List.of());
            storage.segments().loadProfiles(before.profiles());
            // p0-p9 merged into p20-p29, p10-p19 replaced by p200-p209 with their keys (a split), p40-p79 with new traits and memberships
            List<SegmentProfile> changed = new java.util.ArrayList<>();
            java.util.Map<String, SegmentProfile> result = new java.util.LinkedHashMap<>();
            before.profiles().forEach(profile -> result.put(profile.profileId(), profile));
            List<String> removed = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                SegmentProfile absorbed = before.profiles().get(i);
                SegmentProfile survivor = before.profiles().get(20 + i);
                List<String> keys = new java.util.ArrayList<>(survivor.eventKeys());
                keys.addAll(absorbed.eventKeys());
                changed.add(new SegmentProfile(survivor.profileId(), keys, survivor.traits(), survivor.computed(), survivor.segments()));
                removed.add(absorbed.profileId());
                result.remove(absorbed.profileId());
            }
            for (int i = 40; i < 80; i++) {
                SegmentProfile other = after.profiles().get(i);
                changed.add(new SegmentProfile(before.profiles().get(i).profileId(), before.profiles().get(i).eventKeys(), other.traits(), other.computed(),
                        other.segments()));
            }
            for (int i = 10; i < 20; i++) {
                SegmentProfile old = before.profiles().get(i);
                changed.add(new SegmentProfile("p" + (190 + i), old.eventKeys(), after.profiles().get(i).traits(), after.profiles().get(i).computed(), Set.of("vip")));
                removed.add(old.profileId());
                result.remove(old.profileId());
            }
            changed.forEach(profile -> result.put(profile.profileId(), profile));
            storage.segments().updateProfiles(changed, removed);
            MemorySegmentQueryEngine reference = new MemorySegmentQueryEngine(storage.events());
            reference.loadProfiles(List.copyOf(result.values()));
            for (String text : TestingRules.AUDIENCES) {
                selectsLikeTheEvaluator(storage, reference, text, now, zone, result.size());
            }
            Rule everyone = RuleParser.parse("not did \"Nothing Ever Happens\"");
            assertThat(storage.segments().select(everyone, now, zone)).isEqualTo(result.keySet());
        }
    }

    @Test
    public void candidatesAreTheStoredEventsAFilterMayMatchByTypeAndName() {
        ZoneId zone = ZoneId.of("Europe/Istanbul");
        Instant now = ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, zone).toInstant();
        try (Storage storage = openStorage(directory)) {
            TestingHistories.History history = new TestingHistories(3, now, zone).history(100, 20);
            storage.events().append(history.events(), List.of());
            for (String text : TestingRules.AUDIENCES) {
                List<EventFilter> filters = RuleParts.filters(RuleParser.parse(text));
                Set<String> expected = new java.util.HashSet<>();
                history.events().stream().filter(event -> filters.stream().anyMatch(filter -> filter.mayMatch(event.type(), event.name())))
                        .forEach(event -> expected.add(event.messageId()));
                Set<String> actual = new java.util.HashSet<>();
                storage.segments().forEachCandidate(filters, event -> actual.add(event.messageId()));
                assertThat(actual).as(text).isEqualTo(expected);
            }
            List<String> none = new java.util.ArrayList<>();
            storage.segments().forEachCandidate(List.of(), event -> none.add(event.messageId()));
            assertThat(none).isEmpty();
        }
    }

    @Test
    public void testsOnPromotedPropertiesSelectWhatTheEvaluatorSelects() {
        ZoneId zone = ZoneId.of("Europe/Istanbul");
        Instant now = ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, zone).toInstant();
        try (Storage storage = openStorage(directory)) {
            TestingHistories.History history = new TestingHistories(11, now, zone).history(300, 30); // categories include 42, 1.5E10 and "42"
            storage.events().append(history.events(), List.of());
            storage.segments().loadProfiles(history.profiles());
            MemorySegmentQueryEngine reference = new MemorySegmentQueryEngine(storage.events());
            reference.loadProfiles(history.profiles());
            List<String> tests = List.of("= \"Ayakkabı\"", "= \"42\"", "= \"\"", "!= \"Ayakkabı\"", "< \"b\"", ">= \"4\"", "in (\"AYAKKABI\", \"çanta\")",
                    "in (\"Çanta\", \"42\")", "contains \"kab\"", "contains \"2\"", "contains \"e\"", "starts with \"ay\"", "starts with \"1.5\"",
                    "exists", "is empty", "between \"a\" and \"z\"", "= 42", "> 10");
            int selecting = 0;
            for (String property : List.of("category", "currency")) {
                for (String test : tests) {
                    for (String text : List.of("did \"Product Viewed\" where " + property + " " + test, "not did \"Order Completed\" where " + property + " " + test,
                            "count \"Product Added\" where not " + property + " " + test + " >= 1")) {
                        selecting += selectsLikeTheEvaluator(storage, reference, text, now, zone, history.profiles().size()) ? 1 : 0;
                    }
                }
            }
            // revenue read as a number (where the exact column may stand in for the JSON) and otherwise
            for (String text : List.of("sum(revenue) of \"Order Completed\" = 1500", "sum(revenue) of \"Order Completed\" > 1500",
                    "min(revenue) of \"Order Completed\" = -50", "max(revenue) of \"Product Viewed\" = 15000000000", "avg(revenue) of \"Order Completed\" >= 799.9",
                    "did \"Order Completed\" where revenue = 2500", "did \"Product Added\" where revenue between 7 and 7",
                    "did \"Product Viewed\" where revenue in (123456789012345678, 0)", "did \"Order Completed\" where revenue > 799.9 and revenue exists",
                    "did \"Order Completed\" where revenue contains \"2.5\"", "distinct(revenue) of \"Product Viewed\" >= 2", "did \"Product Viewed\" where revenue is empty")) {
                selecting += selectsLikeTheEvaluator(storage, reference, text, now, zone, history.profiles().size()) ? 1 : 0;
            }
            assertThat(selecting).as("rules that select some profiles but not all").isGreaterThan(65);
        }
    }
}
