package io.tekil.core.ingest;

import static java.util.Objects.requireNonNull;

import io.tekil.core.event.Event;
import io.tekil.core.identity.Identifier;
import io.tekil.core.profile.Trait;
import java.util.List;

/** The outcome of validating one message: accepted as an event, or rejected with a reason. */
public sealed interface Validation {
    /**
     * @param identifiers the event's normalized identifiers, which gave its profile key
     * @param traits the traits it states
     */
    record Accepted(Event event, List<Identifier> identifiers, List<Trait> traits) implements Validation {
        public Accepted {
            requireNonNull(event, "event is null");
            identifiers = List.copyOf(identifiers);
            traits = List.copyOf(traits);
        }

        public IdentifiedEvent identified() {
            return new IdentifiedEvent(event, identifiers, traits);
        }
    }

    record Rejected(Rejection rejection) implements Validation {
        public Rejected {
            requireNonNull(rejection, "rejection is null");
        }
    }
}
