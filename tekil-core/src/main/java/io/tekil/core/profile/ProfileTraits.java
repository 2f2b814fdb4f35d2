package io.tekil.core.profile;

import static java.util.Objects.requireNonNull;

import io.tekil.core.identity.Identifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * The traits each identifier has been given, and the traits of a profile made of identifiers.
 *
 * <p>Design. A trait is attributed to the identifier that speaks for its event (the event's primary identifier),
 * never to a profile: an identifier keeps, per trait name, the best value under the {@link TraitRules}. A
 * profile's traits are the best value per name over its identifiers, computed when read. Because "best" is a
 * total order, that is the same value whatever order the events came in, and merges and unmerges need no work
 * here: a split profile's parts show exactly the traits of their own identifiers. Offering a value twice changes
 * nothing, so replaying events after a restart is harmless.
 *
 * <p>Memory: one small array per identifier that has traits; names and sources are shared strings. Not
 * thread-safe: the identity resolver owns it.
 */
public final class ProfileTraits {
    private static final Trait[] NONE = new Trait[0];

    private final TraitRules rules;
    private final Map<Identifier, Trait[]> byIdentifier = new HashMap<>();
    private final Set<Identifier> unsaved = new LinkedHashSet<>();
    private final Map<String, String> shared = new HashMap<>();

    public ProfileTraits(TraitRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** Keeps {@code trait} for {@code owner} when it beats the value held; returns whether it did. */
    public boolean offer(Identifier owner, Trait trait) {
        Trait[] traits = byIdentifier.getOrDefault(owner, NONE);
        for (int i = 0; i < traits.length; i++) {
            if (traits[i].name().equals(trait.name())) {
                if (!rules.beats(trait, traits[i])) {
                    return false;
                }
                traits[i] = compact(trait);
                unsaved.add(owner);
                return true;
            }
        }
        Trait[] grown = Arrays.copyOf(traits, traits.length + 1);
        grown[traits.length] = compact(trait);
        byIdentifier.put(owner, grown);
        unsaved.add(owner);
        return true;
    }

    private Trait compact(Trait trait) {
        return new Trait(share(trait.name()), trait.value(), share(trait.source()), trait.channel(), trait.at());
    }

    private String share(String text) {
        String known = shared.putIfAbsent(text, text);
        return known == null ? text : known;
    }

    /** The traits held for one identifier, in the order first given. */
    public List<Trait> of(Identifier owner) {
        return List.of(byIdentifier.getOrDefault(owner, NONE));
    }

    /** A profile's traits: per name, the best value over its identifiers; by name. */
    public Map<String, Trait> merged(Collection<Identifier> identifiers) {
        Map<String, Trait> merged = new TreeMap<>();
        for (Identifier identifier : identifiers) {
            for (Trait trait : byIdentifier.getOrDefault(identifier, NONE)) {
                Trait current = merged.get(trait.name());
                if (rules.beats(trait, current)) {
                    merged.put(trait.name(), trait);
                }
            }
        }
        return merged;
    }

    /** Calls {@code visitor} with every identifier's own value of the trait {@code name} until it returns false. */
    public void forEachValueOf(String name, BiPredicate<Identifier, Trait> visitor) {
        for (Map.Entry<Identifier, Trait[]> entry : byIdentifier.entrySet()) {
            for (Trait trait : entry.getValue()) {
                if (trait.name().equals(name) && !visitor.test(entry.getKey(), trait)) {
                    return;
                }
            }
        }
    }

    /** The full trait lists of the identifiers changed since the last call, to be saved. */
    public Map<Identifier, List<Trait>> drainUnsaved() {
        Map<Identifier, List<Trait>> changed = new LinkedHashMap<>();
        for (Identifier identifier : unsaved) {
            changed.put(identifier, new ArrayList<>(List.of(byIdentifier.get(identifier))));
        }
        unsaved.clear();
        return changed;
    }

    public int identifiersWithTraits() {
        return byIdentifier.size();
    }

    public TraitRules rules() {
        return rules;
    }
}
