package io.tekil.core.ingest;

import static java.util.Objects.requireNonNull;

import io.tekil.core.event.Event;
import io.tekil.core.identity.Identifier;
import io.tekil.core.profile.Trait;
import java.util.List;

/**
 * An accepted event with what identity resolution needs from its message, found by the validator in the parsed
 * tree it already had, so that the resolver does not read the message a second time (on the one resolver thread that
 * cost more than the resolution itself).
 *
 * @param identifiers the event's distinct normalized identifiers, as {@link io.tekil.core.identity.IdentifierExtractor}
 *     finds them with the normalizer identity resolution uses; null when they were not looked for (an import, an event
 *     read back from storage): the resolver extracts them then
 * @param traits the traits the event states, as {@link io.tekil.core.profile.TraitExtractor} finds them; null exactly
 *     when {@code identifiers} is
 */
public record IdentifiedEvent(Event event, List<Identifier> identifiers, List<Trait> traits) {
    public IdentifiedEvent {
        requireNonNull(event, "event is null");
        if ((identifiers == null) != (traits == null)) {
            throw new IllegalArgumentException("identifiers and traits are found together, or neither");
        }
        identifiers = identifiers == null ? null : List.copyOf(identifiers);
        traits = traits == null ? null : List.copyOf(traits);
    }

    /** An event whose identifiers and traits the resolver has to read from its message. */
    public static IdentifiedEvent unextracted(Event event) {
        return new IdentifiedEvent(event, null, null);
    }
}
