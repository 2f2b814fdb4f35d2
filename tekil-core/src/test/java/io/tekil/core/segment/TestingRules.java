package io.tekil.core.segment;

import io.tekil.core.event.MessageType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random rule trees over a small vocabulary, for property tests: every node kind, every test, every window, names
 * that need backquotes, texts with Turkish letters, quotes and line breaks.
 */
public final class TestingRules {
    public static final List<String> TRAITS = List.of("city", "country", "income", "birthday", "vip", "tags", "first name", "not", "address.city");
    public static final List<String> EVENTS = List.of("Order Completed", "Product Viewed", "Product Added", "Call Completed", "Email Opened");
    public static final List<String> PROPERTIES = List.of("category", "revenue", "price", "campaign", "in", "product.brand");
    private static final List<String> TEXTS = List.of("İstanbul", "istanbul", "IZMIR", "Ayakkabı", "ayakkabi", "", "a\"b", "back\\slash", "two\nlines", "TR", "mobile", "web");

    /** The audiences of the segment-language issue, as a marketer writes them. */
    public static final List<String> AUDIENCES = List.of(
            // 1. demographic
            "age(birthday) between 25 and 34 and country = \"TR\" and city in (\"İstanbul\", \"Ankara\", \"İzmir\") and income > 10000",
            // 2. viewed a category but bought nothing, in the window and ever
            "did \"Product Viewed\" where category = \"Ayakkabı\" in last 30 days and not did \"Order Completed\" in last 30 days",
            "did \"Product Viewed\" where category = \"Ayakkabı\" in last 30 days and not did \"Order Completed\"",
            // 3. orders and exactly one mobile page view
            "count \"Order Completed\" in last 6 months >= 3 and count page where event.channel = \"mobile\" = 1",
            // 4. many purchases last year, a call this year and no purchase after it
            "count \"Order Completed\" in last year >= 5 and did \"Call Completed\" in this year and not did \"Order Completed\" after last \"Call Completed\"",
            // 5. opened campaign e-mails, never clicked
            "did \"Email Opened\" where campaign exists in last 30 days and not did \"Email Clicked\"",
            // 6. cart abandonment
            "did \"Product Added\" in last 2 hours and not did \"Order Completed\" after last \"Product Added\"",
            // 7. birthday within the next 7 days
            "days_to_anniversary(birthday) between 0 and 7",
            // 8. lifecycle stages
            "first \"Order Completed\" in last 30 days",
            "count \"Order Completed\" in last 3 months >= 2",
            "count \"Order Completed\" in last 12 months >= 3 and not did \"Order Completed\" in last 60 days",
            "count \"Order Completed\" more than 6 months ago >= 2 and not did \"Order Completed\" in last 6 months",
            "sum(revenue) of \"Order Completed\" in last 12 months > 20000 and avg(revenue) of \"Order Completed\" in last 12 months >= 1500",
            // 9. another segment, computed attributes
            "in segment \"vip\" and @rfm_score >= 400 and @persona = \"bargain hunter\"");

    private final SplittableRandom random;

    public TestingRules(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public Rule rule(int depth) {
        int choice = random.nextInt(depth <= 0 ? 4 : 7);
        return switch (choice) {
            case 0 -> attributeTest();
            case 1 -> eventTest(depth);
            case 2 -> new Rule.OccurrenceTest(occurrence(depth), window(depth));
            case 3 -> random.nextInt(4) == 0 ? new Rule.InSegment(pick(List.of("vip", "new-customers", "segment with spaces"))) : attributeTest();
            case 4 -> new Rule.All(rules(depth - 1));
            case 5 -> new Rule.Any(rules(depth - 1));
            default -> new Rule.Not(rule(depth - 1));
        };
    }

    private List<Rule> rules(int depth) {
        List<Rule> rules = new ArrayList<>();
        int count = 2 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            rules.add(rule(depth));
        }
        return rules;
    }

    private Rule attributeTest() {
        return switch (random.nextInt(6)) {
            case 0 -> new Rule.AttributeTest(new Attribute.Age("birthday"), numericTest());
            case 1 -> new Rule.AttributeTest(new Attribute.DaysToAnniversary("birthday"), numericTest());
            case 2 -> new Rule.AttributeTest(new Attribute.Computed(pick(List.of("rfm_score", "persona"))), test());
            default -> new Rule.AttributeTest(new Attribute.Trait(pick(TRAITS)), test());
        };
    }

    private Rule eventTest(int depth) {
        EventFilter filter = filter(depth);
        Window window = window(depth);
        String property = pick(PROPERTIES);
        return switch (random.nextInt(7)) {
            case 0 -> new Rule.EventTest(new Aggregate.Count(), filter, window, numericTest());
            case 1 -> new Rule.EventTest(new Aggregate.Sum(property), filter, window, numericTest());
            case 2 -> new Rule.EventTest(new Aggregate.Avg(property), filter, window, numericTest());
            case 3 -> new Rule.EventTest(new Aggregate.Min(property), filter, window, numericTest());
            case 4 -> new Rule.EventTest(new Aggregate.Max(property), filter, window, numericTest());
            case 5 -> new Rule.EventTest(new Aggregate.DistinctCount(property), filter, window, numericTest());
            default -> Rule.EventTest.did(filter, window);
        };
    }

