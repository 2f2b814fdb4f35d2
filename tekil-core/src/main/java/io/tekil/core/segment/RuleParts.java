package io.tekil.core.segment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a rule depends on: the event filters it reads (occurrences and "after" anchors included) and the segments it reads. */
public final class RuleParts {
    private RuleParts() {}

    public static List<EventFilter> filters(Rule rule) {
        return windowedFilters(rule).stream().map(WindowedFilter::filter).distinct().toList();
    }

    /**
     * An event filter the rule reads, with the window its events are read through: {@link Window.Ever} for the
     * filters of occurrences ("first order") and of "after" anchors, whose events matter however old.
     */
    public record WindowedFilter(EventFilter filter, Window window) {}

    /**
     * The filters the rule reads through windows time slides over ("in the last 30 days", "more than 60 days
     * ago"), each with that window: an event tests' filter, and an occurrence's filter with the occurrence test's
     * window. A new event matching one may change when time alone next changes the rule.
     */
    public static List<WindowedFilter> slidingReads(Rule rule) {
        List<WindowedFilter> reads = new ArrayList<>();
        collectSliding(rule, reads);
        return List.copyOf(new LinkedHashSet<>(reads));
    }

    private static void collectSliding(Rule rule, List<WindowedFilter> reads) {
        switch (rule) {
            case Rule.All all -> all.rules().forEach(part -> collectSliding(part, reads));
            case Rule.Any any -> any.rules().forEach(part -> collectSliding(part, reads));
            case Rule.Not not -> collectSliding(not.rule(), reads);
            case Rule.EventTest test -> addSliding(test.filter(), test.window(), reads);
            case Rule.OccurrenceTest test -> addSliding(test.occurrence().filter(), test.window(), reads);
            case Rule.AttributeTest test -> {}
            case Rule.InSegment in -> {}
        }
    }

    private static void addSliding(EventFilter filter, Window window, List<WindowedFilter> reads) {
        if (window instanceof Window.Last || window instanceof Window.Before) {
            reads.add(new WindowedFilter(filter, window));
        }
    }

    /** Every event filter the rule reads, each with its window; a filter read through two windows appears twice. */
    public static List<WindowedFilter> windowedFilters(Rule rule) {
        List<WindowedFilter> filters = new ArrayList<>();
        collectFilters(rule, filters);
        return List.copyOf(new LinkedHashSet<>(filters));
    }

    /** The top-level names of the event properties the rule reads (in filters' conditions and in aggregates). */
    public static Set<String> properties(Rule rule) {
        Set<String> names = new LinkedHashSet<>();
        for (EventFilter filter : filters(rule)) {
            collectProperties(filter.where(), names);
        }
        collectAggregateProperties(rule, names);
        return names;
    }

    private static void collectProperties(Where where, Set<String> names) {
        switch (where) {
            case Where.All all -> all.conditions().forEach(condition -> collectProperties(condition, names));
            case Where.Any any -> any.conditions().forEach(condition -> collectProperties(condition, names));
            case Where.Not not -> collectProperties(not.condition(), names);
            case Where.FieldTest test -> {
                if (test.field() instanceof EventField.Property property) {
                    addPath(property.path(), names);
                }
            }
        }
    }

    private static void collectAggregateProperties(Rule rule, Set<String> names) {
        switch (rule) {
            case Rule.All all -> all.rules().forEach(part -> collectAggregateProperties(part, names));
            case Rule.Any any -> any.rules().forEach(part -> collectAggregateProperties(part, names));
            case Rule.Not not -> collectAggregateProperties(not.rule(), names);
            case Rule.EventTest test -> {
                switch (test.aggregate()) {
                    case Aggregate.Count count -> {}
                    case Aggregate.Sum sum -> addPath(sum.property(), names);
                    case Aggregate.Avg avg -> addPath(avg.property(), names);
                    case Aggregate.Min min -> addPath(min.property(), names);
                    case Aggregate.Max max -> addPath(max.property(), names);
                    case Aggregate.DistinctCount distinct -> addPath(distinct.property(), names);
                }
            }
            case Rule.OccurrenceTest test -> {}
            case Rule.AttributeTest test -> {}
            case Rule.InSegment in -> {}
        }
    }

    /** A path's whole name (a property may be named with dots) and its first part (the object it reads into). */
    private static void addPath(String path, Set<String> names) {
        names.add(path);
        int dot = path.indexOf('.');
        if (dot > 0) {
            names.add(path.substring(0, dot));
        }
    }

    /** The attributes the rule's tests read, in order of appearance. */
    public static List<Attribute> attributes(Rule rule) {
        List<Attribute> attributes = new ArrayList<>();
        collectAttributes(rule, attributes);
        return attributes;
    }

    private static void collectAttributes(Rule rule, List<Attribute> attributes) {
        switch (rule) {
            case Rule.All all -> all.rules().forEach(part -> collectAttributes(part, attributes));
            case Rule.Any any -> any.rules().forEach(part -> collectAttributes(part, attributes));
            case Rule.Not not -> collectAttributes(not.rule(), attributes);
            case Rule.AttributeTest test -> attributes.add(test.attribute());
            case Rule.EventTest test -> {}
            case Rule.OccurrenceTest test -> {}
            case Rule.InSegment in -> {}
        }
    }

    public static Set<String> segments(Rule rule) {
        Set<String> segments = new LinkedHashSet<>();
        collectSegments(rule, segments);
        return segments;
    }

    private static void collectFilters(Rule rule, List<WindowedFilter> filters) {
        switch (rule) {
            case Rule.All all -> all.rules().forEach(part -> collectFilters(part, filters));
            case Rule.Any any -> any.rules().forEach(part -> collectFilters(part, filters));
            case Rule.Not not -> collectFilters(not.rule(), filters);
            case Rule.EventTest test -> {
                filters.add(new WindowedFilter(test.filter(), test.window()));
                anchor(test.window(), filters);
            }
            case Rule.OccurrenceTest test -> {
                filters.add(new WindowedFilter(test.occurrence().filter(), new Window.Ever()));
                anchor(test.window(), filters);
            }
            case Rule.AttributeTest test -> {}
            case Rule.InSegment in -> {}
        }
    }

    private static void anchor(Window window, List<WindowedFilter> filters) {
        if (window instanceof Window.After after) {
            filters.add(new WindowedFilter(after.occurrence().filter(), new Window.Ever()));
        }
    }

    private static void collectSegments(Rule rule, Set<String> segments) {
        switch (rule) {
            case Rule.All all -> all.rules().forEach(part -> collectSegments(part, segments));
            case Rule.Any any -> any.rules().forEach(part -> collectSegments(part, segments));
            case Rule.Not not -> collectSegments(not.rule(), segments);
            case Rule.InSegment in -> segments.add(in.segment());
            case Rule.EventTest test -> {}
            case Rule.OccurrenceTest test -> {}
            case Rule.AttributeTest test -> {}
        }
    }
}
