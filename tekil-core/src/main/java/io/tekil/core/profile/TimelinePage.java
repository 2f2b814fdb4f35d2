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
        List<TimelineEvent> ordered = events.stream()
                .filter(event -> after == null || after.precedes(event))
                .sorted(TimelineCursor.NEWEST_FIRST)
                .limit(limit + 1L)
                .toList();
        if (ordered.size() <= limit) {
            return new TimelinePage(ordered, null);
        }
        List<TimelineEvent> page = ordered.subList(0, limit);
        return new TimelinePage(page, TimelineCursor.after(page.getLast()));
    }
}
