package io.tekil.core.segment;

import static io.tekil.core.segment.TestingSubjects.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.tekil.core.event.Channel;
import io.tekil.core.event.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestRuleEvaluator {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    /** Sunday 15 March 2026, 10:00 in İstanbul. */
    private static final Instant NOW = ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, ISTANBUL).toInstant();
    private static final RuleEvaluator EVALUATOR = new RuleEvaluator(ISTANBUL);

    private static Instant daysAgo(double days) {
        return NOW.minus(Duration.ofMinutes(Math.round(days * 24 * 60)));
    }

    private static Instant at(int year, int month, int day, int hour) {
        return ZonedDateTime.of(year, month, day, hour, 0, 0, 0, ISTANBUL).toInstant();
    }

    private static void assertAudience(String rule, Map<TestingSubjects, Boolean> expected) {
        Rule parsed = RuleParser.parse(rule);
        expected.forEach((subject, member) -> {
            Subject built = subject.build();
            assertThat(EVALUATOR.matches(parsed, built, NOW)).as("%s for %s", rule, built.profileId()).isEqualTo(member);
        });
    }

    @Test
    void demographic() {
        String rule = "age(birthday) between 25 and 34 and country = \"TR\" and city in (\"İstanbul\", \"Ankara\", \"İzmir\") and income > 10000";
        assertAudience(rule, Map.of(
                profile("match").trait("birthday", "1995-05-20").trait("country", "tr").trait("city", "ISTANBUL").trait("income", 12000), true,
                profile("income as text, dotless i typed").trait("birthday", "1992-03-15").trait("country", "TR").trait("city", "izmır").trait("income", "10000.01"), true,
                profile("turns 25 tomorrow").trait("birthday", "2001-03-16").trait("country", "TR").trait("city", "Ankara").trait("income", 20000), false,
                profile("income not above").trait("birthday", "1995-05-20").trait("country", "TR").trait("city", "Ankara").trait("income", 10000), false,
                profile("no income").trait("birthday", "1995-05-20").trait("country", "TR").trait("city", "Ankara"), false,
                profile("other city").trait("birthday", "1995-05-20").trait("country", "TR").trait("city", "Bursa").trait("income", 50000), false,
                profile("birthday as a time stamp").trait("birthday", "1995-05-19T22:30:00Z").trait("country", "TR").trait("city", "Ankara").trait("income", 50000), true));
    }

    @Test
    void viewedACategoryButBoughtNothing() {
        String inWindow = "did \"Product Viewed\" where category = \"Ayakkabı\" in last 30 days and not did \"Order Completed\" in last 30 days";
        String ever = "did \"Product Viewed\" where category = \"Ayakkabı\" in last 30 days and not did \"Order Completed\"";
        TestingSubjects viewedOnly = profile("viewed only").track("Product Viewed", daysAgo(3), "category", "ayakkabı");
        TestingSubjects boughtLongAgo = profile("bought long ago").track("Product Viewed", daysAgo(3), "category", "Ayakkabı")
                .track("Order Completed", daysAgo(90), "revenue", 500);
        TestingSubjects boughtRecently = profile("bought recently").track("Product Viewed", daysAgo(3), "category", "Ayakkabı")
                .track("Order Completed", daysAgo(1), "revenue", 500);
        TestingSubjects otherCategory = profile("other category").track("Product Viewed", daysAgo(3), "category", "Çanta");
        TestingSubjects viewedLongAgo = profile("viewed long ago").track("Product Viewed", daysAgo(45), "category", "Ayakkabı");
        assertAudience(inWindow, Map.of(viewedOnly, true, boughtLongAgo, true, boughtRecently, false, otherCategory, false, viewedLongAgo, false));
        assertAudience(ever, Map.of(viewedOnly, true, boughtLongAgo, false, boughtRecently, false));
    }

    @Test
    void ordersAndExactlyOneMobilePageView() {
        String rule = "count \"Order Completed\" in last 6 months >= 3 and count page where event.channel = \"mobile\" = 1";
        TestingSubjects threeOrders = profile("three orders").track("Order Completed", daysAgo(10)).track("Order Completed", daysAgo(60))
                .track("Order Completed", daysAgo(170));
        assertAudience(rule, Map.of(
                profile("match").track("Order Completed", daysAgo(10)).track("Order Completed", daysAgo(60)).track("Order Completed", daysAgo(170))
                        .event(MessageType.PAGE, "Home", Channel.MOBILE, daysAgo(2)).event(MessageType.PAGE, "Home", Channel.WEB, daysAgo(2)), true,
                threeOrders, false,
                profile("two mobile views").track("Order Completed", daysAgo(10)).track("Order Completed", daysAgo(60)).track("Order Completed", daysAgo(170))
                        .event(MessageType.PAGE, "Home", Channel.MOBILE, daysAgo(2)).event(MessageType.PAGE, "Cart", Channel.MOBILE, daysAgo(1)), false,
                profile("third order too old").track("Order Completed", daysAgo(10)).track("Order Completed", daysAgo(60)).track("Order Completed", daysAgo(200))
                        .event(MessageType.PAGE, "Home", Channel.MOBILE, daysAgo(2)), false));
    }

    @Test
    void purchasesLastYearThenACallAndNoPurchaseAfterIt() {
        String rule = "count \"Order Completed\" in last year >= 3 and did \"Call Completed\" in this year and not did \"Order Completed\" after last \"Call Completed\"";
        TestingSubjects buyer = profile("buyer").track("Order Completed", at(2025, 2, 1, 12)).track("Order Completed", at(2025, 6, 1, 12))
                .track("Order Completed", at(2025, 12, 31, 23));
        assertAudience(rule, Map.of(
                profile("called, did not buy since").track("Order Completed", at(2025, 2, 1, 12)).track("Order Completed", at(2025, 6, 1, 12))
                        .track("Order Completed", at(2025, 12, 31, 23)).track("Order Completed", at(2026, 1, 10, 12)).track("Call Completed", at(2026, 2, 1, 12)), true,
                profile("bought after the call").track("Order Completed", at(2025, 2, 1, 12)).track("Order Completed", at(2025, 6, 1, 12))
                        .track("Order Completed", at(2025, 12, 31, 23)).track("Call Completed", at(2026, 2, 1, 12)).track("Order Completed", at(2026, 2, 2, 12)), false,
                profile("bought, called again").track("Order Completed", at(2025, 2, 1, 12)).track("Order Completed", at(2025, 6, 1, 12))
                        .track("Order Completed", at(2025, 12, 31, 23)).track("Call Completed", at(2026, 2, 1, 12)).track("Order Completed", at(2026, 2, 2, 12))
                        .track("Call Completed", at(2026, 3, 1, 12)), true,
                buyer, false,
                profile("called last year only").track("Order Completed", at(2025, 2, 1, 12)).track("Order Completed", at(2025, 6, 1, 12))
                        .track("Order Completed", at(2025, 12, 31, 23)).track("Call Completed", at(2025, 12, 31, 23)), false));
    }

    @Test
    void openedCampaignMailsButNeverClicked() {
        String rule = "did \"Email Opened\" where campaign exists in last 30 days and not did \"Email Clicked\"";
        assertAudience(rule, Map.of(
                profile("opened").track("Email Opened", daysAgo(5), "campaign", "bahar-2026"), true,
                profile("opened a mail without a campaign").track("Email Opened", daysAgo(5)), false,
                profile("clicked once, long ago").track("Email Opened", daysAgo(5), "campaign", "bahar-2026").track("Email Clicked", daysAgo(400)), false));
    }

    @Test
    void cartAbandonment() {
        String rule = "did \"Product Added\" in last 2 hours and not did \"Order Completed\" after last \"Product Added\"";
        assertAudience(rule, Map.of(
                profile("added an hour ago").track("Product Added", NOW.minusSeconds(3600)), true,
                profile("bought before adding again").track("Order Completed", NOW.minusSeconds(5000)).track("Product Added", NOW.minusSeconds(3600)), true,
                profile("bought since").track("Product Added", NOW.minusSeconds(3600)).track("Order Completed", NOW.minusSeconds(600)), false,
                profile("added three hours ago").track("Product Added", NOW.minusSeconds(3 * 3600)), false,
                profile("added exactly two hours ago").track("Product Added", NOW.minusSeconds(2 * 3600)), true));
    }

    @Test
    void birthdayWithinTheNextSevenDays() {
        String rule = "days_to_anniversary(birthday) between 0 and 7";
        assertAudience(rule, Map.of(
                profile("today").trait("birthday", "1990-03-15"), true,
                profile("in five days").trait("birthday", "1990-03-20"), true,
                profile("in seven days").trait("birthday", "1985-03-22"), true,
                profile("in eight days").trait("birthday", "1985-03-23"), false,
                profile("yesterday").trait("birthday", "1990-03-14"), false,
                profile("no birthday"), false,
                profile("not a date").trait("birthday", "geçen bahar"), false));
        // 29 February is celebrated on the 28th in other years
        Subject leap = profile("leap").trait("birthday", "2000-02-29").build();
        Instant feb25 = ZonedDateTime.of(2027, 2, 25, 9, 0, 0, 0, ISTANBUL).toInstant();
        assertThat(new RuleEvaluator(ISTANBUL).matches(RuleParser.parse("days_to_anniversary(birthday) = 3"), leap, feb25)).isTrue();
    }

    @Test
    void lifecycleStages() {
        String newCustomer = "first \"Order Completed\" in last 30 days";
        String active = "count \"Order Completed\" in last 3 months >= 2";
        String atRisk = "count \"Order Completed\" in last 12 months >= 3 and not did \"Order Completed\" in last 60 days";
        String lost = "count \"Order Completed\" more than 6 months ago >= 2 and not did \"Order Completed\" in last 6 months";
        String vip = "sum(revenue) of \"Order Completed\" in last 12 months > 20000 and avg(revenue) of \"Order Completed\" in last 12 months >= 1500";
        TestingSubjects first = profile("first order last week").track("Order Completed", daysAgo(7), "revenue", 800);
        TestingSubjects regular = profile("regular").track("Order Completed", daysAgo(20), "revenue", 2500).track("Order Completed", daysAgo(50), "revenue", 9000)
                .track("Order Completed", daysAgo(200), "revenue", 12000);
        TestingSubjects quiet = profile("quiet for 70 days").track("Order Completed", daysAgo(70), "revenue", 900).track("Order Completed", daysAgo(120), "revenue", "1100")
                .track("Order Completed", daysAgo(300), "revenue", 700);
        TestingSubjects gone = profile("gone").track("Order Completed", daysAgo(250), "revenue", 300).track("Order Completed", daysAgo(400), "revenue", 300);
        assertAudience(newCustomer, Map.of(first, true, regular, false, quiet, false, gone, false));
        assertAudience(active, Map.of(first, false, regular, true, quiet, false, gone, false));
        assertAudience(atRisk, Map.of(first, false, regular, false, quiet, true, gone, false));
        assertAudience(lost, Map.of(first, false, regular, false, quiet, false, gone, true));
        assertAudience(vip, Map.of(first, false, regular, true, quiet, false, gone, false));
    }

    @Test
    void otherSegmentsAndComputedAttributes() {
        String rule = "in segment \"vip\" and @rfm_score >= 400 and @persona = \"bargain hunter\"";
        assertAudience(rule, Map.of(
                profile("match").inSegment("vip").computed("rfm_score", 455).computed("persona", "Bargain Hunter"), true,
                profile("not in vip").computed("rfm_score", 455).computed("persona", "bargain hunter"), false,
                profile("no score yet").inSegment("vip").computed("persona", "bargain hunter"), false));
    }

    @Test
    void missingTraitsAndEmptyHistoriesHaveDefinedResults() {
        Subject empty = profile("empty").build();
        assertThat(EVALUATOR.matches(RuleParser.parse("city != \"Ankara\""), empty, NOW)).isFalse();
        assertThat(EVALUATOR.matches(RuleParser.parse("not city = \"Ankara\""), empty, NOW)).isTrue();
        assertThat(EVALUATOR.matches(RuleParser.parse("city is empty"), empty, NOW)).isTrue();
        assertThat(EVALUATOR.matches(RuleParser.parse("city exists"), empty, NOW)).isFalse();
        assertThat(EVALUATOR.matches(RuleParser.parse("count \"Order Completed\" = 0"), empty, NOW)).isTrue();
        assertThat(EVALUATOR.matches(RuleParser.parse("sum(revenue) of \"Order Completed\" = 0"), empty, NOW)).isTrue();
        assertThat(EVALUATOR.matches(RuleParser.parse("avg(revenue) of \"Order Completed\" is empty"), empty, NOW)).isTrue();
        assertThat(EVALUATOR.matches(RuleParser.parse("avg(revenue) of \"Order Completed\" < 1"), empty, NOW)).isFalse();
        assertThat(EVALUATOR.matches(RuleParser.parse("not did any event after last \"Call Completed\""), empty, NOW)).isTrue();
        Subject texts = profile("texts").trait("tags", java.util.List.of()).trait("note", "").trait("postcode", 34000).build();
        assertThat(EVALUATOR.matches(RuleParser.parse("tags is empty and tags exists and note is empty and note exists"), texts, NOW)).isTrue();
        assertThat(EVALUATOR.matches(RuleParser.parse("postcode = \"34000\""), texts, NOW)).as("a number is not a text").isFalse();
        assertThat(EVALUATOR.matches(RuleParser.parse("postcode = 34000.0"), texts, NOW)).isTrue();
    }

    @Test
    void dayAndMonthWindowsAreCalendarPeriodsInTheWorkspaceZone() {
        // last 30 days began at midnight İstanbul time, 13 February 2026 (21:00 UTC on the 12th)
        Instant start = at(2026, 2, 13, 0);
        Rule rule = RuleParser.parse("did \"Order Completed\" in last 30 days");
        assertThat(EVALUATOR.matches(rule, profile("a").track("Order Completed", start).build(), NOW)).isTrue();
        assertThat(EVALUATOR.matches(rule, profile("b").track("Order Completed", start.minusMillis(1)).build(), NOW)).isFalse();
        // 01:00 on the 13th in İstanbul is still the 12th in UTC, where the window starts three hours later
        Subject lateOnThe12thUtc = profile("c").track("Order Completed", start.plus(Duration.ofHours(1))).build();
        assertThat(EVALUATOR.matches(rule, lateOnThe12thUtc, NOW)).isTrue();
        assertThat(new RuleEvaluator(ZoneId.of("UTC")).matches(rule, lateOnThe12thUtc, NOW)).isFalse();
        // this month and last month
        assertThat(EVALUATOR.matches(RuleParser.parse("did \"Order Completed\" in this month"), profile("d").track("Order Completed", at(2026, 3, 1, 0)).build(), NOW)).isTrue();
        assertThat(EVALUATOR.matches(RuleParser.parse("did \"Order Completed\" in last month"), profile("e").track("Order Completed", at(2026, 3, 1, 0)).build(), NOW)).isFalse();
        assertThat(EVALUATOR.matches(RuleParser.parse("did \"Order Completed\" in last month"), profile("f").track("Order Completed", at(2026, 2, 28, 23)).build(), NOW)).isTrue();
        // last 6 months from 15 March: since 15 September, midnight
        assertThat(EVALUATOR.matches(RuleParser.parse("did \"Order Completed\" in last 6 months"), profile("g").track("Order Completed", at(2025, 9, 15, 0)).build(), NOW)).isTrue();
        assertThat(EVALUATOR.matches(RuleParser.parse("did \"Order Completed\" more than 6 months ago"), profile("h").track("Order Completed", at(2025, 9, 14, 23)).build(), NOW)).isTrue();
        assertThat(EVALUATOR.matches(RuleParser.parse("did \"Order Completed\" between 2026-03-01 and 2026-03-14"), profile("i").track("Order Completed", at(2026, 3, 14, 23)).build(), NOW)).isTrue();
        assertThat(EVALUATOR.matches(RuleParser.parse("did \"Order Completed\" between 2026-03-01 and 2026-03-14"), profile("j").track("Order Completed", at(2026, 3, 15, 0)).build(), NOW)).isFalse();
    }

    @Test
    void anExplanationShowsEachNodesValueAndEvidence() {
        Rule rule = RuleParser.parse("did \"Product Added\" in last 2 hours and not did \"Order Completed\" after last \"Product Added\" and city = \"İzmir\"");
        Subject cart = profile("cart").track("Product Added", NOW.minusSeconds(3600)).track("Product Added", NOW.minusSeconds(600)).trait("city", "izmir").build();
        Explanation explanation = EVALUATOR.explain(rule, cart, NOW);
        assertThat(explanation.value()).isTrue();
        assertThat(explanation.parts()).extracting(Explanation::rule).containsExactly(
                "did \"Product Added\" in last 2 hours", "not did \"Order Completed\" after last \"Product Added\"", "city = \"İzmir\"");
        assertThat(explanation.parts().get(0).evidence()).isEqualTo("2 of 2 matching events in the window");
        assertThat(explanation.parts().get(0).eventIds()).containsExactly("cart-1", "cart-0");
        assertThat(explanation.parts().get(1).parts().get(0).evidence()).isEqualTo("0 of 0 matching events in the window");
        assertThat(explanation.parts().get(2).evidence()).isEqualTo("city is \"izmir\"");
        assertThat(EVALUATOR.explain(RuleParser.parse("age(birthday) > 30"), profile("x").trait("birthday", "1990-05-01").build(), NOW).evidence())
                .isEqualTo("age 35 (birthday is \"1990-05-01\")");
    }
}
