package io.tekil.core.identity;

import java.util.List;

/** How the partition of identifiers into profiles changed; consumers (segments, destinations) follow these. */
public sealed interface ProfileChange {
    /** {@code absorbed} no longer exists: its identifiers and events now belong to {@code survivor}. */
    record Merged(String survivor, String absorbed, long linkId) implements ProfileChange {}

    /**
     * The identifiers of {@code from} are now spread over {@code into} (which may or may not include {@code from}
     * itself), after link {@code linkId} was removed.
     */
    record Split(String from, List<String> into, long linkId) implements ProfileChange {
        public Split {
            into = List.copyOf(into);
        }
    }
}
