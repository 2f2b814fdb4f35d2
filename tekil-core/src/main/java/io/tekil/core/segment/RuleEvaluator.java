package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The in-memory evaluator: whether a profile is in a rule's audience at a moment. It reads the whole history and
 * is the reference every other engine (the SQL compiler, the real-time maintainer) must agree with.
 */
public final class RuleEvaluator {
    /** Averages are exact to 34 digits, then compared. */
    static final MathContext AVERAGE = MathContext.DECIMAL128;

    private final ZoneId zone;
    private final Ranges ranges;

    public RuleEvaluator(ZoneId zone) {
        this.zone = requireNonNull(zone, "zone is null");
        this.ranges = new Ranges(zone);
    }

    /**
     * The time ranges of windows that depend only on the moment (not on the profile's events), kept for the last
     * moment asked: the real-time maintainer evaluates a hundred segments, with the same few windows, at one
     * moment. Safe for concurrent use; a moment's ranges are computed again when another moment comes between.
     */
    private static final class Ranges {
        private record At(Instant now, java.util.Map<Window, TimeRange> ranges) {}

        private final ZoneId zone;
        private volatile At last = new At(Instant.MIN, java.util.Map.of());

        Ranges(ZoneId zone) {
            this.zone = zone;
        }

        TimeRange of(Window window, Instant now) {
            At at = last;
            if (!at.now().equals(now)) {
                at = new At(now, new java.util.concurrent.ConcurrentHashMap<>());
                last = at;
            }
            TimeRange range = at.ranges().get(window);
            if (range == null) {
                range = Windows.range(window, now, zone, occurrence -> {
                    throw new IllegalStateException("a window that reads an occurrence is not cached");
                });
                if (at.ranges().size() < 1_000) {
                    at.ranges().put(window, range);
                }
            }
            return range;
        }
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean matches(Rule rule, Subject subject, Instant now) {
        return matches(rule, subject, now, null);
    }

    /**
     * The same, reading events through {@code index} (built over {@code subject.events()}), so several rules
     * evaluated over one profile match each filter once; null makes one for this call.
     */
    public boolean matches(Rule rule, Subject subject, Instant now, EventIndex index) {
        return new Evaluation(subject, now, EventIndex.of(subject, index, zone)).matches(rule);
    }

    /** The rule tree with each node's value for this profile at {@code now}, and the evidence. */
    public Explanation explain(Rule rule, Subject subject, Instant now) {
        return new Evaluation(subject, now, new EventIndex(subject.events(), zone)).explain(rule);
    }

    /** One profile at one moment. */
    private final class Evaluation {
        private final Subject subject;
        private final Instant now;
        private final EventIndex index;
        private final Function<Occurrence, Instant> occurrences;

        Evaluation(Subject subject, Instant now, EventIndex index) {
            this.subject = subject;
            this.now = now;
            this.index = index;
            this.occurrences = this::occurrence;
        }

        boolean matches(Rule rule) {
            return switch (rule) {
                case Rule.All all -> allMatch(all.rules());
                case Rule.Any any -> anyMatch(any.rules());
                case Rule.Not not -> !matches(not.rule());
                case Rule.AttributeTest test -> attributeTest(test);
                case Rule.EventTest test -> Values.test(test.test(), test.aggregate() instanceof Aggregate.Count
                        ? Value.Number.of(count(test.filter(), test.window())) // most tests count: no list needed
                        : aggregate(test.aggregate(), events(test.filter(), test.window())), zone);
                case Rule.OccurrenceTest test -> {
                    Instant time = occurrence(test.occurrence());
                    yield time != null && range(test.window()).contains(time);
                }
                case Rule.InSegment in -> subject.segments().contains(in.segment());
            };
        }

