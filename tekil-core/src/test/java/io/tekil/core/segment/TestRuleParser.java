package io.tekil.core.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.MessageType;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestRuleParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyAudienceOfTheIssueParsesAndComesBackFromItsTextAndJson() {
        for (String text : TestingRules.AUDIENCES) {
            Rule rule = RuleParser.parse(text);
            assertThat(RuleParser.parse(RulePrinter.print(rule))).as(text).isEqualTo(rule);
            assertThat(RuleJson.read(RuleJson.write(rule))).as(text).isEqualTo(rule);
        }
    }

    @Test
    void theTextMeansWhatItSays() {
        assertThat(RuleParser.parse("did \"Product Added\" in last 2 hours and not did \"Order Completed\" after last \"Product Added\""))
                .isEqualTo(new Rule.All(List.of(
                        Rule.EventTest.did(EventFilter.track("Product Added"), new Window.Last(2, Window.Unit.HOURS)),
                        new Rule.Not(Rule.EventTest.did(EventFilter.track("Order Completed"),
                                new Window.After(new Occurrence(Occurrence.Which.LAST, EventFilter.track("Product Added"))))))));
        assertThat(RuleParser.parse("count page where event.channel = \"mobile\" = 1"))
                .isEqualTo(new Rule.EventTest(new Aggregate.Count(),
                        new EventFilter(MessageType.PAGE, null, new Where.FieldTest(new EventField.ChannelField(), new Check.Compare(Check.Operator.EQ, new Value.Text("mobile")))),
                        new Window.Ever(), new Check.Compare(Check.Operator.EQ, Value.Number.of(1))));
        // and binds tighter than or; not applies to one condition
        assertThat(RuleParser.parse("a = 1 or b = 2 and not c exists")).isEqualTo(new Rule.Any(List.of(
                trait("a", new Check.Compare(Check.Operator.EQ, Value.Number.of(1))),
                new Rule.All(List.of(trait("b", new Check.Compare(Check.Operator.EQ, Value.Number.of(2))), new Rule.Not(trait("c", new Check.Exists())))))));
        // keywords are case-insensitive; a trait named like a keyword is in backquotes; a trait may be called 'age'
        assertThat(RuleParser.parse("NOT `count` >= 2 AND age > 30 AND signup_date BETWEEN 2025-01-01 AND 2025-06-30"))
                .isEqualTo(new Rule.All(List.of(new Rule.Not(trait("count", new Check.Compare(Check.Operator.GE, Value.Number.of(2)))),
                        trait("age", new Check.Compare(Check.Operator.GT, Value.Number.of(30))),
                        trait("signup_date", new Check.Between(new Value.Date(LocalDate.of(2025, 1, 1)), new Value.Date(LocalDate.of(2025, 6, 30)))))));
        assertThat(RuleParser.parse("# VIPs\nvip = true\n  and `first name` starts with \"Ay\" # comment"))
                .isEqualTo(new Rule.All(List.of(trait("vip", new Check.Compare(Check.Operator.EQ, new Value.Bool(true))),
                        trait("first name", new Check.StartsWith("Ay")))));
        assertThat(RuleParser.parse("did \"Order Completed\" where (revenue > 1_000 or not category in (\"Ayakkabı\", \"Çanta\")) yesterday"))
                .isEqualTo(Rule.EventTest.did(EventFilter.track("Order Completed").where(new Where.Any(List.of(
                        new Where.FieldTest(new EventField.Property("revenue"), new Check.Compare(Check.Operator.GT, Value.Number.of(1000))),
                        new Where.Not(new Where.FieldTest(new EventField.Property("category"), new Check.In(List.of(new Value.Text("Ayakkabı"), new Value.Text("Çanta")))))))),
                        new Window.Previous(Window.Period.DAY)));
    }

    private static Rule trait(String name, Check test) {
        return new Rule.AttributeTest(new Attribute.Trait(name), test);
    }

    @Test
    void syntaxErrorsNameTheLineTheColumnWhatWasFoundAndWhatWasExpected() {
        assertError("city = \"İzmir\" and\n  did \"Order Completed\" in last 30 dayz", 2, 36, "found 'dayz', expected minutes, hours, days or months");
        assertError("city = İzmir", 1, 8, "found 'İzmir', expected a value: a text in quotes (\"İzmir\")");
        assertError("city = \"İzmir", 1, 8, "the text starting here has no closing \"");
        assertError("(city = \"a\"", 1, 12, "found the end of the rule, expected ')'");
        assertError("city \"a\"", 1, 6, "found the text \"a\", expected a test after the trait city");
        assertError("did", 1, 4, "found the end of the rule, expected an event: its name in quotes");
        assertError("first \"Order Completed\"", 1, 24, "expected when the first event should have happened");
        assertError("city = \"a\" city = \"b\"", 1, 12, "found 'city', expected 'and', 'or' or the end of the rule");
        assertError("did \"X\" in last 0 days", 1, 17, "a window of 0 units is empty");
        assertError("signup between 2025-02-30 and 2025-03-01", 1, 16, "'2025-02-30' is not a calendar date");
        assertError("x = 1 ; y = 2", 1, 7, "unexpected character ';'");
        assertError("(".repeat(100_000) + "x = 1" + ")".repeat(100_000), 1, 201, "the rule nests deeper than 200 levels");
        assertError("not ".repeat(100_000) + "x = 1", 1, 801, "the rule nests deeper than 200 levels");
        assertThat(RuleParser.parse("(".repeat(150) + "x = 1" + ")".repeat(150))).isEqualTo(RuleParser.parse("x = 1"));
    }

    @Test
    void typeErrorsSayWhichOperandIsWrong() {
        assertError("count \"Order Completed\" >= \"many\"", 1, 25, "the count is a number, but the test compares it with a text; compare it with a number");
        assertError("age(birthday) between 25 and \"34\"", 1, 30, "'between' needs two values of one kind, got a number and a text");
        assertError("age(birthday) = \"25\"", 1, 15, "age(birthday) is a number, but the test compares it with a text");
        assertError("sum(revenue) of \"Order Completed\" contains \"1\"", 1, 35, "the sum(revenue) is a number");
        assertError("did page where event.channel = 3", 1, 30, "event.channel is a text, but the test compares it with a number; put the value in quotes");
        assertError("vip > true", 1, 7, "'>' does not order true and false");
        assertError("revenue > 10000000000000000000000000000000", 1, 11, "numbers in rules have at most 28 digits before the point and 10 after it");
        assertError("revenue > 0.00000000001", 1, 11, "is out of range");
        assertError("did \"X\" between 2025-03-01 and 2025-02-01", 1, 32, "the window ends (2025-02-01) before it starts (2025-03-01)");
    }

    private static void assertError(String text, int line, int column, String message) {
        assertThatThrownBy(() -> RuleParser.parse(text))
                .as(text)
                .isInstanceOfSatisfying(RuleSyntaxException.class, e -> {
                    assertThat(e.getMessage()).contains(message);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                });
    }

    @Test
    void randomRulesComeBackFromTheirTextAndTheirJson() throws Exception {
        TestingRules rules = new TestingRules(20261122);
        for (int i = 0; i < 3_000; i++) {
            Rule rule = rules.rule(4);
            String text = RulePrinter.print(rule);
            try {
                assertThat(RuleParser.parse(text)).isEqualTo(rule);
                String json = MAPPER.writeValueAsString(RuleJson.write(rule));
                assertThat(RuleJson.read(MAPPER.readTree(json))).isEqualTo(rule);
            } catch (AssertionError | RuntimeException e) {
                fail("rule " + i + " did not come back: " + text, e);
            }
        }
    }

    /**
     * The parser's contract for any input: a rule or a {@link RuleSyntaxException}, nothing else. Inputs are
     * valid rules cut, spliced and mutated character by character, and soups of the language's own tokens.
     */
    @Test
    void anyInputParsesOrRaisesTheSyntaxError() {
        SplittableRandom random = new SplittableRandom(7);
        TestingRules rules = new TestingRules(11);
        String alphabet = "()\"'`@,=!<>-_.#\\ \n\t0123456789aİıIşğüöçzx;{}[]$";
        List<String> words = List.of("did", "count", "sum(", "of", "in", "last", "this", "year", "days", "not", "and", "or", "where", "between",
                "after", "first", "ever", "more", "than", "ago", "segment", "exists", "is", "empty", "starts", "with", "contains", "\"x\"", "2025-01-01",
                "12", "-3.5", "@", "(", ")", "`", "age(", "event.channel", "page", "any", "event", "true", ">=", "=", ",");
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            String input;
            if (i % 2 == 0) {
                StringBuilder text = new StringBuilder(RulePrinter.print(rules.rule(3)));
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits && !text.isEmpty(); e++) {
                    int at = random.nextInt(text.length());
                    switch (random.nextInt(4)) {
                        case 0 -> text.deleteCharAt(at);
                        case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        case 2 -> text.setLength(at);
                        default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                input = text.toString();
            } else {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(12);
                for (int w = 0; w < length; w++) {
                    text.append(words.get(random.nextInt(words.size()))).append(random.nextInt(5) == 0 ? "" : " ");
                }
                input = text.toString();
            }
            try {
                RuleParser.parse(input);
                parsed++;
            } catch (RuleSyntaxException expected) {
                assertThat(expected.line()).isPositive();
                assertThat(expected.column()).isPositive();
            } catch (RuntimeException e) {
                fail("input " + i + " raised " + e + " instead of a syntax error: " + input, e);
            }
        }
        assertThat(parsed).as("some mutated rules still parse").isGreaterThan(100);
    }

    @Test
    void malformedJsonNamesThePathOfTheBadNode() throws Exception {
        assertThatThrownBy(() -> RuleJson.read(MAPPER.readTree("{\"kind\":\"all\",\"rules\":[{\"kind\":\"in_segment\",\"segment\":\"vip\"},{\"kind\":\"attribute\","
                + "\"attribute\":{\"kind\":\"age\",\"trait\":\"birthday\"},\"test\":{\"kind\":\"compare\",\"operator\":\"=>\",\"value\":3}}]}")))
                .hasMessage("at $.rules[1].test.operator: '=>' is not an operator; use one of =, !=, <, <=, >, >=");
        assertThatThrownBy(() -> RuleJson.read(MAPPER.readTree("{\"kind\":\"event\",\"aggregate\":{\"kind\":\"count\"},\"filter\":{\"type\":\"track\",\"name\":\"X\"},"
                + "\"window\":{\"kind\":\"last\",\"amount\":30,\"unit\":\"days\"},\"test\":{\"kind\":\"compare\",\"operator\":\">\",\"value\":\"many\"}}")))
                .hasMessage("at $: the count is a number, but the test compares it with a text; compare it with a number");
        assertThatThrownBy(() -> RuleJson.read(MAPPER.readTree("{\"kind\":\"nope\"}")))
                .hasMessage("at $.kind: 'nope' is not one of all, any, not, attribute, event, occurrence, in_segment");
        assertThatThrownBy(() -> RuleJson.read(MAPPER.readTree("[1]")))
                .hasMessageStartingWith("at $: expected an object with a \"kind\"");
        String deep = "{\"kind\":\"not\",\"rule\":".repeat(500) + "{\"kind\":\"in_segment\",\"segment\":\"x\"}" + "}".repeat(500);
        assertThatThrownBy(() -> RuleJson.read(MAPPER.readTree(deep))).hasMessageContaining("the rule nests deeper than 200 levels");
        assertThatThrownBy(() -> RuleJson.read(MAPPER.readTree("{\"kind\":\"event\",\"aggregate\":{\"kind\":\"count\"},\"filter\":{\"type\":\"track\","
                + "\"where\":{\"kind\":\"not\",\"condition\":{\"kind\":\"all\",\"conditions\":[]}}},\"window\":{\"kind\":\"ever\"},"
                + "\"test\":{\"kind\":\"exists\"}}"))).hasMessageContaining("an empty \"all\" stands only for a whole filter's where");
        assertThatThrownBy(() -> RuleJson.read(MAPPER.readTree("{\"kind\":\"event\",\"aggregate\":{\"kind\":\"count\"},\"filter\":{\"type\":\"track\"},"
                + "\"window\":{\"kind\":\"between\",\"from\":\"2025-01-01\",\"to\":\"+999999999-12-31\"},\"test\":{\"kind\":\"exists\"}}")))
                .hasMessageContaining("is not a date; write YYYY-MM-DD (years 0000 to 9999)");
    }
}
