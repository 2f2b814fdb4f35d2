package io.tekil.core.segment;

import static io.tekil.core.segment.TestingSubjects.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.Event;
import io.tekil.core.store.TestingHistories;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestTimeChanges {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static final Instant NOW = ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, ISTANBUL).toInstant();
    private static final RuleEvaluator EVALUATOR = new RuleEvaluator(ISTANBUL);

    @Test
    void aBuyerLeavesTheLast30DaysAtTheMidnightAfterTheOrdersThirtiethDay() {
        Rule rule = RuleParser.parse("did \"Order Completed\" in last 30 days");
        Subject buyer = profile("buyer").track("Order Completed", ZonedDateTime.of(2026, 3, 1, 18, 0, 0, 0, ISTANBUL).toInstant()).build();
        assertThat(TimeChanges.nextChange(EVALUATOR, rule, buyer, NOW)).isEqualTo(ZonedDateTime.of(2026, 4, 1, 0, 0, 0, 0, ISTANBUL).toInstant());
        Rule abandoned = RuleParser.parse("did \"Product Added\" in last 2 hours and not did \"Order Completed\" after last \"Product Added\"");
        Subject cart = profile("cart").track("Product Added", NOW.minusSeconds(1800)).build();
        assertThat(TimeChanges.nextChange(EVALUATOR, abandoned, cart, NOW)).isEqualTo(NOW.minusSeconds(1800).plus(Duration.ofHours(2)).plusNanos(1));
        assertThat(TimeChanges.nextChange(EVALUATOR, RuleParser.parse("city = \"İzmir\""), cart, NOW)).isNull();
        Subject birthday = profile("birthday").trait("birthday", "1990-03-20").build();
        assertThat(TimeChanges.nextChange(EVALUATOR, RuleParser.parse("days_to_anniversary(birthday) between 0 and 3"), birthday, NOW))
                .isEqualTo(ZonedDateTime.of(2026, 3, 17, 0, 0, 0, 0, ISTANBUL).toInstant());
    }

    /**
     * For random rules and histories: the value is the same at every moment before the computed change, differs at
     * it, and any moment where the value differs is at or after it.
     */
    @Test
    void theComputedChangeIsTheFirstMomentTheValueDiffers() {
        ObjectMapper mapper = new ObjectMapper();
        SplittableRandom random = new SplittableRandom(3);
        for (ZoneId zone : List.of(ISTANBUL, ZoneId.of("America/New_York"))) {
            RuleEvaluator evaluator = new RuleEvaluator(zone);
            TestingHistories.History history = new TestingHistories(5, NOW, zone).history(30, 20);
            Map<String, List<HistoryEvent>> byKey = new HashMap<>();
            for (Event event : history.events()) {
                byKey.computeIfAbsent(event.profileKey(), unused -> new java.util.ArrayList<>()).add(HistoryEvent.of(event, mapper));
            }
            List<Subject> subjects = history.profiles().stream().map(profile -> new Subject(profile.profileId(), profile.traits(), profile.computed(),
                    profile.segments(), profile.eventKeys().stream().flatMap(key -> byKey.getOrDefault(key, List.of()).stream()).toList())).toList();
            TestingRules rules = new TestingRules(9);
            int changing = 0;
            for (int i = 0; i < 70; i++) {
                Rule rule = rules.rule(2);
                for (Subject subject : subjects) {
                    boolean now = evaluator.matches(rule, subject, NOW);
                    Instant change = TimeChanges.nextChange(evaluator, rule, subject, NOW);
                    if (change != null) {
                        changing++;
                        assertThat(evaluator.matches(rule, subject, change)).as(RulePrinter.print(rule)).isNotEqualTo(now);
                        Instant before = NOW.plusMillis((long) (random.nextDouble() * Duration.between(NOW, change).toMillis()));
                        assertThat(before.isBefore(change) ? evaluator.matches(rule, subject, before) : now).as(RulePrinter.print(rule)).isEqualTo(now);
                    }
                    Instant probe = NOW.plus(Duration.ofMinutes((long) (random.nextDouble() * 800 * 24 * 60)));
                    if (evaluator.matches(rule, subject, probe) != now) {
                        assertThat(change).as("%s changes by %s for %s", RulePrinter.print(rule), probe, subject.profileId()).isNotNull();
                        assertThat(change).isBeforeOrEqualTo(probe);
                    }
                }
            }
            assertThat(changing).as("rules and profiles whose value changes with time").isGreaterThan(40);
        }
    }
}