        Explanation explain(Rule rule) {
            String text = RulePrinter.print(rule);
            return switch (rule) {
                case Rule.All all -> {
                    List<Explanation> parts = all.rules().stream().map(this::explain).toList();
                    yield new Explanation(text, parts.stream().allMatch(Explanation::value), "", List.of(), parts);
                }
                case Rule.Any any -> {
                    List<Explanation> parts = any.rules().stream().map(this::explain).toList();
                    yield new Explanation(text, parts.stream().anyMatch(Explanation::value), "", List.of(), parts);
                }
                case Rule.Not not -> {
                    Explanation part = explain(not.rule());
                    yield new Explanation(text, !part.value(), "", List.of(), List.of(part));
                }
                case Rule.AttributeTest test -> new Explanation(text, attributeTest(test), attributeEvidence(test.attribute()), List.of(), List.of());
                case Rule.EventTest test -> {
                    List<HistoryEvent> events = events(test.filter(), test.window());
                    Value value = aggregate(test.aggregate(), events);
                    String evidence = String.format("%s of %d matching event%s in the window", value == null ? "no value" : RulePrinter.value(value),
                            events.size(), events.size() == 1 ? "" : "s");
                    yield new Explanation(text, Values.test(test.test(), value, zone), evidence, newestIds(events), List.of());
                }
                case Rule.OccurrenceTest test -> {
                    Instant time = occurrence(test.occurrence());
                    String evidence = time == null ? "never happened" : test.occurrence().which().name().toLowerCase(java.util.Locale.ROOT) + " at " + time;
                    List<String> ids = time == null ? List.of() : subject.events().stream()
                            .filter(event -> event.timestamp().equals(time) && EventFilters.matches(test.occurrence().filter(), event, zone))
                            .map(HistoryEvent::messageId).limit(Explanation.MAX_EVENTS).toList();
                    yield new Explanation(text, matches(rule), evidence, ids, List.of());
                }
                case Rule.InSegment in -> new Explanation(text, matches(rule), subject.segments().contains(in.segment())
                        ? "in segment " + in.segment() : "not in segment " + in.segment(), List.of(), List.of());
            };
        }

        private List<String> newestIds(List<HistoryEvent> events) {
            return events.stream()
                    .sorted(java.util.Comparator.comparing(HistoryEvent::timestamp).reversed())
                    .map(HistoryEvent::messageId)
                    .limit(Explanation.MAX_EVENTS)
                    .toList();
        }

        private String attributeEvidence(Attribute attribute) {
            return switch (attribute) {
                case Attribute.Trait trait -> describe(trait.name(), subject.trait(trait.name()));
                case Attribute.Computed computed -> describe("@" + computed.name(), subject.computed(computed.name()));
                case Attribute.Age age -> {
                    Value years = age(subject.trait(age.trait()));
                    yield years == null ? describe(age.trait(), subject.trait(age.trait()))
                            : String.format("age %s (%s)", RulePrinter.value(years), describe(age.trait(), subject.trait(age.trait())));
                }
                case Attribute.DaysToAnniversary days -> {
                    Value count = daysToAnniversary(subject.trait(days.trait()));
                    yield count == null ? describe(days.trait(), subject.trait(days.trait()))
                            : String.format("%s days to the anniversary (%s)", RulePrinter.value(count), describe(days.trait(), subject.trait(days.trait())));
                }
            };
        }

        private static String describe(String name, JsonNode value) {
            return value == null || value.isMissingNode() ? name + " is missing" : name + " is " + value;
        }

        private boolean attributeTest(Rule.AttributeTest test) {
            return switch (test.attribute()) {
                case Attribute.Trait trait -> Values.test(test.test(), subject.trait(trait.name()), zone);
                case Attribute.Computed computed -> Values.test(test.test(), subject.computed(computed.name()), zone);
                case Attribute.Age age -> Values.test(test.test(), age(subject.trait(age.trait())), zone);
                case Attribute.DaysToAnniversary days -> Values.test(test.test(), daysToAnniversary(subject.trait(days.trait())), zone);
            };
        }

        private Value age(JsonNode trait) {
            LocalDate born = dateOf(trait);
            LocalDate today = LocalDate.ofInstant(now, zone);
            return born == null || born.isAfter(today) ? null : Value.Number.of(Period.between(born, today).getYears());
        }

