package io.tekil.core.segment.live;

import io.tekil.core.event.MessageType;
import io.tekil.core.segment.Attribute;
import io.tekil.core.segment.EventFilter;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleParts;
import io.tekil.core.segment.TimeChanges;
import io.tekil.core.segment.Window;
import io.tekil.core.segment.Windows;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The maintainer's active segments and what their rules read: the rules in dependency order (a segment after the
 * segments it reads), the static segments, each rule segment's number, and indexes derived from the rules when
 * they change: the event filters by type and name (with the window each reads through), the segments reading
 * each segment, traits, computed attributes and sliding windows, and the event properties rules read.
 *
 * <p>Not thread-safe, except {@link #mayMatch}, {@link #active} and {@link #readsTraits}, which read volatile
 * summaries so the thread feeding events never waits for the maintainer's lock.
 */
final class SegmentRules {
    /** A segment's event filter, with the window it reads matching events through (how long they matter). */
    record SegmentFilter(String segment, EventFilter filter, Window window) {}

    private final ZoneId zone;
    private final Map<String, Rule> rules = new LinkedHashMap<>(); // dependency order: read segments first
    private final Set<String> fixed = new HashSet<>(); // static segments: members given, not computed
    /** Each rule segment's number, by which profiles keep their time-change moments ({@link Candidates}); freed numbers are reused. */
    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> numbered = new ArrayList<>(); // number -> segment id; null when free
    private final Map<String, List<RuleParts.WindowedFilter>> filtersOf = new HashMap<>();

    // derived from the rules, rebuilt when they change
    /** The filters by what they need of an event: "type name", "type" (any name), "" (any type). */
    private volatile Map<String, List<SegmentFilter>> filterIndex = Map.of();
    private volatile boolean active;
    private volatile boolean readsTraits;
    private Map<String, Set<String>> readersOf = Map.of(); // segment -> the segments that read it ("in segment")
    private Map<String, List<RuleParts.WindowedFilter>> slidingOf = Map.of(); // segment -> its reads through sliding windows
    private Set<String> traitReaders = Set.of(); // the segments that read traits (ages and anniversaries included)
    private Set<String> computedReaders = Set.of(); // the segments that read computed attributes
    private Set<String> properties = Set.of(); // the event properties some rule reads; held events keep only these

    SegmentRules(ZoneId zone) {
        this.zone = zone;
    }

    /** Whether an event of this type and name could matter to an active segment: a cheap test before its properties are read. */
    boolean mayMatch(MessageType type, String name) {
        Map<String, List<SegmentFilter>> index = filterIndex;
        return (name != null && index.containsKey(type.id() + " " + name)) || index.containsKey(type.id()) || index.containsKey("");
    }

    /** Whether any segment, dynamic or static, is active. */
    boolean active() {
        return active;
    }

    /** Whether some rule tests traits (or ages, anniversaries), so trait changes matter. */
    boolean readsTraits() {
        return readsTraits;
    }

    /** The rule segments in dependency order. */
    Map<String, Rule> rules() {
        return rules;
    }

    boolean isStatic(String id) {
        return fixed.contains(id);
    }

    int number(String id) {
        return numbers.get(id);
    }

    String segmentOf(int number) {
        return numbered.get(number);
    }

    /** The segments whose rules read {@code id} ("in segment"). */
    Set<String> readers(String id) {
        return readersOf.getOrDefault(id, Set.of());
    }

    Set<String> traitReaders() {
        return traitReaders;
    }

    Set<String> computedReaders() {
        return computedReaders;
    }

    /** The event properties some rule reads. */
    Set<String> properties() {
        return properties;
    }

    /**
     * Adds the rule segment or replaces its rule (a static segment of that id becomes dynamic).
     *
     * @throws IllegalArgumentException when the rule reads a segment that does not exist, or itself through
     *     others, or when {@value Candidates#MAX_SEGMENTS} segments are active
     */
    void putRule(String id, Rule rule) {
        Map<String, Rule> ordered = check(id, rule);
        if (!numbers.containsKey(id)) {
            int free = numbered.indexOf(null);
            if (free < 0) {
                free = numbered.size();
                numbered.add(null);
            }
            numbered.set(free, id);
            numbers.put(id, free);
        }
        fixed.remove(id);
        rules.clear();
        rules.putAll(ordered);
        filtersOf.put(id, RuleParts.windowedFilters(rule));
        derive();
    }

    /**
     * The rules in dependency order with {@code rule} as segment {@code id}, changing nothing.
     *
     * @throws IllegalArgumentException as {@link #putRule} would
     */
    Map<String, Rule> check(String id, Rule rule) {
        Map<String, Rule> ordered = ordered(id, rule);
        if (!numbers.containsKey(id) && numbered.indexOf(null) < 0 && numbered.size() == Candidates.MAX_SEGMENTS) {
            throw new IllegalArgumentException(String.format("segment '%s' cannot be added: at most %,d segments can be active", id, Candidates.MAX_SEGMENTS));
        }
        return ordered;
    }

    /** Makes {@code id} a static segment; the number its rule had, now free, or null when it had none. */
    Integer putStatic(String id) {
        Integer freed = dropRule(id);
        fixed.add(id);
        derive();
        return freed;
    }

    /**
     * Removes the segment; the number its rule had, now free, or null when it had none.
     *
     * @throws IllegalArgumentException when another segment reads it
     */
    Integer remove(String id) {
        if (!readers(id).isEmpty()) {
            throw new IllegalArgumentException(String.format("segment '%s' is read by another segment; change that one first", id));
        }
        Integer freed = dropRule(id);
        fixed.remove(id);
        derive();
        return freed;
    }

    private Integer dropRule(String id) {
        rules.remove(id);
        filtersOf.remove(id);
        Integer number = numbers.remove(id);
        if (number != null) {
            numbered.set(number, null);
        }
        return number;
    }

    /** The segments with a filter that {@code event} passes. */
    Set<String> segmentsReading(HistoryEvent event) {
        Set<String> reading = new HashSet<>();
        for (SegmentFilter candidate : filtersFor(event.type(), event.name())) {
            if (!reading.contains(candidate.segment()) && candidate.filter().matches(event, zone)) {
                reading.add(candidate.segment());
            }
        }
        return reading;
    }

    /**
     * When the event leaves the last window of an active segment that reads it (the latest {@link Windows#expiry}
     * over the filters it matches); null when one may read it however old it is; {@link Instant#MIN} when no
     * filter matches it any more (its segments were deleted).
     */
    Instant expiry(HistoryEvent event) {
        Instant latest = Instant.MIN;
        for (SegmentFilter candidate : filtersFor(event.type(), event.name())) {
            if (candidate.filter().matches(event, zone)) {
                Instant expiry = Windows.expiry(candidate.window(), event.timestamp(), zone);
                if (expiry == null) {
                    return null;
                }
                if (expiry.isAfter(latest)) {
                    latest = expiry;
                }
            }
        }
        return latest;
    }

    /** The first moment after {@code now} at which {@code event} leaves (or enters) a sliding window the segment reads it through; null when none. */
    Instant leaving(String segmentId, HistoryEvent event, Instant now) {
        Instant first = null;
        for (RuleParts.WindowedFilter read : slidingOf.getOrDefault(segmentId, List.of())) {
            if (read.filter().matches(event, zone)) {
                Instant crossing = TimeChanges.crossing(read.window(), event.timestamp(), now, zone);
                if (crossing != null && (first == null || crossing.isBefore(first))) {
                    first = crossing;
                }
            }
        }
        return first;
    }

    /** The filters an event of this type and name may pass. */
    private List<SegmentFilter> filtersFor(MessageType type, String name) {
        List<SegmentFilter> named = name == null ? List.of() : filterIndex.getOrDefault(type.id() + " " + name, List.of());
        List<SegmentFilter> typed = filterIndex.getOrDefault(type.id(), List.of());
        List<SegmentFilter> any = filterIndex.getOrDefault("", List.of());
        if (typed.isEmpty() && any.isEmpty()) {
            return named;
        }
        List<SegmentFilter> all = new ArrayList<>(named);
        all.addAll(typed);
        all.addAll(any);
        return all;
    }

    /** Rebuilds what is derived from the rules. */
    private void derive() {
        Map<String, Set<String>> readers = new HashMap<>();
        Map<String, List<RuleParts.WindowedFilter>> sliding = new HashMap<>();
        Set<String> traits = new HashSet<>();
        Set<String> computed = new HashSet<>();
        rules.forEach((id, rule) -> {
            RuleParts.segments(rule).forEach(read -> readers.computeIfAbsent(read, unused -> new HashSet<>()).add(id));
            List<RuleParts.WindowedFilter> reads = RuleParts.slidingReads(rule);
            if (!reads.isEmpty()) {
                sliding.put(id, reads);
            }
            for (Attribute attribute : RuleParts.attributes(rule)) {
                (attribute instanceof Attribute.Computed ? computed : traits).add(id);
            }
        });
        readersOf = readers;
        slidingOf = sliding;
        traitReaders = traits;
        computedReaders = computed;
        properties = rules.values().stream().flatMap(rule -> RuleParts.properties(rule).stream()).collect(Collectors.toUnmodifiableSet());
        Map<String, List<SegmentFilter>> index = new HashMap<>();
        filtersOf.forEach((segment, filters) -> filters.forEach(read -> {
            EventFilter filter = read.filter();
            index.computeIfAbsent(filter.type() == null ? "" : filter.name() == null ? filter.type().id() : filter.type().id() + " " + filter.name(),
                    unused -> new ArrayList<>()).add(new SegmentFilter(segment, filter, read.window()));
        }));
        filterIndex = index;
        readsTraits = !traits.isEmpty();
        active = !rules.isEmpty() || !fixed.isEmpty();
    }

    /** The segments with {@code id}'s new rule, each after the segments it reads. */
    private Map<String, Rule> ordered(String id, Rule rule) {
        Map<String, Rule> all = new LinkedHashMap<>(rules);
        all.put(id, rule);
        Set<String> staticIds = new HashSet<>(fixed);
        staticIds.remove(id);
        Map<String, Rule> ordered = new LinkedHashMap<>();
        Set<String> visiting = new HashSet<>();
        for (String segment : all.keySet()) {
            visit(segment, all, staticIds, ordered, visiting);
        }
        return ordered;
    }

    private static void visit(String id, Map<String, Rule> all, Set<String> staticIds, Map<String, Rule> ordered, Set<String> visiting) {
        if (ordered.containsKey(id) || staticIds.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new IllegalArgumentException(String.format("segment '%s' reads itself through 'in segment'; a segment cannot depend on itself", id));
        }
        for (String read : RuleParts.segments(all.get(id))) {
            if (!all.containsKey(read) && !staticIds.contains(read)) {
                throw new IllegalArgumentException(String.format("segment '%s' reads segment '%s', which does not exist", id, read));
            }
            visit(read, all, staticIds, ordered, visiting);
        }
        visiting.remove(id);
        ordered.put(id, all.get(id));
    }
}
