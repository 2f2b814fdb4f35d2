package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

/**
 * Where an identifier was seen for the first time: the event (or manual or probabilistic link) that brought it into
 * the identity graph. Shown with the profile's identifiers; the link log holds where each pair was seen together.
 */
public record FirstSeen(Identifier identifier, Provenance provenance) {
    public FirstSeen {
        requireNonNull(identifier, "identifier is null");
        requireNonNull(provenance, "provenance is null");
    }
}
