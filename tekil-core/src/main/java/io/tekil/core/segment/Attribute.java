package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

/** What an {@link Rule.AttributeTest} reads from a profile. */
public sealed interface Attribute {

    /** A merged profile trait, such as {@code city}; a dotted name reads into an object ({@code address.city}). */
    record Trait(String name) implements Attribute {
        public Trait {
            requireName(name);
        }
    }

    /** An attribute computed from the profile (an RFM score, a persona), provided by the engine that computes it. */
    record Computed(String name) implements Attribute {
        public Computed {
            requireName(name);
        }
    }

    /** Full years since the date in a trait, today in the workspace time zone: {@code age(birthday)}. */
    record Age(String trait) implements Attribute {
        public Age {
            requireName(trait);
        }
    }

    /**
     * Days from today until the next anniversary of the date in a trait: 0 on the day itself, so "birthday within
     * the next 7 days" is {@code days_to_anniversary(birthday) between 0 and 7}. A 29 February falls on the 28th in
     * other years.
     */
    record DaysToAnniversary(String trait) implements Attribute {
        public DaysToAnniversary {
            requireName(trait);
        }
    }

    private static void requireName(String name) {
        requireNonNull(name, "name is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an attribute needs a name");
        }
    }
}