    private Occurrence occurrence(int depth) {
        return new Occurrence(random.nextBoolean() ? Occurrence.Which.FIRST : Occurrence.Which.LAST, filter(depth));
    }

    public EventFilter filter(int depth) {
        EventFilter filter = switch (random.nextInt(6)) {
            case 0 -> new EventFilter(MessageType.PAGE, random.nextBoolean() ? null : "Checkout", Where.ALWAYS);
            case 1 -> new EventFilter(null, null, Where.ALWAYS);
            case 2 -> new EventFilter(MessageType.TRACK, null, Where.ALWAYS);
            default -> EventFilter.track(pick(EVENTS));
        };
        return random.nextInt(3) == 0 ? filter : filter.where(where(Math.min(depth, 2)));
    }

    private Where where(int depth) {
        int choice = random.nextInt(depth <= 0 ? 1 : 4);
        return switch (choice) {
            case 0 -> fieldTest();
            case 1 -> new Where.All(List.of(where(depth - 1), where(depth - 1)));
            case 2 -> new Where.Any(List.of(where(depth - 1), where(depth - 1), where(depth - 1)));
            default -> new Where.Not(where(depth - 1));
        };
    }

    private Where fieldTest() {
        return switch (random.nextInt(5)) {
            case 0 -> new Where.FieldTest(new EventField.ChannelField(), random.nextBoolean()
                    ? new Check.Compare(Check.Operator.EQ, new Value.Text(pick(List.of("web", "mobile", "call_center"))))
                    : new Check.In(List.of(new Value.Text("web"), new Value.Text("store"))));
            case 1 -> new Where.FieldTest(new EventField.SourceField(), new Check.StartsWith(pick(List.of("web", "pos", ""))));
            default -> new Where.FieldTest(new EventField.Property(pick(PROPERTIES)), test());
        };
    }

    private Window window(int depth) {
        return switch (random.nextInt(8)) {
            case 0 -> new Window.Ever();
            case 1 -> new Window.Last(1 + random.nextInt(90), pick(List.of(Window.Unit.values())));
            case 2 -> new Window.Before(1 + random.nextInt(90), pick(List.of(Window.Unit.values())));
            case 3 -> new Window.This(pick(List.of(Window.Period.values())));
            case 4 -> new Window.Previous(pick(List.of(Window.Period.values())));
            case 5 -> {
                LocalDate from = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(700));
                yield new Window.Between(from, from.plusDays(random.nextInt(120)));
            }
            case 6 -> depth > 0 ? new Window.After(occurrence(0)) : new Window.Ever();
            default -> new Window.Last(30, Window.Unit.DAYS);
        };
    }

    public Check test() {
        return switch (random.nextInt(9)) {
            case 0 -> new Check.Compare(pick(List.of(Check.Operator.values())), value(false));
            case 1 -> new Check.Compare(random.nextBoolean() ? Check.Operator.EQ : Check.Operator.NE, new Value.Bool(random.nextBoolean()));
            case 2 -> {
                Value low = value(false);
                yield new Check.Between(low, sameKind(low));
            }
            case 3 -> new Check.In(List.of(value(false), value(false)));
            case 4 -> new Check.Contains(pick(TEXTS));
            case 5 -> new Check.StartsWith(pick(TEXTS));
            case 6 -> new Check.Exists();
            case 7 -> new Check.IsEmpty();
            default -> new Check.Compare(Check.Operator.EQ, value(false));
        };
    }

    public Check numericTest() {
        return switch (random.nextInt(5)) {
            case 0 -> new Check.Between(number(), number());
            case 1 -> new Check.In(List.of(number(), number()));
            case 2 -> random.nextBoolean() ? new Check.Exists() : new Check.IsEmpty();
            default -> new Check.Compare(pick(List.of(Check.Operator.values())), number());
        };
    }

    private Value value(boolean numbersOnly) {
        if (numbersOnly) {
            return number();
        }
        return switch (random.nextInt(4)) {
            case 0 -> new Value.Text(pick(TEXTS));
            case 1 -> number();
            case 2 -> new Value.Date(LocalDate.of(1950, 1, 1).plusDays(random.nextInt(30_000)));
            default -> new Value.Text(pick(TEXTS));
        };
    }

    private Value sameKind(Value value) {
        return switch (value) {
            case Value.Text text -> new Value.Text(pick(TEXTS));
            case Value.Number number -> number();
            case Value.Date date -> new Value.Date(date.date().plusDays(random.nextInt(400)));
            case Value.Bool bool -> bool;
        };
    }

    private Value.Number number() {
        return switch (random.nextInt(4)) {
            case 0 -> Value.Number.of(random.nextInt(5));
            case 1 -> new Value.Number(new BigDecimal(random.nextInt(200_000) - 1_000).movePointLeft(2));
            case 2 -> Value.Number.of(-random.nextInt(100));
            default -> Value.Number.of(random.nextInt(20_000));
        };
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
