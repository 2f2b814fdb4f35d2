package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

/** A field of an event that a {@link Where} tests. */
public sealed interface EventField {

    /** A property the client sent, such as {@code category}; a dotted path reads into objects. */
    record Property(String path) implements EventField {
        public Property {
            requireNonNull(path, "path is null");
            if (path.isBlank()) {
                throw new IllegalArgumentException("a property needs a name");
            }
        }
    }

    /** The channel of the event's source ({@code web}, {@code mobile}, {@code store}, {@code call_center}...). */
    record ChannelField() implements EventField {}

    /** The name of the source the event came from. */
    record SourceField() implements EventField {}
}
