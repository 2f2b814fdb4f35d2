package io.tekil.core.profile;

import java.util.List;

/**
 * One page of a profile's timeline, newest first.
 *
 * @param next where the following page starts; null on the last page
 */
public record TimelinePage(List<TimelineEvent> events, TimelineCursor next) {
    public TimelinePage {
        events = List.copyOf(events);
    }

    /**
     * The page of {@code events} (all of a profile's events, in any order) that follows {@code after} (null: the
     * newest), at most {@code limit} long. One place for the paging rules, shared by every store.
     */
    public static TimelinePage of(List<TimelineEvent> events, TimelineCursor after, int limit) {
        return of(events, after, limit, false);
    }

    /**
     * The same, from some of a profile's events: every one the page could show, and whether {@code moreBeyond}
     * them, events older than all of them follow in the timeline (a store that knows the events' places reads
     * only the page's).
     */
    public static TimelinePage of(List<TimelineEvent> events, TimelineCursor after, int limit, boolean moreBeyond) {
        List<TimelineEvent> ordered = events.stream()
                .filter(event -> after == null || after.precedes(event))
                .sorted(TimelineCursor.NEWEST_FIRST)
                .limit(limit + 1L)
                .toList();
        List<TimelineEvent> page = ordered.subList(0, Math.min(limit, ordered.size()));
        boolean more = ordered.size() > limit || moreBeyond && !page.isEmpty();
        return new TimelinePage(page, more ? TimelineCursor.after(page.getLast()) : null);
    }
}
