package io.tekil.core.ingest;

import static java.util.Objects.requireNonNull;

import io.tekil.core.event.Event;

/** The outcome of validating one message: accepted as an event, or rejected with a reason. */
public sealed interface Validation {
    /** @param identified the event with its identifiers (which gave its profile key) and the traits it states */
    record Accepted(IdentifiedEvent identified) implements Validation {
        public Accepted {
            requireNonNull(identified, "identified is null");
            requireNonNull(identified.identifiers(), "an accepted event's identifiers are always looked for");
        }

        public Event event() {
            return identified.event();
        }
    }

    record Rejected(Rejection rejection) implements Validation {
        public Rejected {
            requireNonNull(rejection, "rejection is null");
        }
    }
}
