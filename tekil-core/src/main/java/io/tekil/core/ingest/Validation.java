package io.tekil.core.ingest;

import static java.util.Objects.requireNonNull;

import io.tekil.core.event.Event;

/** The outcome of validating one message: accepted as an event, or rejected with a reason. */
public sealed interface Validation {
    record Accepted(Event event) implements Validation {
        public Accepted {
            requireNonNull(event, "event is null");
        }
    }

    record Rejected(Rejection rejection) implements Validation {
        public Rejected {
            requireNonNull(rejection, "rejection is null");
        }
    }
}
