package io.tekil.core.segment;

import io.tekil.core.event.MessageType;
import io.tekil.core.segment.RuleLexer.Kind;
import io.tekil.core.segment.RuleLexer.Token;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the text form of a rule (the grammar is in {@code docs/segments.md}). Keywords are case-insensitive;
 * a trait whose name is a keyword is written in backquotes. For any input it returns a rule or throws
 * {@link RuleSyntaxException} with the line and column, what it found and what it expected.
 */
public final class RuleParser {
    /** Words that start a rule, a window or a test, so a trait with one of these names needs backquotes. */
    static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "did", "count", "sum", "avg", "min", "max",
            "distinct", "first", "last", "of", "where", "ever", "today", "yesterday", "this", "more", "than", "ago",
            "between", "after", "segment", "contains", "starts", "with", "exists", "is", "empty", "true", "false",
            "age", "days_to_anniversary", "any", "event", "track", "page", "screen", "identify", "group", "alias");

    private static final List<String> EVENT_TYPES = List.of("track", "page", "screen", "identify", "group", "alias");

    /** Deeper nesting (parentheses and nots) is refused, so no input can exhaust the stack. */
    static final int MAX_DEPTH = 200;

    private final List<Token> tokens;
    private int next;
    private int depth;

    private RuleParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static Rule parse(String text) {
        RuleParser parser = new RuleParser(RuleLexer.tokens(text));
        Rule rule = parser.or();
        Token end = parser.peek();
        if (end.kind() != Kind.END) {
            throw parser.error(end, "'and', 'or' or the end of the rule");
        }
        return rule;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    private boolean acceptWord(String word) {
        if (peek().isWord(word)) {
            advance();
            return true;
        }
        return false;
    }

    private Token expectWord(String word) {
        if (!peek().isWord(word)) {
            throw error(peek(), "'" + word + "'");
        }
        return advance();
    }

    private Token expectSymbol(String symbol) {
        if (!peek().isSymbol(symbol)) {
            throw error(peek(), "'" + symbol + "'");
        }
        return advance();
    }

    private RuleSyntaxException error(Token found, String expected) {
        return new RuleSyntaxException(found.line(), found.column(), String.format("found %s, expected %s", found.describe(), expected));
    }

    private static RuleSyntaxException problem(Token at, String message) {
        return new RuleSyntaxException(at.line(), at.column(), message);
    }

    // rule := and ("or" and)*
    private Rule or() {
        List<Rule> rules = new ArrayList<>();
        rules.add(and());
        while (acceptWord("or")) {
            rules.add(and());
        }
        return rules.size() == 1 ? rules.getFirst() : new Rule.Any(rules);
    }

    private Rule and() {
        List<Rule> rules = new ArrayList<>();
        rules.add(unary());
        while (acceptWord("and")) {
            rules.add(unary());
        }
        return rules.size() == 1 ? rules.getFirst() : new Rule.All(rules);
    }

    private Rule unary() {
        if (peek().isWord("not") && !isTestStart(1)) {
            Token not = advance();
            enter(not);
            Rule rule = new Rule.Not(unary());
            depth--;
            return rule;
        }
        return primary();
    }

    private void enter(Token at) {
        if (++depth > MAX_DEPTH) {
            throw problem(at, String.format("the rule nests deeper than %d levels of parentheses and 'not'; simplify it", MAX_DEPTH));
        }
    }

    private Rule primary() {
        Token start = peek();
        if (start.isSymbol("(")) {
            enter(advance());
            Rule rule = or();
            expectSymbol(")");
            depth--;
            return rule;
        }
        if (start.kind() == Kind.WORD && !isTestStart(1)) {
            String word = start.text().toLowerCase(Locale.ROOT);
            switch (word) {
                case "in" -> {
                    advance();
                    expectWord("segment");
                    Token id = advance();
                    if (id.kind() != Kind.STRING || id.text().isBlank()) {
                        throw error(id, "the segment's id in quotes, as in: in segment \"vip\"");
                    }
                    return new Rule.InSegment(id.text());
                }
                case "did" -> {
                    advance();
                    EventFilter filter = filter();
                    return Rule.EventTest.did(filter, optionalWindowOrEver());
                }
                case "count" -> {
                    advance();
                    EventFilter filter = filter();
                    Window window = optionalWindowOrEver();
                    Token at = peek();
                    Check test = test("a test on the count, such as >= 3 or between 1 and 5");
                    return at(at, () -> new Rule.EventTest(new Aggregate.Count(), filter, window, test));
                }
                case "sum", "avg", "min", "max", "distinct" -> {
                    if (peek(1).isSymbol("(")) {
                        return propertyAggregate(word);
                    }
                }
                case "first", "last" -> {
                    advance();
                    Occurrence occurrence = new Occurrence(word.equals("first") ? Occurrence.Which.FIRST : Occurrence.Which.LAST, filter());
                    Window window = optionalWindow();
                    if (window == null) {
                        throw error(peek(), String.format("when the %s event should have happened, such as 'in last 30 days'", word));
                    }
                    return new Rule.OccurrenceTest(occurrence, window);
                }
                default -> {
                    // a trait test below
                }
            }
        }
        return attributeTest();
    }

    private Rule propertyAggregate(String word) {
        advance();
        expectSymbol("(");
        String property = name("the property to " + word + ", as in " + word + "(revenue)");
        expectSymbol(")");
        expectWord("of");
        EventFilter filter = filter();
        Window window = optionalWindowOrEver();
        Aggregate aggregate = switch (word) {
            case "sum" -> new Aggregate.Sum(property);
            case "avg" -> new Aggregate.Avg(property);
            case "min" -> new Aggregate.Min(property);
            case "max" -> new Aggregate.Max(property);
            default -> new Aggregate.DistinctCount(property);
        };
        Token at = peek();
        Check test = test(String.format("a test on the %s(%s), such as > 1000", word, property));
        return at(at, () -> new Rule.EventTest(aggregate, filter, window, test));
    }

    private Rule attributeTest() {
        Token start = peek();
        Attribute attribute;
        if (start.isSymbol("@")) {
            advance();
            attribute = new Attribute.Computed(name("a computed attribute's name after '@'"));
        } else if ((start.isWord("age") || start.isWord("days_to_anniversary")) && peek(1).isSymbol("(")) {
            advance();
            advance();
            String trait = name("the trait that holds the date, as in " + start.text() + "(birthday)");
            expectSymbol(")");
            attribute = start.isWord("age") ? new Attribute.Age(trait) : new Attribute.DaysToAnniversary(trait);
        } else if (start.kind() == Kind.QUOTED_NAME || (start.kind() == Kind.WORD && (!isKeyword(start) || isTestStart(1)))) {
            attribute = new Attribute.Trait(advance().text());
        } else {
            throw error(start, "a condition: a trait test (city = \"İzmir\"), did, count, sum(...), first, last, in segment, not, or '('");
        }
        Token at = peek();
        Check test = test("a test after " + describe(attribute) + ", such as = \"İzmir\", > 10, between 25 and 34, in (...), exists");
        Attribute tested = attribute;
        return at(at, () -> new Rule.AttributeTest(tested, test));
    }

    private static String describe(Attribute attribute) {
        return switch (attribute) {
            case Attribute.Trait trait -> "the trait " + trait.name();
            case Attribute.Computed computed -> "@" + computed.name();
            case Attribute.Age age -> "age(" + age.trait() + ")";
            case Attribute.DaysToAnniversary days -> "days_to_anniversary(" + days.trait() + ")";
        };
    }

    /** Builds a node, turning a broken invariant (a type error) into a syntax error at {@code at}. */
    private static <T> T at(Token at, java.util.function.Supplier<T> node) {
        try {
            return node.get();
        } catch (IllegalArgumentException e) {
            throw problem(at, e.getMessage());
        }
    }

    private String name(String expected) {
        Token token = advance();
        if (token.kind() == Kind.QUOTED_NAME || token.kind() == Kind.WORD) {
            return token.text();
        }
        throw error(token, expected);
    }

    private static boolean isKeyword(Token token) {
        return KEYWORDS.contains(token.text().toLowerCase(Locale.ROOT));
    }

    /** Whether a test starts {@code ahead} tokens on, so the word before it is a name and not a keyword. */
    private boolean isTestStart(int ahead) {
        Token token = peek(ahead);
        if (token.kind() == Kind.SYMBOL) {
            return Set.of("=", "!=", "<", "<=", ">", ">=").contains(token.text());
        }
        if (token.isWord("in")) {
            return peek(ahead + 1).isSymbol("(");
        }
        return token.isWord("between") || token.isWord("contains") || token.isWord("starts") || token.isWord("exists")
                || token.isWord("is");
    }

    private Check test(String expected) {
        Token start = peek();
        if (start.kind() == Kind.SYMBOL) {
            Check.Operator operator = switch (start.text()) {
                case "=" -> Check.Operator.EQ;
                case "!=" -> Check.Operator.NE;
                case "<" -> Check.Operator.LT;
                case "<=" -> Check.Operator.LE;
                case ">" -> Check.Operator.GT;
                case ">=" -> Check.Operator.GE;
                default -> throw error(start, expected);
            };
            advance();
            Token at = peek();
            Value value = value();
            return at(at, () -> new Check.Compare(operator, value));
        }
        if (start.isWord("between")) {
            advance();
            Value low = value();
            expectWord("and");
            Token at = peek();
            Value high = value();
            return at(at, () -> new Check.Between(low, high));
        }
        if (start.isWord("in") && peek(1).isSymbol("(")) {
            advance();
            advance();
            List<Value> values = new ArrayList<>();
            values.add(value());
            while (peek().isSymbol(",")) {
                advance();
                values.add(value());
            }
            expectSymbol(")");
            return new Check.In(values);
        }
        if (start.isWord("contains") || start.isWord("starts")) {
            advance();
            if (start.isWord("starts")) {
                expectWord("with");
            }
            Token text = advance();
            if (text.kind() != Kind.STRING) {
                throw error(text, "a text in quotes");
            }
            return start.isWord("contains") ? new Check.Contains(text.text()) : new Check.StartsWith(text.text());
        }
        if (start.isWord("exists")) {
            advance();
            return new Check.Exists();
        }
        if (start.isWord("is")) {
            advance();
            expectWord("empty");
            return new Check.IsEmpty();
        }
        throw error(start, expected);
    }

    private Value value() {
        Token token = advance();
        return switch (token.kind()) {
            case STRING -> new Value.Text(token.text());
            case NUMBER -> at(token, () -> Value.Number.literal(new BigDecimal(token.text())));
            case DATE -> new Value.Date(date(token));
            case WORD -> {
                if (token.isWord("true") || token.isWord("false")) {
                    yield new Value.Bool(token.isWord("true"));
                }
                throw problem(token, String.format("found '%s', expected a value: a text in quotes (\"%s\"), a number, a date (2025-01-31), true or false",
                        token.text(), token.text()));
            }
            case QUOTED_NAME, SYMBOL, END -> throw error(token, "a value: a text in quotes, a number, a date (2025-01-31), true or false");
        };
    }

    private static LocalDate date(Token token) {
        try {
            return LocalDate.parse(token.text());
        } catch (DateTimeException e) {
            throw problem(token, String.format("'%s' is not a calendar date", token.text()));
        }
    }

    // filter := (STRING | type [STRING] | "any" "event") ["where" condition]
    private EventFilter filter() {
        Token start = peek();
        EventFilter filter;
        if (start.kind() == Kind.STRING) {
            advance();
            filter = EventFilter.track(start.text());
        } else if (start.kind() == Kind.WORD && EVENT_TYPES.contains(start.text().toLowerCase(Locale.ROOT))) {
            advance();
            MessageType type = MessageType.fromId(start.text().toLowerCase(Locale.ROOT)).orElseThrow();
            String name = null;
            if (peek().kind() == Kind.STRING) {
                name = advance().text();
            }
            filter = new EventFilter(type, name, Where.ALWAYS);
        } else if (start.isWord("any")) {
            advance();
            expectWord("event");
            filter = new EventFilter(null, null, Where.ALWAYS);
        } else {
            throw error(start, "an event: its name in quotes (\"Order Completed\"), page, screen, identify, group, alias, track or 'any event'");
        }
        if (acceptWord("where")) {
            filter = filter.where(whereUnary());
        }
        return filter;
    }

    private Where whereOr() {
        List<Where> conditions = new ArrayList<>();
        conditions.add(whereAnd());
        while (acceptWord("or")) {
            conditions.add(whereAnd());
        }
        return conditions.size() == 1 ? conditions.getFirst() : new Where.Any(conditions);
    }

    private Where whereAnd() {
        List<Where> conditions = new ArrayList<>();
        conditions.add(whereUnary());
        while (acceptWord("and")) {
            conditions.add(whereUnary());
        }
        return conditions.size() == 1 ? conditions.getFirst() : new Where.All(conditions);
    }

    /** One condition; a compound one is in parentheses, so an 'and' after it belongs to the rule. */
    private Where whereUnary() {
        Token start = peek();
        if (start.isWord("not") && !isTestStart(1)) {
            enter(advance());
            Where condition = new Where.Not(whereUnary());
            depth--;
            return condition;
        }
        if (start.isSymbol("(")) {
            enter(advance());
            Where condition = whereOr();
            expectSymbol(")");
            depth--;
            return condition;
        }
        if (start.kind() != Kind.WORD && start.kind() != Kind.QUOTED_NAME) {
            throw error(start, "a condition on the event: a property test (category = \"Ayakkabı\"), event.channel, event.source, not, or '('");
        }
        advance();
        EventField field;
        if (start.kind() == Kind.WORD && start.text().toLowerCase(Locale.ROOT).equals("event.channel")) {
            field = new EventField.ChannelField();
        } else if (start.kind() == Kind.WORD && start.text().toLowerCase(Locale.ROOT).equals("event.source")) {
            field = new EventField.SourceField();
        } else {
            field = new EventField.Property(start.text());
        }
        Token at = peek();
        Check test = test("a test on " + start.text() + ", such as = \"Ayakkabı\", > 100, in (...), exists");
        return at(at, () -> new Where.FieldTest(field, test));
    }

    // window := ever | today | yesterday | in last N unit | in last (day|month|year) | in this (day|month|year)
    //         | more than N unit ago | between DATE and DATE | after (first|last) filter
    private Window optionalWindow() {
        Token start = peek();
        if (start.isWord("ever")) {
            advance();
            return new Window.Ever();
        }
        if (start.isWord("today")) {
            advance();
            return new Window.This(Window.Period.DAY);
        }
        if (start.isWord("yesterday")) {
            advance();
            return new Window.Previous(Window.Period.DAY);
        }
        if (start.isWord("in") && (peek(1).isWord("last") || peek(1).isWord("this"))) {
            advance();
            boolean last = advance().isWord("last");
            Token amount = peek();
            if (last && amount.kind() == Kind.NUMBER) {
                advance();
                int n = amount(amount);
                return new Window.Last(n, unit());
            }
            Window.Period period = period();
            return last ? new Window.Previous(period) : new Window.This(period);
        }
        if (start.isWord("more")) {
            advance();
            expectWord("than");
            Token amount = advance();
            if (amount.kind() != Kind.NUMBER) {
                throw error(amount, "a whole number, as in 'more than 60 days ago'");
            }
            int n = amount(amount);
            Window.Unit unit = unit();
            expectWord("ago");
            return new Window.Before(n, unit);
        }
        if (start.isWord("between") && peek(1).kind() == Kind.DATE) {
            advance();
            LocalDate from = date(advance());
            expectWord("and");
            Token to = advance();
            if (to.kind() != Kind.DATE) {
                throw error(to, "a date (2025-03-31)");
            }
            LocalDate until = date(to);
            return at(to, () -> new Window.Between(from, until));
        }
        if (start.isWord("after")) {
            advance();
            Token which = advance();
            if (!which.isWord("first") && !which.isWord("last")) {
                throw error(which, "'first' or 'last', as in: after last \"Call Completed\"");
            }
            return new Window.After(new Occurrence(which.isWord("first") ? Occurrence.Which.FIRST : Occurrence.Which.LAST, filter()));
        }
        return null;
    }

    private Window optionalWindowOrEver() {
        Window window = optionalWindow();
        return window == null ? new Window.Ever() : window;
    }

    private static int amount(Token token) {
        try {
            int amount = Integer.parseInt(token.text());
            if (amount < 1) {
                throw problem(token, String.format("a window of %s units is empty; use at least 1", token.text()));
            }
            return amount;
        } catch (NumberFormatException e) {
            throw problem(token, String.format("'%s' is not a whole number of at most %d", token.text(), Integer.MAX_VALUE));
        }
    }

    private Window.Unit unit() {
        Token token = advance();
        String word = token.kind() == Kind.WORD ? token.text().toLowerCase(Locale.ROOT) : "";
        return switch (word) {
            case "minute", "minutes" -> Window.Unit.MINUTES;
            case "hour", "hours" -> Window.Unit.HOURS;
            case "day", "days" -> Window.Unit.DAYS;
            case "month", "months" -> Window.Unit.MONTHS;
            default -> throw error(token, "minutes, hours, days or months");
        };
    }

    private Window.Period period() {
        Token token = advance();
        String word = token.kind() == Kind.WORD ? token.text().toLowerCase(Locale.ROOT) : "";
        return switch (word) {
            case "day" -> Window.Period.DAY;
            case "month" -> Window.Period.MONTH;
            case "year" -> Window.Period.YEAR;
            default -> throw error(token, "a number of units (in last 30 days) or day, month, year (in last year, in this month)");
        };
    }
}
