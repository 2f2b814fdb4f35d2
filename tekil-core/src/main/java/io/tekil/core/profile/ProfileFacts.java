package io.tekil.core.profile;

import static java.util.Objects.requireNonNull;

import io.tekil.core.event.Channel;
import io.tekil.core.event.MessageType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a profile's events say about it, computed over every event attributed to it (so a merge or an unmerge
 * changes the facts with no rewrite).
 *
 * @param firstSeen the earliest event time; null when the profile has no events
 * @param lastSeen the latest event time; null when the profile has no events
 * @param eventsByType how many events of each message type; types without events are absent
 * @param channels the channels its events came from, in name order
 * @param sources the sources its events came from, in name order
 */
public record ProfileFacts(Instant firstSeen, Instant lastSeen, Map<MessageType, Long> eventsByType, Set<Channel> channels,
        Set<String> sources) {
    public static final ProfileFacts NONE = new ProfileFacts(null, null, Map.of(), Set.of(), Set.of());

    public ProfileFacts {
        eventsByType = Map.copyOf(eventsByType);
        channels = Set.copyOf(channels);
        sources = Set.copyOf(sources);
    }

    public long events() {
        return eventsByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Adds up facts as a store reads them, one group of events at a time. */
    public static final class Builder {
        private Instant firstSeen;
        private Instant lastSeen;
        private final Map<MessageType, Long> eventsByType = new EnumMap<>(MessageType.class);
        private final Set<Channel> channels = new TreeSet<>();
        private final Set<String> sources = new TreeSet<>();

        /** Counts {@code events} events of one type, channel and source that happened between {@code first} and {@code last}. */
        public Builder add(MessageType type, Channel channel, String source, long events, Instant first, Instant last) {
            requireNonNull(first, "first is null");
            requireNonNull(last, "last is null");
            eventsByType.merge(type, events, Long::sum);
            channels.add(channel);
            sources.add(source);
            firstSeen = firstSeen == null || first.isBefore(firstSeen) ? first : firstSeen;
            lastSeen = lastSeen == null || last.isAfter(lastSeen) ? last : lastSeen;
            return this;
        }

        public ProfileFacts build() {
            return new ProfileFacts(firstSeen, lastSeen, eventsByType, channels, sources);
        }
    }
}
