package io.tekil.core.segment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The event and trait names a rule mentions, checked against the names seen in the data: a name never seen is
 * reported with the closest seen name ("did you mean 'Order Completed'?"). Unknown names are warnings, not errors:
 * a segment may well wait for events that have not happened yet.
 */
public final class RuleNames {
    private RuleNames() {}

    /** One name the data has never shown. */
    public record Unknown(String kind, String name, String suggestion) {
        public String message() {
            return suggestion == null
                    ? String.format("no %s named '%s' has been seen yet", kind, name)
                    : String.format("no %s named '%s' has been seen yet; did you mean '%s'?", kind, name, suggestion);
        }
    }

    public static List<Unknown> check(Rule rule, Collection<String> knownEvents, Collection<String> knownTraits) {
        Set<String> events = new LinkedHashSet<>();
        RuleParts.filters(rule).forEach(filter -> {
            if (filter.name() != null) {
                events.add(filter.name());
            }
        });
        Set<String> traits = new LinkedHashSet<>();
        for (Attribute attribute : RuleParts.attributes(rule)) {
            switch (attribute) {
                case Attribute.Trait trait -> traits.add(trait.name());
                case Attribute.Age age -> traits.add(age.trait());
                case Attribute.DaysToAnniversary days -> traits.add(days.trait());
                case Attribute.Computed computed -> {}
            }
        }
        List<Unknown> unknown = new ArrayList<>();
        for (String event : events) {
            if (!knownEvents.contains(event)) {
                unknown.add(new Unknown("event", event, closest(event, knownEvents)));
            }
        }
        for (String trait : traits) {
            String top = trait.contains(".") && !knownTraits.contains(trait) ? trait.substring(0, trait.indexOf('.')) : trait;
            if (!knownTraits.contains(top)) {
                unknown.add(new Unknown("trait", trait, closest(trait, knownTraits)));
            }
        }
        return unknown;
    }

    /** The known name nearest to {@code name} (edit distance over folded text), if near enough to be a typo. */
    static String closest(String name, Collection<String> known) {
        String folded = Values.fold(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(folded, Values.fold(candidate));
            if (distance < bestDistance || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
