package io.tekil.core.profile;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

/**
 * Where a page of a profile's timeline ended: the last event shown. The timeline is ordered newest first by
 * event time, then by receipt time, then by source and message id, so the order is total and a cursor never
 * skips or repeats an event, even when events arrive meanwhile (a late event older than the cursor shows up on
 * a later page; one newer than the first page does not).
 */
public record TimelineCursor(Instant timestamp, Instant receivedAt, String source, String messageId) {

    public TimelineCursor {
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(source, "source is null");
        requireNonNull(messageId, "messageId is null");
    }

    public static TimelineCursor after(TimelineEvent event) {
        return new TimelineCursor(event.timestamp(), event.receivedAt(), event.source(), event.messageId());
    }

    /** Newest first over positions (an event's place in the timeline); a total order. */
    public static final Comparator<TimelineCursor> POSITIONS_NEWEST_FIRST = Comparator.comparing(TimelineCursor::timestamp).reversed()
            .thenComparing(Comparator.comparing(TimelineCursor::receivedAt).reversed())
            .thenComparing(TimelineCursor::source)
            .thenComparing(TimelineCursor::messageId);

    /** The same order over events. */
    public static final Comparator<TimelineEvent> NEWEST_FIRST = Comparator.comparing(TimelineCursor::after, POSITIONS_NEWEST_FIRST);

    /** Whether {@code event} comes after this cursor in the timeline's order. */
    public boolean precedes(TimelineEvent event) {
        return precedes(after(event));
    }

    /** Whether the event at {@code position} comes after this cursor in the timeline's order. */
    public boolean precedes(TimelineCursor position) {
        return POSITIONS_NEWEST_FIRST.compare(this, position) < 0;
    }

    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** Outside the years any stored event has (and a store's microsecond arithmetic can take). */
    private static boolean outOfRange(Instant instant) {
        return instant.isBefore(EARLIEST) || instant.isAfter(LATEST);
    }

    /** An opaque URL-safe token. */
    public String encode() {
        String plain = timestamp + "\n" + receivedAt + "\n" + source + "\n" + messageId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when {@code token} did not come from {@link #encode} */
    public static TimelineCursor decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 4);
            if (parts.length != 4) {
                throw new IllegalArgumentException("wrong number of parts");
            }
            TimelineCursor cursor = new TimelineCursor(Instant.parse(parts[0]), Instant.parse(parts[1]), parts[2], parts[3]);
            if (outOfRange(cursor.timestamp) || outOfRange(cursor.receivedAt)) {
                throw new IllegalArgumentException("a time before year 0 or after 9999");
            }
            return cursor;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(String.format(
                    "'%s' is not a timeline cursor; pass the 'next' value of the previous page unchanged", token), e);
        }
    }
}
