package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Why a profile is or is not in a rule's audience: the rule tree, each node with its value and the evidence that
 * decided it (the trait's value, the count and the events counted, the occurrence's time).
 *
 * @param rule the node in the text form
 * @param evidence what was found, in words; empty for and, or and not
 * @param eventIds the message ids of the events that decided the node (at most {@link #MAX_EVENTS}, newest first)
 */
public record Explanation(String rule, boolean value, String evidence, List<String> eventIds, List<Explanation> parts) {
    public static final int MAX_EVENTS = 20;

    public Explanation {
        requireNonNull(rule, "rule is null");
        requireNonNull(evidence, "evidence is null");
        eventIds = List.copyOf(eventIds);
        parts = List.copyOf(parts);
    }
}