        private Value daysToAnniversary(JsonNode trait) {
            LocalDate date = dateOf(trait);
            if (date == null) {
                return null;
            }
            LocalDate today = LocalDate.ofInstant(now, zone);
            MonthDay day = MonthDay.from(date);
            LocalDate next = day.atYear(today.getYear());
            if (next.isBefore(today)) {
                next = day.atYear(today.getYear() + 1);
            }
            return Value.Number.of(ChronoUnit.DAYS.between(today, next));
        }

        private LocalDate dateOf(JsonNode trait) {
            Value value = Values.of(trait);
            return value == null ? null : Values.date(value, zone);
        }

        private boolean allMatch(List<Rule> rules) {
            for (Rule rule : rules) {
                if (!matches(rule)) {
                    return false;
                }
            }
            return true;
        }

        private boolean anyMatch(List<Rule> rules) {
            for (Rule rule : rules) {
                if (matches(rule)) {
                    return true;
                }
            }
            return false;
        }

        private TimeRange range(Window window) {
            if (window instanceof Window.After) { // depends on this profile's events
                return Windows.range(window, now, zone, occurrences);
            }
            return ranges.of(window, now);
        }

        private List<HistoryEvent> events(EventFilter filter, Window window) {
            TimeRange range = range(window); // always, so a window that cannot be computed fails even on an empty history
            List<HistoryEvent> passing = new java.util.ArrayList<>();
            for (HistoryEvent event : index.matching(filter)) {
                if (range.contains(event.timestamp())) {
                    passing.add(event);
                }
            }
            return passing;
        }

        private int count(EventFilter filter, Window window) {
            TimeRange range = range(window);
            int count = 0;
            for (HistoryEvent event : index.matching(filter)) {
                if (range.contains(event.timestamp())) {
                    count++;
                }
            }
            return count;
        }

        private Instant occurrence(Occurrence occurrence) {
            return EventFilters.occurrence(occurrence.which(), index.matching(occurrence.filter()));
        }
    }

    /** The aggregate of {@code events}; null when it has no value (the average of nothing). */
    static Value aggregate(Aggregate aggregate, List<HistoryEvent> events) {
        return switch (aggregate) {
            case Aggregate.Count count -> Value.Number.of(events.size());
            case Aggregate.Sum sum -> new Value.Number(numbers(events, sum.property()).stream().reduce(BigDecimal.ZERO, BigDecimal::add));
            case Aggregate.Avg avg -> {
                List<BigDecimal> numbers = numbers(events, avg.property());
                yield numbers.isEmpty() ? null : new Value.Number(numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                        .divide(BigDecimal.valueOf(numbers.size()), AVERAGE));
            }
            case Aggregate.Min min -> numbers(events, min.property()).stream().min(BigDecimal::compareTo).map(Value.Number::new).orElse(null);
            case Aggregate.Max max -> numbers(events, max.property()).stream().max(BigDecimal::compareTo).map(Value.Number::new).orElse(null);
            case Aggregate.DistinctCount distinct -> {
                Set<Object> seen = new HashSet<>();
                for (HistoryEvent event : events) {
                    Value value = Values.of(event.property(distinct.property()));
                    if (value != null) {
                        seen.add(distinctKey(value));
                    }
                }
                yield Value.Number.of(seen.size());
            }
        };
    }

    /** What makes two property values one for a distinct count: folded text, a number's value, a boolean. */
    private static Object distinctKey(Value value) {
        return switch (value) {
            case Value.Text text -> "t:" + Values.fold(text.text());
            case Value.Number number -> number;
            case Value.Bool bool -> bool;
            case Value.Date date -> date;
        };
    }

    private static List<BigDecimal> numbers(List<HistoryEvent> events, String property) {
        List<BigDecimal> numbers = new java.util.ArrayList<>(events.size());
        for (HistoryEvent event : events) {
            Value value = Values.of(event.property(property));
            BigDecimal number = value == null ? null : Values.number(value);
            if (number != null) {
                numbers.add(number);
            }
        }
        return numbers;
    }
}
