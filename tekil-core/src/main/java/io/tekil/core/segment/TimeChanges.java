package io.tekil.core.segment;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * When a rule's value can change with no new event. Only time moves a rule: a window's start passes an event
 * ("in last 30 days" lets go of an order at the midnight that ends its 30th day), a calendar period ends
 * ("this month"), a day ends (ages and anniversaries). Every such moment is a candidate; between two candidates the
 * value is constant, so the first candidate where the value differs is exactly when it changes.
 *
 * <p>Cost: one pass over the profile's events per candidate asked for. The real-time maintainer asks only for the
 * next candidate of each profile and re-evaluates then; {@link #nextChange} walks candidates for explanations.
 */
public final class TimeChanges {
    /** Walks at most this many candidates looking for a change, then gives up (returns null). */
    private static final int MAX_CANDIDATES = 10_000;

    private TimeChanges() {}

    /** The first moment after {@code now} at which the rule's value for this profile changes by time alone; null when it never does. */
    public static Instant nextChange(RuleEvaluator evaluator, Rule rule, Subject subject, Instant now) {
        boolean current = evaluator.matches(rule, subject, now);
        Instant at = now;
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            at = nextCandidate(rule, subject, at, evaluator.zone());
            if (at == null) {
                return null;
            }
            if (evaluator.matches(rule, subject, at) != current) {
                return at;
            }
        }
        return null;
    }

    /** The first moment after {@code now} at which the rule's value may change by time alone; null when none. */
    public static Instant nextCandidate(Rule rule, Subject subject, Instant now, ZoneId zone) {
        return nextCandidate(rule, EventIndex.of(subject, null, zone), now, zone);
    }

    /** The same, reading the profile's events through {@code index} (built over {@code subject.events()}). */
    public static Instant nextCandidate(Rule rule, Subject subject, Instant now, ZoneId zone, EventIndex index) {
        return nextCandidate(rule, EventIndex.of(subject, index, zone), now, zone);
    }

    private static Instant nextCandidate(Rule rule, EventIndex index, Instant now, ZoneId zone) {
        return switch (rule) {
            case Rule.All all -> earliest(all.rules(), index, now, zone);
            case Rule.Any any -> earliest(any.rules(), index, now, zone);
            case Rule.Not not -> nextCandidate(not.rule(), index, now, zone);
            case Rule.AttributeTest test -> switch (test.attribute()) {
                case Attribute.Age age -> nextMidnight(now, zone);
                case Attribute.DaysToAnniversary days -> nextMidnight(now, zone);
                case Attribute.Trait trait -> null;
                case Attribute.Computed computed -> null;
            };
            case Rule.EventTest test -> earlier(firstCrossing(test.window(), index.matching(test.filter()), now, zone), periodEnd(test.window(), now, zone));
            case Rule.OccurrenceTest test -> {
                Instant occurrence = EventFilters.occurrence(test.occurrence().which(), index.matching(test.occurrence().filter()));
                yield earlier(occurrence == null ? null : crossing(test.window(), occurrence, now, zone), periodEnd(test.window(), now, zone));
            }
            case Rule.InSegment in -> null;
        };
    }

    private static Instant earliest(List<Rule> rules, EventIndex index, Instant now, ZoneId zone) {
        Instant first = null;
        for (Rule rule : rules) {
            first = earlier(first, nextCandidate(rule, index, now, zone));
        }
        return first;
    }

    /**
     * The first moment after {@code now} at which a sliding window's start passes one of {@code events}. The
     * moment an event leaves grows with its time, and it is after {@code now} exactly for the events at or after
     * the window's start now, so it is the moment the oldest of those leaves: one calendar computation, not one
     * per event.
     */
    private static Instant firstCrossing(Window window, List<HistoryEvent> events, Instant now, ZoneId zone) {
        if (events.isEmpty()) {
            return null;
        }
        Instant start = switch (window) {
            case Window.Last last -> Windows.start(last.amount(), last.unit(), now, zone);
            case Window.Before before -> Windows.start(before.amount(), before.unit(), now, zone);
            case Window.Ever ever -> null;
            case Window.This current -> null;
            case Window.Previous previous -> null;
            case Window.Between between -> null;
            case Window.After after -> null;
        };
        if (start == null) {
            return null;
        }
        Instant oldest = null;
        for (HistoryEvent event : events) {
            Instant time = event.timestamp();
            if (!time.isBefore(start) && (oldest == null || time.isBefore(oldest))) {
                oldest = time;
            }
        }
        return oldest == null ? null : crossing(window, oldest, now, zone);
    }

    /**
     * When the start of a sliding window ("in the last 30 days", "more than 60 days ago") passes an event at
     * {@code time}, if after {@code now}; null for other windows, which time does not move through event by event.
     */
    public static Instant crossing(Window window, Instant time, Instant now, ZoneId zone) {
        Instant crossing = switch (window) {
            case Window.Last last -> leaves(time, last.amount(), last.unit(), zone);
            case Window.Before before -> leaves(time, before.amount(), before.unit(), zone);
            case Window.Ever ever -> null;
            case Window.This current -> null;
            case Window.Previous previous -> null;
            case Window.Between between -> null;
            case Window.After after -> null;
        };
        return crossing != null && crossing.isAfter(now) ? crossing : null;
    }

    /** The first moment at which the start of "the last {@code amount} units" is after {@code time}. */
    static Instant leaves(Instant time, int amount, Window.Unit unit, ZoneId zone) {
        return switch (unit) {
            case MINUTES -> time.plus(Duration.ofMinutes(amount)).plusNanos(1);
            case HOURS -> time.plus(Duration.ofHours(amount)).plusNanos(1);
            case DAYS -> Windows.midnight(LocalDate.ofInstant(time, zone).plusDays(amount + 1L), zone);
            case MONTHS -> {
                LocalDate day = LocalDate.ofInstant(time, zone);
                LocalDate leaving = day.plusMonths(amount);
                while (!leaving.minusMonths(amount).isAfter(day)) {
                    leaving = leaving.plusDays(1);
                }
                yield Windows.midnight(leaving, zone);
            }
        };
    }

    /** The end of the calendar period a "this" or "previous" window follows. */
    private static Instant periodEnd(Window window, Instant now, ZoneId zone) {
        Window.Period period = switch (window) {
            case Window.This current -> current.period();
            case Window.Previous previous -> previous.period();
            case Window.Ever ever -> null;
            case Window.Last last -> null;
            case Window.Before before -> null;
            case Window.Between between -> null;
            case Window.After after -> null;
        };
        if (period == null) {
            return null;
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate next = switch (period) {
            case DAY -> today.plusDays(1);
            case MONTH -> today.withDayOfMonth(1).plusMonths(1);
            case YEAR -> today.withDayOfYear(1).plusYears(1);
        };
        return Windows.midnight(next, zone);
    }

    private static Instant nextMidnight(Instant now, ZoneId zone) {
        return Windows.midnight(LocalDate.ofInstant(now, zone).plus(1, ChronoUnit.DAYS), zone);
    }

    private static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
