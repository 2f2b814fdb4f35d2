package io.tekil.core.segment.live;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A profile entered or left a segment.
 *
 * @param at when the change happened: the moment the event, trait change or merge was applied, or the moment a
 *     window let go of an event
 * @param cause what caused it, in words ({@code event m-17}, {@code time}, {@code merged into p-2}, {@code segment created})
 */
public record MembershipChange(String segmentId, String profileId, Kind kind, Instant at, String cause) {
    public MembershipChange {
        requireNonNull(segmentId, "segmentId is null");
        requireNonNull(profileId, "profileId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(at, "at is null");
        requireNonNull(cause, "cause is null");
    }

    public enum Kind {
        ENTER,
        EXIT
    }
}
