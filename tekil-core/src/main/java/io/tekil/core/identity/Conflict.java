package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

/** A link that did not merge, and why (such as {@code the profile would have 2 user_id identifiers; the limit is 1}). */
public record Conflict(Link link, String reason) {
    public Conflict {
        requireNonNull(link, "link is null");
        requireNonNull(reason, "reason is null");
    }
}
