package io.tekil.core.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which value of a trait a profile shows when its identifiers and sources disagree: the latest by event time,
 * unless the trait has a source priority, in which case a value from a source listed earlier beats any value
 * from a source listed later or not listed, whatever their times (the CRM's birth date beats the web form's).
 * An entry names a source ({@code crm-export}) or a channel ({@code crm}, {@code store}).
 *
 * <p>The choice is a total order over values ({@link #betterFirst()}), so the value a profile shows does not
 * depend on the order events arrived in or on how its identifiers were merged, and an unmerge gives each part
 * exactly the value it would have had alone.
 */
public final class TraitRules {
    public static final TraitRules LATEST_WINS = new TraitRules(Map.of());

    private final Map<String, List<String>> priorities;
    private final Comparator<Trait> betterFirst;

    public TraitRules(Map<String, List<String>> priorities) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        priorities.forEach((trait, sources) -> copy.put(trait, sources.stream().map(source -> source.toLowerCase(Locale.ROOT)).toList()));
        this.priorities = Map.copyOf(copy);
        this.betterFirst = Comparator.comparingInt(this::rank)
                .thenComparing(Comparator.comparing(Trait::at).reversed())
                .thenComparing(Trait::source)
                .thenComparing(trait -> trait.value().toString());
    }

    /**
     * Parses {@code birthday=crm,store; gender=crm}: per trait, the sources or channels whose values win, strongest
     * first. Blank means latest wins everywhere.
     *
     * @throws IllegalArgumentException naming every malformed entry
     */
    public static TraitRules parse(String text) {
        Map<String, List<String>> priorities = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String trait = equals < 0 ? "" : entry.substring(0, equals).trim();
            List<String> sources = equals < 0 ? List.of()
                    : List.of(entry.substring(equals + 1).split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (trait.isEmpty() || sources.isEmpty()) {
                problems.add(String.format("'%s' is not of the form trait=source,source", entry.trim()));
            } else if (priorities.put(trait, sources) != null) {
                problems.add(String.format("trait '%s' is listed twice", trait));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems) + " (example: birthday=crm,store; gender=crm)");
        }
        return new TraitRules(priorities);
    }

    /** 0 for the first listed source or channel of the trait; the list's length for any other. */
    public int rank(Trait trait) {
        List<String> order = priorities.get(trait.name());
        if (order == null) {
            return 0;
        }
        for (int i = 0; i < order.size(); i++) {
            String entry = order.get(i);
            if (entry.equals(trait.source().toLowerCase(Locale.ROOT)) || entry.equals(trait.channel().id())) {
                return i;
            }
        }
        return order.size();
    }

    /** Whether {@code candidate} should replace {@code current} (null: nothing yet). */
    public boolean beats(Trait candidate, Trait current) {
        return current == null || betterFirst.compare(candidate, current) < 0;
    }

    /** Better first: higher source priority, then later, then by source and value, so that no two values tie. */
    public Comparator<Trait> betterFirst() {
        return betterFirst;
    }

    public Map<String, List<String>> priorities() {
        return priorities;
    }
}
