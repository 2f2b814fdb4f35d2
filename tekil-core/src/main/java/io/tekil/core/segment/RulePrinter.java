package io.tekil.core.segment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a rule in its text form, canonically: {@code RuleParser.parse(RulePrinter.print(rule))} equals
 * {@code rule}. Nested ands and ors are parenthesized so that the tree comes back as it was.
 */
public final class RulePrinter {
    private static final Pattern PLAIN_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{Nd}_.]*");

    private RulePrinter() {}

    public static String print(Rule rule) {
        return switch (rule) {
            case Rule.All all -> all.rules().stream().map(part -> part instanceof Rule.All || part instanceof Rule.Any ? "(" + print(part) + ")" : print(part))
                    .collect(Collectors.joining(" and "));
            case Rule.Any any -> any.rules().stream().map(part -> part instanceof Rule.Any ? "(" + print(part) + ")" : print(part))
                    .collect(Collectors.joining(" or "));
            case Rule.Not not -> "not " + (not.rule() instanceof Rule.All || not.rule() instanceof Rule.Any ? "(" + print(not.rule()) + ")" : print(not.rule()));
            case Rule.AttributeTest test -> attribute(test.attribute()) + " " + test(test.test());
            case Rule.EventTest test -> eventTest(test);
            case Rule.OccurrenceTest test -> occurrence(test.occurrence()) + " " + window(test.window(), true);
            case Rule.InSegment in -> "in segment " + text(in.segment());
        };
    }

    private static String eventTest(Rule.EventTest test) {
        String window = window(test.window(), false);
        String filterAndWindow = filter(test.filter()) + (window.isEmpty() ? "" : " " + window);
        if (test.isDid()) {
            return "did " + filterAndWindow;
        }
        String aggregate = switch (test.aggregate()) {
            case Aggregate.Count count -> "count";
            case Aggregate.Sum sum -> "sum(" + name(sum.property()) + ") of";
            case Aggregate.Avg avg -> "avg(" + name(avg.property()) + ") of";
            case Aggregate.Min min -> "min(" + name(min.property()) + ") of";
            case Aggregate.Max max -> "max(" + name(max.property()) + ") of";
            case Aggregate.DistinctCount distinct -> "distinct(" + name(distinct.property()) + ") of";
        };
        return aggregate + " " + filterAndWindow + " " + test(test.test());
    }

    private static String occurrence(Occurrence occurrence) {
        return occurrence.which().name().toLowerCase(Locale.ROOT) + " " + filter(occurrence.filter());
    }

    private static String filter(EventFilter filter) {
        String events;
        if (filter.type() == null) {
            events = "any event";
        } else if (filter.type() == io.tekil.core.event.MessageType.TRACK && filter.name() != null) {
            events = text(filter.name());
        } else {
            events = filter.type().id() + (filter.name() == null ? "" : " " + text(filter.name()));
        }
        return filter.where().equals(Where.ALWAYS) ? events : events + " where " + whereUnary(filter.where());
    }

    private static String whereUnary(Where where) {
        return switch (where) {
            case Where.All all -> "(" + where(all) + ")";
            case Where.Any any -> "(" + where(any) + ")";
            case Where.Not not -> "not " + whereUnary(not.condition());
            case Where.FieldTest test -> where(test);
        };
    }

    private static String where(Where where) {
        return switch (where) {
            case Where.All all -> {
                if (all.conditions().isEmpty()) {
                    throw new IllegalArgumentException("an empty condition has no text form inside another condition; leave it out");
                }
                yield all.conditions().stream().map(part -> part instanceof Where.All || part instanceof Where.Any ? whereUnary(part) : where(part))
                        .collect(Collectors.joining(" and "));
            }
            case Where.Any any -> any.conditions().stream().map(part -> part instanceof Where.Any ? whereUnary(part) : where(part))
                    .collect(Collectors.joining(" or "));
            case Where.Not not -> "not " + whereUnary(not.condition());
            case Where.FieldTest test -> field(test.field()) + " " + test(test.test());
        };
    }

    private static String field(EventField field) {
        return switch (field) {
            case EventField.Property property -> property.path().toLowerCase(Locale.ROOT).equals("event.channel") || property.path().toLowerCase(Locale.ROOT).equals("event.source")
                    ? quotedName(property.path()) : name(property.path());
            case EventField.ChannelField channel -> "event.channel";
            case EventField.SourceField source -> "event.source";
        };
    }

    /** @param explicit whether to write "ever", which is otherwise the default */
    private static String window(Window window, boolean explicit) {
        return switch (window) {
            case Window.Ever ever -> explicit ? "ever" : "";
            case Window.Last last -> "in last " + last.amount() + " " + last.unit().plural();
            case Window.Before before -> "more than " + before.amount() + " " + before.unit().plural() + " ago";
            case Window.This current -> current.period() == Window.Period.DAY ? "today" : "in this " + period(current.period());
            case Window.Previous previous -> previous.period() == Window.Period.DAY ? "yesterday" : "in last " + period(previous.period());
            case Window.Between between -> "between " + date(between.from()) + " and " + date(between.to());
            case Window.After after -> "after " + occurrence(after.occurrence());
        };
    }

    private static String period(Window.Period period) {
        return period.name().toLowerCase(Locale.ROOT);
    }

    private static String attribute(Attribute attribute) {
        return switch (attribute) {
            case Attribute.Trait trait -> name(trait.name());
            case Attribute.Computed computed -> "@" + name(computed.name());
            case Attribute.Age age -> "age(" + name(age.trait()) + ")";
            case Attribute.DaysToAnniversary days -> "days_to_anniversary(" + name(days.trait()) + ")";
        };
    }

    private static String test(Check test) {
        return switch (test) {
            case Check.Compare compare -> compare.operator().symbol() + " " + value(compare.value());
            case Check.Between between -> "between " + value(between.low()) + " and " + value(between.high());
            case Check.In in -> in.values().stream().map(RulePrinter::value).collect(Collectors.joining(", ", "in (", ")"));
            case Check.Contains contains -> "contains " + text(contains.text());
            case Check.StartsWith startsWith -> "starts with " + text(startsWith.text());
            case Check.Exists exists -> "exists";
            case Check.IsEmpty empty -> "is empty";
        };
    }

    static String value(Value value) {
        return switch (value) {
            case Value.Text text -> text(text.text());
            case Value.Number number -> number(number.number());
            case Value.Bool bool -> Boolean.toString(bool.value());
            case Value.Date date -> date(date.date());
        };
    }

    private static String number(BigDecimal number) {
        return number.toPlainString();
    }

    private static String date(java.time.LocalDate date) {
        if (date.getYear() < 0 || date.getYear() > 9999) {
            throw new IllegalArgumentException(String.format("the date %s has no text form; years run from 0000 to 9999", date));
        }
        return date.toString();
    }

    /** A name as written: plain when it can be, else in backquotes. */
    static String name(String name) {
        return PLAIN_NAME.matcher(name).matches() && name.chars().noneMatch(c -> Character.isSurrogate((char) c)) && !RuleParser.KEYWORDS.contains(name.toLowerCase(Locale.ROOT)) ? name : quotedName(name);
    }

    private static String quotedName(String name) {
        return "`" + escape(name, '`') + "`";
    }

    static String text(String text) {
        return "\"" + escape(text, '"') + "\"";
    }

    private static String escape(String text, char quote) {
        StringBuilder escaped = new StringBuilder(text.length() + 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c == '\n') {
                escaped.append("\\n");
            } else if (c == '\t') {
                escaped.append("\\t");
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

}
