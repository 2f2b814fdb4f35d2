package io.tekil.core.identity.match;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Why two records match or not: each field's agreement level and its weight (log2 of how much likelier that
 * agreement is between records of one person than between records of two), their sum, and the probability of a
 * match that the sum and the prior give.
 */
public record Explanation(List<Evidence> fields, double weight, double probability) {
    public Explanation {
        fields = List.copyOf(fields);
    }

    /** One field's part: its level name ({@code missing} when a side has no value, weight 0). */
    public record Evidence(MatchField field, String level, double weight) {}

    /** {@code score 21.4, p 0.99990: first_name equal +6.1, birth_date equal +9.0, city missing 0, ...}. */
    public String describe() {
        return String.format(Locale.ROOT, "score %.1f, p %.5f: %s", weight, probability, fields.stream()
                .map(evidence -> String.format(Locale.ROOT, "%s %s %+.1f", evidence.field().id(), evidence.level(), evidence.weight()))
                .collect(Collectors.joining(", ")));
    }
}
