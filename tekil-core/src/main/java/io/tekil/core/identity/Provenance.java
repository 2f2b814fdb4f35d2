package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where a link came from.
 *
 * @param source the source of the event (or the operator, for manual links and removals)
 * @param messageId the event that carried both identifiers, or null for manual links
 * @param rule {@code deterministic}, {@code probabilistic}, {@code manual}
 * @param at when it was observed
 */
public record Provenance(String source, String messageId, String rule, Instant at) {
    public Provenance {
        requireNonNull(source, "source is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(at, "at is null");
    }

    public static Provenance event(String source, String messageId, Instant at) {
        return new Provenance(source, messageId, "deterministic", at);
    }
}
